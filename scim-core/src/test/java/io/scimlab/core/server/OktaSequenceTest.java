package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Okta's provisioning sequence (docs/idp-behaviour.md), end to end over HTTP. */
class OktaSequenceTest {
    static final HttpFixture F = new HttpFixture();

    @AfterAll
    static void stop() {
        F.close();
    }

    static final String CREATE = "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
            + "'userName':'%s','name':{'givenName':'Kay','familyName':'Ode'},"
            + "'emails':[{'primary':true,'value':'%s','type':'work'}],'displayName':'Kay Ode','locale':'en-US',"
            + "'externalId':'00u%s','groups':[],'password':'P@ss-w0rd!','active':true}";

    @Test
    void userLifecycle() {
        F.user("okta.probe@example.com");
        // Test connector.
        Res probe = F.get("/Users?startIndex=1&count=2");
        assertThat(probe.status()).isEqualTo(200);
        JsonNode first = probe.json().path("Resources").get(0);
        for (String attr : new String[] {"id", "userName", "active"}) {
            assertThat(first.has(attr)).as(attr).isTrue();
        }
        assertThat(first.path("name").has("givenName")).isTrue();
        assertThat(first.path("name").has("familyName")).isTrue();
        assertThat(first.path("emails").get(0).has("value")).isTrue();
        assertThat(probe.json().path("totalResults").isInt()).isTrue();

        // Existence check: miss is 200 with totalResults 0.
        Res miss = F.get("/Users?filter=userName%20eq%20%22kay%40example.com%22&startIndex=1&count=100");
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.json().path("totalResults").asInt(-1)).isZero();

        // Create with Content-Type application/json, as Okta's spec test does.
        Res created = F.send(F.request("/Users").header("Content-Type", "application/json")
                .header("User-Agent", "Okta SCIM Client 1.0.0")
                .POST(HttpRequest.BodyPublishers.ofString(HttpFixture.q(
                        String.format(CREATE, "kay@example.com", "kay@example.com", "1")))).build());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).isEqualTo(F.binding.baseUrl() + "/Users/" + id);
        assertThat(created.json().path("meta").path("location").asText()).isEqualTo(created.header("Location"));
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.json().path("name").path("givenName").asText()).isEqualTo("Kay");
        assertThat(created.header("ETag")).startsWith("W/");

        // Case-insensitive re-query.
        Res hit = F.get("/Users?filter=userName%20eq%20%22KAY%40EXAMPLE.COM%22&startIndex=1&count=100");
        assertThat(hit.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(hit.json().path("Resources").get(0).path("id").asText()).isEqualTo(id);

        // Duplicate -> 409 uniqueness, status as a string.
        Res dup = F.post("/Users", String.format(CREATE, "KAY@example.com", "x@example.com", "2"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().path("status").isTextual()).isTrue();
        assertThat(dup.json().path("status").asText()).isEqualTo("409");
        assertThat(dup.json().path("scimType").asText()).isEqualTo("uniqueness");
        assertThat(dup.json().path("detail").asText()).isNotEmpty();
        assertThat(dup.json().path("schemas").get(0).asText())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");

        // Profile update: GET, then full PUT with id, meta and groups.
        JsonNode current = F.get("/Users/" + id).json();
        String put = current.toString().replace("\"Kay\"", "\"Kaye\"").replace('"', '\'');
        Res updated = F.put("/Users/" + id, put);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("name").path("givenName").asText()).isEqualTo("Kaye");
        assertThat(updated.header("ETag")).isNotEqualTo(created.header("ETag"));

        // PATCH without path deactivates; 200 with the resource.
        Res deactivated = F.patch("/Users/" + id, patchOp("{'op':'replace','value':{'active':false}}"));
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.json().path("active").asBoolean(true)).isFalse();
        // Deactivated stays readable.
        Res read = F.get("/Users/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("active").asBoolean(true)).isFalse();
        // PUT active:false also works.
        assertThat(F.put("/Users/" + id, F.get("/Users/" + id).json().toString().replace('"', '\''))
                .status()).isEqualTo(200);
    }

    @Test
    void importPaginatesWithStableOrder() {
        HttpFixture f = new HttpFixture();
        try {
            for (int i = 0; i < 230; i++) {
                f.user("import" + i + "@example.com");
            }
            Set<String> seen = new HashSet<>();
            for (int start = 1; start <= 230; start += 100) {
                Res page = f.get("/Users?startIndex=" + start + "&count=100");
                assertThat(page.json().path("totalResults").isInt()).isTrue();
                assertThat(page.json().path("itemsPerPage").isInt()).isTrue();
                assertThat(page.json().path("startIndex").asInt()).isEqualTo(start);
                page.json().path("Resources").forEach(r -> seen.add(r.path("id").asText()));
            }
            assertThat(seen).hasSize(230);
        } finally {
            f.close();
        }
    }

    @Test
    void groupLifecycle() {
        String u1 = F.user("g.one@example.com");
        String u2 = F.user("g.two@example.com");
        String u3 = F.user("g.three@example.com");
        Res created = F.post("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'displayName':'Engineering','members':[]}");
        assertThat(created.status()).isEqualTo(201);
        String gid = created.json().path("id").asText();

        // Rename with a no-path replace carrying the same id.
        Res renamed = F.patch("/Groups/" + gid, patchOp("{'op':'replace','value':{'id':'" + gid
                + "','displayName':'Engineering EU'}}"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("displayName").asText()).isEqualTo("Engineering EU");

        // Full push.
        Res pushed = F.patch("/Groups/" + gid, patchOp("{'op':'replace','path':'members','value':[{'value':'" + u1
                + "','display':'one'},{'value':'" + u2 + "','display':'two'}]}"));
        assertThat(members(pushed.json())).containsExactlyInAnyOrder(u1, u2);

        // Membership: remove one by filter, add one without type.
        Res membership = F.patch("/Groups/" + gid, patchOp("{'op':'remove','path':'members[value eq \\'" + u2
                + "\\']'},{'op':'add','path':'members','value':[{'value':'" + u3 + "','display':'three'}]}"));
        assertThat(membership.status()).isEqualTo(200);
        assertThat(members(membership.json())).containsExactlyInAnyOrder(u1, u3);

        // Empty push.
        Res empty = F.patch("/Groups/" + gid, patchOp("{'op':'replace','path':'members','value':[]}"));
        assertThat(empty.status()).isEqualTo(200);
        assertThat(members(F.get("/Groups/" + gid).json())).isEmpty();

        assertThat(F.delete("/Groups/" + gid).status()).isEqualTo(204);
        Res gone = F.get("/Groups/" + gid);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("status").asText()).isEqualTo("404");
        assertThat(gone.json().path("detail").asText()).isNotEmpty();
    }

    static Set<String> members(JsonNode group) {
        Set<String> ids = new HashSet<>();
        group.path("members").forEach(m -> ids.add(m.path("value").asText()));
        return ids;
    }
}
