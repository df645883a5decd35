package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviours of docs/idp-behaviour.md that the Okta and Entra sequence tests leave out, over HTTP against the
 * in-memory server: Okta's test connector with {@code count=1} and its PUT deactivation, Entra's queries as it
 * sends them, JumpCloud's connection test, OneLogin's template bodies, and empty lists as clients read them.
 */
class IdpBehaviourTest {
    static final HttpFixture F = new HttpFixture();
    static final Map<String, String> IDS = new java.util.HashMap<>();

    @BeforeAll
    static void seed() {
        IDS.put("alice", created(F.post("/Users", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'userName':'alice.idp@example.com','externalId':'ext-alice','name':{'givenName':'Alice',"
                + "'familyName':'Idp'},'emails':[{'value':'alice.idp@example.com','type':'work','primary':true},"
                + "{'value':'alice@home.example.org','type':'home'}],'active':true}")));
        IDS.put("bob", created(F.post("/Users", "{'userName':'bob.idp@example.com','externalId':'bob-1',"
                + "'name':{'givenName':'Bob','familyName':'Idp'},'emails':[{'value':'bob.idp@example.com',"
                + "'type':'work'}],'active':true}")));
        IDS.put("group", created(F.post("/Groups", "{'displayName':'IdP Behaviour Group','externalId':'g-ext-1',"
                + "'members':[{'value':'" + IDS.get("alice") + "'}]}")));
    }

    @AfterAll
    static void stop() {
        F.close();
    }

    static String created(Res r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> ids(Res list) {
        List<String> ids = new ArrayList<>();
        list.json().path("Resources").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    /** Okta's "Test Connector Configuration": a page of one or two users carrying what Okta reads. */
    @ParameterizedTest(name = "count={0}")
    @ValueSource(ints = {1, 2})
    void oktaTestConnectorReadsAtMostCountUsersWithTheAttributesItNeeds(int count) {
        Res r = F.send(F.request("/Users?startIndex=1&count=" + count).header("User-Agent", "Okta SCIM Client 1.0.0")
                .GET().build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("Resources").size()).isEqualTo(count);
        assertThat(r.json().path("itemsPerPage").asInt()).isEqualTo(count);
        assertThat(r.json().path("startIndex").asInt()).isEqualTo(1);
        assertThat(r.json().path("totalResults").isInt()).isTrue();
        JsonNode first = r.json().path("Resources").get(0);
        for (String pointer : new String[] {"/id", "/userName", "/name/givenName", "/name/familyName", "/active",
            "/emails/0/value"}) {
            assertThat(first.at(pointer).isMissingNode()).as(pointer).isFalse();
        }
    }

    /** Entra's queries (users by userName and externalId, groups by displayName; eq, and) and Okta's re-query. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Entra, userName                | /Users  | userName eq "alice.idp@example.com"                                | alice
            Entra, externalId              | /Users  | externalId eq "ext-alice"                                          | alice
            Entra docs, unquoted value     | /Users  | externalId eq ext-alice                                            | alice
            Entra, unquoted with a dash    | /Users  | externalId eq bob-1                                                | bob
            Entra, eq and eq               | /Users  | userName eq "alice.idp@example.com" and externalId eq "ext-alice"  | alice
            Entra, and of two users        | /Users  | userName eq "alice.idp@example.com" and externalId eq "bob-1"      |
            Entra, matching attribute      | /Users  | emails[type eq "work"].value eq "alice.idp@example.com"            | alice
            Entra, other type              | /Users  | emails[type eq "home"].value eq "alice.idp@example.com"            |
            Entra, test connection GUID    | /Users  | userName eq "5b1b1c6e-1f43-4b0c-9a36-7d1ef9d35b9b"                 |
            Entra, groups by displayName   | /Groups | displayName eq "IdP Behaviour Group"                               | group
            Entra, groups by externalId    | /Groups | externalId eq "g-ext-1"                                            | group
            Okta, upper-cased re-query     | /Users  | userName eq "ALICE.IDP@EXAMPLE.COM"                                | alice
            """)
    void queriesAsIdpsSendThem(String client, String endpoint, String filter, String expected) {
        Res r = F.get(endpoint + "?filter=" + encode(filter) + "&startIndex=1&count=100");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> want = expected == null ? List.of() : List.of(IDS.get(expected));
        assertThat(ids(r)).containsExactlyElementsOf(want);
        assertThat(r.json().path("totalResults").asInt(-1)).isEqualTo(want.size());
        // A miss is an empty list, never a 404, and Resources is there as an empty array.
        assertThat(r.json().path("Resources").isArray()).isTrue();
    }

    /** Some Okta app types deactivate with a full PUT; the user stays readable and findable, and comes back. */
    @Test
    void oktaDeactivatesWithAFullPutAndTheUserStaysReadable() {
        String id = F.user("put.deactivate@example.com");
        ObjectNode current = (ObjectNode) F.get("/Users/" + id).json();
        current.put("active", false);
        current.putArray("groups");
        Res put = F.put("/Users/" + id, current.toString().replace('"', '\''));
        assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
        assertThat(put.json().path("active").asBoolean(true)).isFalse();
        assertThat(F.get("/Users/" + id).json().path("active").asBoolean(true)).isFalse();
        Res found = F.get("/Users?filter=" + encode("userName eq \"put.deactivate@example.com\" and active eq false"));
        assertThat(ids(found)).containsExactly(id);
        Res reactivated = F.patch("/Users/" + id, patchOp("{'op':'replace','value':{'active':true}}"));
        assertThat(reactivated.json().path("active").asBoolean(false)).isTrue();
    }

    /** JumpCloud's connection test creates a user and a group, then deletes both. */
    @Test
    void jumpCloudCreatesATestUserAndGroupThenDeletesThem() {
        String user = created(F.post("/Users", "{'userName':'jumpcloud.test@example.com','externalId':'jc-1',"
                + "'emails':[{'value':'jumpcloud.test@example.com','type':'work','primary':true}],'active':true}"));
        String group = created(F.post("/Groups", "{'displayName':'jumpcloud-test','members':[{'value':'" + user
                + "'}]}"));
        assertThat(F.delete("/Groups/" + group).status()).isEqualTo(204);
        assertThat(F.delete("/Users/" + user).status()).isEqualTo(204);
        for (String path : new String[] {"/Users/" + user, "/Groups/" + group}) {
            Res gone = F.get(path);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().path("status").asText()).isEqualTo("404");
        }
        assertThat(ids(F.get("/Users?filter=" + encode("userName eq \"jumpcloud.test@example.com\"")))).isEmpty();
    }

    /**
     * OneLogin fills a template an administrator edits, with an empty {@code User-Agent}: attributes without a value
     * arrive as {@code ""} and are kept as sent. A boolean cannot be empty: {@code "active":""} is a 400 naming it.
     */
    @Test
    void oneLoginTemplatesWithEmptyStringsAreAccepted() {
        String body = "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'userName':'onelogin@example.com',"
                + "'name':{'givenName':'One','familyName':'Login','formatted':''},'title':'','nickName':'',"
                + "'emails':[{'value':'onelogin@example.com','type':'work','primary':true}],"
                + "'phoneNumbers':[{'value':'','type':'work'}],"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'','employeeNumber':''},"
                + "'active':true}";
        Res r = F.send(F.request("/Users").header("User-Agent", "").header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(HttpFixture.q(body))).build());
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        assertThat(r.json().path("title").asText(null)).isEmpty();
        assertThat(r.json().path("name").path("givenName").asText()).isEqualTo("One");
        assertThat(r.json().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department")
                .asText(null)).isEmpty();
        Res emptyBoolean = F.post("/Users", "{'userName':'onelogin2@example.com','active':''}");
        assertThat(emptyBoolean.status()).isEqualTo(400);
        assertThat(emptyBoolean.json().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(emptyBoolean.json().path("detail").asText()).contains("active");
    }

    /** Clients (Microsoft's collection among them) read {@code Resources} of an empty list as an empty array. */
    @Test
    void anEmptyListCarriesAnEmptyResourcesArray() {
        for (String path : new String[] {"/Users?filter=" + encode("userName eq \"nobody@example.com\""),
            "/Groups?filter=" + encode("displayName eq \"nothing\""), "/Users?startIndex=1000&count=10"}) {
            Res r = F.get(path);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("Resources").isArray()).as(path).isTrue();
            assertThat(r.json().path("Resources").size()).as(path).isZero();
        }
    }
}
