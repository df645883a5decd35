package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's SCIM reference Postman collection ({@code PostmanCollection.json} of AzureAD/SCIMReferenceCode), the
 * "garbage-tolerant" client of docs/idp-behaviour.md, replayed over HTTP folder by folder with bodies of the same
 * shapes and the checks the collection makes. It sends {@code Content-Type: application/json} and expects 204 from
 * PATCH, which a server built with {@link Compatibility#patchNoContent()} answers; the two checks ScimLab answers
 * otherwise on purpose are the last test.
 */
class PostmanCollectionTest {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    final HttpFixture f = new HttpFixture(b -> b.compatibility(Compatibility.lenient().toBuilder()
            .patchNoContent(true).build()));

    @AfterEach
    void stop() {
        f.close();
    }

    /** A request as the collection sends it: {@code application/json}, no {@code Accept} preference of its own. */
    Res send(HttpFixture fixture, String method, String path, String singleQuotedJson) {
        HttpRequest.Builder b = fixture.request(path);
        if (singleQuotedJson == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(HttpFixture.q(singleQuotedJson)));
        }
        return fixture.send(b.build());
    }

    Res send(String method, String path, String singleQuotedJson) {
        return send(f, method, path, singleQuotedJson);
    }

    String create(String path, String body) {
        Res r = send("POST", path, body);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static String user(String userName, String displayName, String familyName, String workEmail) {
        return "{'userName':'" + userName + "','active':true,'displayName':'" + displayName + "',"
                + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'externalId':'" + userName + "-ext',"
                + "'name':{'formatted':'Ann " + familyName + "','familyName':'" + familyName + "','givenName':'Ann'},"
                + "'emails':[{'Primary':true,'type':'work','value':'" + workEmail + "'},"
                + "{'Primary':false,'type':'home','value':'home." + workEmail + "'}]}";
    }

    /** A "garbage" user: nulls inside complex values, meta with seven fractional digits, roles [], a fax. */
    static String garbageUser(String userName, String active, String familyName, String country) {
        return "{'userName':'" + userName + "','active':" + active + ",'addresses':[{'country':'" + country + "',"
                + "'formatted':'1 Main St\\nSpringfield','locality':'Springfield','postalCode':'12345',"
                + "'region':'Oregon','streetAddress':'1 Main St','type':'work','primary':false},"
                + "{'country':null,'formatted':'2 Side St','locality':null,'postalCode':null,'region':null,"
                + "'streetAddress':null,'type':'other','primary':false}],'displayName':'Garbage User',"
                + "'emails':[{'type':'work','primary':true,'value':'" + userName + "@example.com'},"
                + "{'type':'work','primary':false,'value':'" + userName + "@example.org'}],"
                + "'meta':{'created':'2019-09-18T18:15:26.5788954+00:00','lastModified':"
                + "'2019-09-18T18:15:26.5788976+00:00','resourceType':'User'},'name':{'formatted':'G U',"
                + "'familyName':'" + familyName + "','givenName':'G','honorificPrefix':null,'honorificSuffix':null},"
                + "'phoneNumbers':[{'type':'fax','primary':false,'value':'555-0100'},"
                + "{'type':'work','primary':true,'value':'555-0101'}],'preferredLanguage':'xh','roles':[],"
                + "'title':'Site engineer','externalId':'" + userName + "-ext',"
                + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']}";
    }

    static void assertNoContent(Res r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(204);
        assertThat(r.raw().body()).isEmpty();
        assertThat(r.header("ETag")).startsWith("W/");
    }

    static List<String> ids(Res list) {
        List<String> ids = new ArrayList<>();
        list.json().path("Resources").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    @Test
    void endpointTests() {
        assertThat(send("GET", "/Users", null).status()).isEqualTo(200);
        assertThat(send("GET", "/Groups", null).status()).isEqualTo(200);
        assertThat(send("GET", "/ResourceTypes", null).json().path("Resources").get(0).path("endpoint").asText())
                .isEqualTo("/Users");
        Res config = send("GET", "/serviceConfiguration", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("patch").path("supported").asBoolean()).isTrue();
        // The collection looks for RFC 7643 §8.7.1's description of the User schema.
        Res schemas = send("GET", "/Schemas", null);
        assertThat(schemas.status()).isEqualTo(200);
        assertThat(schemas.raw().body()).contains("User Account");
    }

    @Test
    void userTests() {
        String one = create("/Users", user("UserNameOne", "BobTheFirst", "Leenay", "one@example.com"));
        String two = create("/Users", "{'userName':'UserNameTwo','active':true,'displayName':'second',"
                + "'schemas':['" + ENTERPRISE + "','urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'name':{'familyName':'Ryan','givenName':'Andrew'},'emails':[{'Primary':true,'type':'work',"
                + "'value':'two@example.com'}],'" + ENTERPRISE + "':{'Department':'bob','Manager':{'Value':'Suzy'}}}");
        Res second = send("GET", "/Users/" + two, null);
        assertThat(second.json().path("id").asText()).isEqualTo(two);
        // Capitalised sub-attributes land under the schema's names.
        assertThat(second.json().path("emails").get(0).path("primary").asBoolean()).isTrue();
        assertThat(second.json().path(ENTERPRISE).path("department").asText()).isEqualTo("bob");
        assertThat(second.json().path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("Suzy");
        assertThat(send("GET", "/Users?attributes=userName,emails", null).raw().body()).contains(one);
        // A trailing slash before the query, a capitalised attribute name, '+' for the spaces.
        Res filtered = send("GET", "/Users/?filter=DisplayName+eq+%22BobTheFirst%22", null);
        assertThat(ids(filtered)).containsExactly(one);

        assertNoContent(send("PATCH", "/Users/" + one, patchOp("{'op':'replace','path':'userName','value':'ryan3'}")));
        assertThat(send("GET", "/Users/" + one, null).json().path("userName").asText()).isEqualTo("ryan3");

        Res replaced = send("PUT", "/Users/" + two, "{'userName':'UserNameReplace2','active':true,'id':'" + two
                + "','schemas':['" + ENTERPRISE + "','urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'name':{'formatted':'NewName','familyName':'Leenay','givenName':'Ryan'},"
                + "'emails':[{'Primary':true,'type':'work','value':'replaced@example.com'}]}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(send("GET", "/Users/" + two, null).json().path("name").path("formatted").asText())
                .isEqualTo("NewName");
        assertThat(send("DELETE", "/Users/" + one, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/Users/" + two, null).status()).isEqualTo(204);
    }

    @Test
    void groupTests() {
        String empty = create("/Groups", "{'externalId':'g1-ext','schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'displayName':'Group1DisplayName','members':[]}");
        String three = create("/Users", user("UserName333", "vp", "Ryan", "three@example.com"));
        String four = create("/Users", user("UserName444", "svp", "Ryan", "four@example.com"));
        String filled = create("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'displayName':'GroupDisplayName2','members':[{'value':'" + three + "','display':'VP'}]}");
        assertThat(send("GET", "/Groups", null).status()).isEqualTo(200);
        String third = create("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'displayName':'GroupDisplayName3','members':[]}");
        Res put = send("PUT", "/Groups/" + third, "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'id':'" + third + "','displayName':'putName','members':[{'value':'" + three + "','display':'VP'},"
                + "{'value':'" + four + "','display':'SVP'}]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(send("GET", "/Groups/" + third, null).json().path("members").size()).isEqualTo(2);

        // An operation carrying a "name" of its own, and members with displayName instead of display.
        String add = patchOp("{'name':'addMember','op':'add','path':'members','value':[{'displayName':'new User',"
                + "'value':'" + four + "'}]}");
        assertNoContent(send("PATCH", "/Groups/" + empty, add));
        assertNoContent(send("PATCH", "/Groups/" + empty, patchOp("{'op':'remove','path':'members[value eq \\'"
                + four + "\\']'}")));
        assertNoContent(send("PATCH", "/Groups/" + empty, add));
        Res withMember = send("GET", "/Groups/" + empty, null);
        assertThat(withMember.json().path("id").asText()).isEqualTo(empty);
        assertThat(withMember.json().path("members").get(0).path("value").asText()).isEqualTo(four);
        // "remove members" without a value empties the group.
        assertNoContent(send("PATCH", "/Groups/" + empty, patchOp("{'op':'remove','path':'members'}")));
        assertThat(send("GET", "/Groups/" + empty, null).json().has("members")).isFalse();

        for (String path : new String[] {"/Users/" + three, "/Users/" + four, "/Groups/" + empty,
            "/Groups/" + filled, "/Groups/" + third}) {
            assertThat(send("DELETE", path, null).status()).as(path).isEqualTo(204);
        }
    }

    @Test
    void complexAttributes() {
        String one = create("/Users", user("UserName111", "Bob", "Leenay", "emailName357"));
        create("/Users", user("UserName222", "Bob", "Leenay", "jump@bob.example.com"));
        // attributes naming a value filter selects the attribute (RFC 7644 §3.10 names attributes, not filters).
        for (String attributes : new String[] {"emails%5Btype+eq+%22work%22%5D",
            "emails%5Bvalue+eq+%22emailName357%22%5D"}) {
            Res r = send("GET", "/Users?attributes=" + attributes, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.raw().body()).contains("emailName357");
            JsonNode first = r.json().path("Resources").get(0);
            assertThat(first.has("emails")).isTrue();
            assertThat(first.has("userName")).isFalse();
        }
        assertThat(send("DELETE", "/Users/" + one, null).status()).isEqualTo(204);
    }

    @Test
    void userTestsWithGarbage() {
        Res omalley = send("POST", "/Users", garbageUser("OMalley", "true", "OMalley", "Bermuda"));
        assertThat(omalley.status()).as(omalley.raw().body()).isEqualTo(201);
        assertThat(omalley.json().path("userName").asText()).isEqualTo("OMalley");
        assertThat(omalley.json().path("active").asBoolean(false)).isTrue();
        String id = omalley.json().path("id").asText();
        // "active":"True" is stored as the boolean true.
        Res emp1 = send("POST", "/Users", garbageUser("emp1", "'True'", "Employee", "Bermuda"));
        assertThat(emp1.status()).isEqualTo(201);
        assertThat(emp1.json().path("active").isBoolean()).isTrue();
        assertThat(emp1.json().path("active").asBoolean()).isTrue();
        Res all = send("GET", "/Users", null);
        assertThat(all.json().path("totalResults").asInt()).isEqualTo(2);
        assertThat(all.raw().body()).contains("OMalley");
        create("/Users", garbageUser("emp2", "true", "Employee", "Bermuda"));
        create("/Users", garbageUser("emp3", "true", "Employee", "Bermuda"));
        Res duplicate = send("POST", "/Users", garbageUser("emp3", "true", "Employee", "Bermuda"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.raw().body()).contains("detail");

        // PUT without userName (misspelled) is 400; a misspelled attribute is ignored and the rest replaced.
        assertThat(send("PUT", "/Users/" + id, garbageUser("OMalley", "false", "OMalley", "Germany")
                .replace("'userName'", "'userame'")).status()).isEqualTo(400);
        Res misspelled = send("PUT", "/Users/" + id, garbageUser("OMalley", "false", "OMalley", "Germany")
                .replace("'addresses'", "'adreses'"));
        assertThat(misspelled.status()).isEqualTo(200);
        assertThat(misspelled.raw().body()).doesNotContainIgnoringCase("addresses").doesNotContain("adreses");
        create("/Users", garbageUser("enterprise", "true", "Employee", "Bermuda")
                .replace("'displayName'", "'" + ENTERPRISE + "':{'Department':'some department'},'displayName'"));

        assertNoContent(send("PATCH", "/Users/" + id, patchOp("{'op':'Replace','path':'userName',"
                + "'value':'newusername'}")));
        assertNoContent(send("PATCH", "/Users/" + id, patchOp("{'op':'Replace','path':'active','value':false}")));
        JsonNode patched = send("GET", "/Users/" + id, null).json();
        assertThat(patched.path("userName").asText()).isEqualTo("newusername");
        assertThat(patched.path("active").asBoolean(true)).isFalse();

        Res put = send("PUT", "/Users/" + id, garbageUser("OMalley", "false", "OMalley", "Germany"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("userName").asText()).isEqualTo("OMalley");
        assertThat(put.json().path("active").asBoolean(true)).isFalse();
        assertThat(put.raw().body()).contains("Germany");

        Res page = send("GET", "/Users?startIndex=1&count=2", null);
        assertThat(page.json().path("totalResults").asInt()).isEqualTo(5);
        assertThat(page.json().path("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(send("GET", "/Users?attributes=userName,emails", null).json().path("totalResults").asInt())
                .isEqualTo(5);
        // The collection's filters, unquoted values and capitalised names as it sends them.
        assertThat(send("GET", "/Users?filter=name.FamilyName%20eq%20Employee%20and%20(emails.Value%20co%20"
                + "example.com%20or%20emails.Value%20co%20example.org)", null).json().path("totalResults").asInt())
                .isEqualTo(4);
        assertThat(send("GET", "/Users?filter=userName%20sw%20O", null).json().path("totalResults").asInt())
                .isEqualTo(1);
        assertThat(send("GET", "/Users?filter=meta.Created%20gt%202015-10-10T14:38:21.8617979-07:00", null)
                .json().path("totalResults").asInt()).isEqualTo(5);
    }

    @Test
    void groupTestsWithGarbage() {
        String member = create("/Users", user("member1", "m", "Member", "member1@example.com"));
        String group = create("/Groups", "{'displayName':'Group 1','externalId':'015489ea',"
                + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group']}");
        // The PatchOp carries the group's id; the member is a bare string.
        assertNoContent(send("PATCH", "/Groups/" + group, "{'id':'" + group + "','Operations':[{'op':'add',"
                + "'path':'members','value':'" + member + "'}],"
                + "'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp']}"));
        Res read = send("GET", "/Groups/" + group, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("members").get(0).path("value").asText()).isEqualTo(member);
        Res excluded = send("GET", "/Groups/" + group + "?excludedAttributes=members", null);
        assertThat(excluded.status()).isEqualTo(200);
        assertThat(excluded.json().has("members")).isFalse();
        Res put = send("PUT", "/Groups/" + group, "{'id':'" + group + "','displayName':'Tiffany Ortiz',"
                + "'externalId':'6c6b54c2','schemas':['urn:ietf:params:scim:schemas:core:2.0:Group']}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().path("displayName").asText()).isEqualTo("Tiffany Ortiz");

        // Teardown, then the collection's last checks: both lists are empty arrays.
        assertThat(send("DELETE", "/Users/" + member, null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/Groups/" + group, null).status()).isEqualTo(204);
        assertThat(send("GET", "/Users?attributes=userName", null).json().path("Resources")).isEmpty();
        assertThat(send("GET", "/Users?attributes=userName", null).json().path("Resources").isArray()).isTrue();
        assertThat(send("GET", "/Groups", null).json().path("Resources").isArray()).isTrue();
    }

    @Test
    void patchAnswers200WithTheResourceUnlessConfiguredOrWhenAskedForIt() {
        HttpFixture plain = new HttpFixture();
        try {
            String id = plain.user("plain@example.com");
            Res r = send(plain, "PATCH", "/Users/" + id, patchOp("{'op':'replace','path':'title','value':'A'}"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("title").asText()).isEqualTo("A");
        } finally {
            plain.close();
        }
        String id = f.user("asks@example.com");
        // With the switch on, a client that asks for the resource still gets it (RFC 7644 §3.5.2, RFC 7240).
        Res projected = send("PATCH", "/Users/" + id + "?attributes=title", patchOp(
                "{'op':'replace','path':'title','value':'B'}"));
        assertThat(projected.status()).isEqualTo(200);
        assertThat(projected.json().path("title").asText()).isEqualTo("B");
        assertThat(projected.json().has("emails")).isFalse();
        Res represented = f.send(f.request("/Users/" + id).header("Content-Type", "application/json")
                .header("Prefer", "return=representation").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        HttpFixture.q(patchOp("{'op':'replace','path':'title','value':'C'}")))).build());
        assertThat(represented.status()).isEqualTo(200);
        assertThat(represented.json().path("title").asText()).isEqualTo("C");
        // PUT is not PATCH: the collection reads the PUT's body.
        assertThat(send("PUT", "/Users/" + id, "{'userName':'asks@example.com','title':'D'}").status())
                .isEqualTo(200);
    }

    /**
     * What ScimLab answers otherwise on purpose: a member's {@code displayName} (the collection's spelling of
     * {@code display}) is not an attribute of members and is dropped, so the collection's check for "new User" in
     * the group fails; and a member value that names no resource ("string id 1") is a 400, not a 204, because a
     * membership must name a user or a group.
     */
    @Test
    void deliberateDifferences() {
        String user = f.user("member@example.com");
        String group = create("/Groups", "{'displayName':'Group D'}");
        assertNoContent(send("PATCH", "/Groups/" + group, patchOp("{'op':'add','path':'members','value':[{"
                + "'displayName':'new User','value':'" + user + "'}]}")));
        assertThat(send("GET", "/Groups/" + group, null).raw().body()).doesNotContain("new User").contains(user);
        Res unknown = send("PATCH", "/Groups/" + group, patchOp("{'op':'add','path':'members','value':'string id 1'}"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(unknown.json().path("detail").asText()).contains("members");
    }
}
