package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.server.HttpFixture.Res;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bulk with bulkId references, sorting and root search, /Me, and token rotation. */
class BulkListAuthTest {
    static final HttpFixture F = new HttpFixture(b -> b.me(ctx -> Optional.of(MeHolder.id)));

    static final class MeHolder {
        static volatile String id = "none";
    }

    @AfterAll
    static void stop() {
        F.close();
    }

    static final String BULK = "{'schemas':['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],"
            + "'failOnErrors':%d,'Operations':[%s]}";

    @Test
    void bulkResolvesReferencesInAnyOrder() {
        String ops = "{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'Bulk group',"
                + "'members':[{'value':'bulkId:u'}]}},"
                + "{'method':'POST','path':'/Users','bulkId':'u','data':{'userName':'bulk.user'}},"
                + "{'method':'PATCH','path':'/Users/bulkId:u','data':{'schemas':['urn:ietf:params:scim:api:messages:"
                + "2.0:PatchOp'],'Operations':[{'op':'replace','path':'title','value':'Bulked'}]}}";
        Res r = F.post("/Bulk", String.format(BULK, 0, ops));
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().path("Operations");
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).path("status").asText()).isEqualTo("201");
        assertThat(results.get(1).path("status").asText()).isEqualTo("201");
        assertThat(results.get(2).path("status").asText()).isEqualTo("200");
        String userLocation = results.get(1).path("location").asText();
        String userId = userLocation.substring(userLocation.lastIndexOf('/') + 1);
        JsonNode group = F.get(results.get(0).path("location").asText().replace(F.binding.baseUrl(), "")).json();
        assertThat(group.path("members").get(0).path("value").asText()).isEqualTo(userId);
        assertThat(F.get("/Users/" + userId).json().path("title").asText()).isEqualTo("Bulked");
    }

    @Test
    void bulkIdReferencesAreWholeTokensAndAllAreResolved() {
        String ops = "{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'Ten',"
                + "'externalId':'bulkId:10 bulkId:1','members':[{'value':'bulkId:1'},{'value':'bulkId:10'}]}},"
                + "{'method':'POST','path':'/Users','bulkId':'1','data':{'userName':'bulk.one'}},"
                + "{'method':'POST','path':'/Users','bulkId':'10','data':{'userName':'bulk.ten'}}";
        Res r = F.post("/Bulk", String.format(BULK, 0, ops));
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().path("Operations");
        results.forEach(op -> assertThat(op.path("status").asText()).as(op.toString()).isEqualTo("201"));
        String one = id(results.get(1).path("location").asText());
        String ten = id(results.get(2).path("location").asText());
        JsonNode group = F.get("/Groups/" + id(results.get(0).path("location").asText())).json();
        assertThat(group.path("externalId").asText()).isEqualTo(ten + " " + one);
        assertThat(List.of(group.path("members").get(0).path("value").asText(),
                group.path("members").get(1).path("value").asText())).containsExactlyInAnyOrder(one, ten);
    }

    @Test
    void aReferenceToANonPostBulkIdIsInvalidNotCircular() {
        String id = F.user("bulk.patched@example.com");
        String ops = "{'method':'PATCH','path':'/Users/" + id + "','bulkId':'p','data':{'schemas':["
                + "'urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'replace','path':'title',"
                + "'value':'x'}]}},"
                + "{'method':'POST','path':'/Groups','bulkId':'g','data':{'displayName':'Refers to a PATCH',"
                + "'members':[{'value':'bulkId:p'}]}}";
        JsonNode results = F.post("/Bulk", String.format(BULK, 0, ops)).json().path("Operations");
        assertThat(results.size()).isEqualTo(2);
        assertThat(results.get(0).path("status").asText()).isEqualTo("200");
        JsonNode refused = results.get(1);
        assertThat(refused.path("status").asText()).isEqualTo("400");
        assertThat(refused.path("response").path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(refused.path("response").path("detail").asText()).contains("bulkId p does not belong to a POST");
    }

    @Test
    void aBulkOperationCannotSearch() {
        F.user("bulk.search@example.com");
        String ops = "{'method':'POST','path':'/Users/.search','bulkId':'s','data':{'schemas':["
                + "'urn:ietf:params:scim:api:messages:2.0:SearchRequest'],"
                + "'filter':'userName eq \\'bulk.search@example.com\\''}}";
        JsonNode results = F.post("/Bulk", String.format(BULK, 0, ops)).json().path("Operations");
        assertThat(results.size()).isEqualTo(1);
        assertThat(results.get(0).path("status").asText()).isEqualTo("400");
        assertThat(results.get(0).path("response").path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(results.get(0).path("response").path("detail").asText()).contains("cannot search");
        assertThat(results.get(0).has("location")).isFalse();
    }

    private static String id(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void bulkRejectsCyclesAndStopsOnErrors() {
        String cycle = "{'method':'POST','path':'/Groups','bulkId':'a','data':{'displayName':'A',"
                + "'members':[{'value':'bulkId:b'}]}},"
                + "{'method':'POST','path':'/Groups','bulkId':'b','data':{'displayName':'B',"
                + "'members':[{'value':'bulkId:a'}]}}";
        JsonNode results = F.post("/Bulk", String.format(BULK, 0, cycle)).json().path("Operations");
        assertThat(results.size()).isEqualTo(2);
        results.forEach(op -> assertThat(op.path("status").asText()).isEqualTo("409"));
        String failing = "{'method':'POST','path':'/Users','bulkId':'x','data':{'displayName':'no userName'}},"
                + "{'method':'DELETE','path':'/Users/nobody'},"
                + "{'method':'POST','path':'/Users','bulkId':'y','data':{'userName':'never.created'}}";
        results = F.post("/Bulk", String.format(BULK, 2, failing)).json().path("Operations");
        assertThat(results.size()).isEqualTo(2);
        assertThat(results.get(0).path("status").asText()).isEqualTo("400");
        assertThat(results.get(1).path("status").asText()).isEqualTo("404");
        assertThat(F.get("/Users?filter=userName+eq+%22never.created%22").json().path("totalResults").asInt())
                .isZero();
    }

    @Test
    void sortingAndRootSearch() {
        for (String name : new String[] {"sort.b", "Sort.A", "sort.c"}) {
            F.user(name);
        }
        Res asc = F.get("/Users?filter=userName+sw+%22sort.%22&sortBy=userName");
        List<String> names = new ArrayList<>();
        asc.json().path("Resources").forEach(u -> names.add(u.path("userName").asText()));
        assertThat(names).containsExactly("Sort.A", "sort.b", "sort.c");
        Res desc = F.post("/Users/.search", "{'schemas':['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],"
                + "'filter':'userName sw \\'sort.\\'','sortBy':'userName','sortOrder':'descending',"
                + "'attributes':['userName'],'count':2}");
        assertThat(desc.json().path("totalResults").asInt()).isEqualTo(3);
        assertThat(desc.json().path("Resources").get(0).path("userName").asText()).isEqualTo("sort.c");
        assertThat(desc.json().path("Resources").get(0).has("emails")).isFalse();
        F.post("/Groups", "{'displayName':'sort.group'}");
        Res root = F.post("/.search", "{'filter':'userName sw \\'sort.\\' or displayName sw \\'sort.\\''}");
        assertThat(root.status()).as(root.raw().body()).isEqualTo(200);
        assertThat(root.json().path("totalResults").asInt()).isEqualTo(4);
        Res rootGet = F.get("/?filter=displayName+eq+%22sort.group%22");
        assertThat(rootGet.json().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void meMapsTheSubjectToAUser() {
        MeHolder.id = F.user("me@example.com");
        Res me = F.get("/Me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("userName").asText()).isEqualTo("me@example.com");
    }

    @Test
    void tokensRotateWithoutDowntime() {
        BearerTokenAuthenticator auth = BearerTokenAuthenticator.create().add("old", "token-one");
        ScimServer server = ScimServer.builder().authenticator(auth).build();
        ScimRequest withOld = ScimRequest.builder("GET", "/ServiceProviderConfig")
                .header("Authorization", "Bearer token-one").build();
        assertThat(server.handle(withOld).status()).isEqualTo(200);
        auth.addHash("new", BearerTokenAuthenticator.hashHex("token-two"));
        assertThat(server.handle(ScimRequest.builder("GET", "/ServiceProviderConfig")
                .header("authorization", "bearer token-two").build()).status()).isEqualTo(200);
        assertThat(server.handle(withOld).status()).isEqualTo(200);
        assertThat(auth.revoke("old")).isTrue();
        assertThat(server.handle(ScimRequest.builder("GET", "/ServiceProviderConfig")
                .header("Authorization", "Bearer token-one").build()).status()).isEqualTo(401);
        assertThat(auth.toString()).doesNotContain("token-two").contains("new");
        assertThat(withOld.toString()).doesNotContain("token-one");
        assertThat(auth.authenticate(ScimRequest.builder("GET", "/").header("Authorization", "Bearer token-two")
                .build()).orElseThrow().principal()).isEqualTo("new");
    }
}
