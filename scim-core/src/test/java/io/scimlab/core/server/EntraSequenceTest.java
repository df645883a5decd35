package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.server.HttpFixture.Res;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Microsoft Entra ID's provisioning and validator sequences (docs/idp-behaviour.md), over HTTP. */
class EntraSequenceTest {
    static final HttpFixture F = new HttpFixture();
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @AfterAll
    static void stop() {
        F.close();
    }

    @Test
    void testConnectionWithRandomGuidIsAnEmptyList() {
        for (String attr : new String[] {"userName", "externalId"}) {
            Res r = F.get("/Users?filter=" + attr + "+eq+%22" + UUID.randomUUID() + "%22");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalResults").asInt(-1)).isZero();
            assertThat(r.json().path("Resources").size()).isZero();
        }
        Res unquoted = F.get("/Users?filter=externalId%20eq%20jyoung");
        assertThat(unquoted.status()).isEqualTo(200);
    }

    @Test
    void userPatchesAsEntraSendsThem() {
        String id = F.user("entra.user@example.com");
        String manager = F.user("entra.boss@example.com");
        // String booleans and capitalised ops.
        Res r = F.patch("/Users/" + id, patchOp("{'op':'Replace','path':'active','value':'False'}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("active").isBoolean()).isTrue();
        assertThat(r.json().path("active").asBoolean()).isFalse();
        // Dotted and URN keys in a no-path value land nested.
        r = F.patch("/Users/" + id, patchOp("{'op':'replace','value':{'name.givenName':'K','" + ENTERPRISE
                + ":employeeNumber':'7'}}"));
        assertThat(r.json().path("name").path("givenName").asText()).isEqualTo("K");
        assertThat(r.json().path(ENTERPRISE).path("employeeNumber").asText()).isEqualTo("7");
        assertThat(r.json().has("name.givenName")).isFalse();
        // Create-on-absent: work address merged into one, work email replaced, home left alone.
        F.patch("/Users/" + id, patchOp("{'op':'Add','path':'emails[type eq \\'home\\'].value','value':'h@home.org'}"));
        F.patch("/Users/" + id, patchOp("{'op':'Add','path':'addresses[type eq \\'work\\'].locality','value':'Oslo'}"));
        F.patch("/Users/" + id, patchOp("{'op':'Add','path':'addresses[type eq \\'work\\'].region','value':'OS'}"));
        r = F.patch("/Users/" + id, patchOp("{'op':'Replace','path':'emails[type eq \\'work\\'].value',"
                + "'value':'new@example.com'}"));
        assertThat(r.json().path("addresses").size()).isEqualTo(1);
        assertThat(r.json().path("addresses").get(0).path("region").asText()).isEqualTo("OS");
        List<String> emails = new ArrayList<>();
        r.json().path("emails").forEach(e -> emails.add(e.path("type").asText() + "=" + e.path("value").asText()));
        assertThat(emails).containsExactlyInAnyOrder("work=new@example.com", "home=h@home.org");
        // Manager as a bare string, then cleared with "".
        r = F.patch("/Users/" + id, patchOp("{'op':'Add','path':'" + ENTERPRISE + ":manager','value':'" + manager
                + "'}"));
        assertThat(r.json().path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(manager);
        r = F.patch("/Users/" + id, patchOp("{'op':'Replace','path':'" + ENTERPRISE + ":manager','value':''}"));
        assertThat(r.json().path(ENTERPRISE).has("manager")).isFalse();
        // Empty Operations from the validator: a no-op.
        assertThat(F.patch("/Users/" + id, patchOp("")).status()).isEqualTo(200);
        // Soft-deleted user is still returned by the filter.
        Res found = F.get("/Users?filter=userName+eq+%22entra.user@example.com%22");
        assertThat(found.json().path("totalResults").asInt()).isEqualTo(1);
        // 204 when asked for no content.
        Res minimal = F.send(F.request("/Users/" + id).header("Content-Type", "application/scim+json")
                .header("Prefer", "return=minimal").method("PATCH", java.net.http.HttpRequest.BodyPublishers
                        .ofString(HttpFixture.q(patchOp("{'op':'Replace','path':'title','value':'Dev'}")))).build());
        assertThat(minimal.status()).isEqualTo(204);
        assertThat(minimal.header("ETag")).isNotNull();
    }

    @Test
    void groupsAsEntraSendsThem() {
        String a = F.user("entra.a@example.com");
        String b = F.user("entra.b@example.com");
        Res g = F.post("/Groups", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group',"
                + "'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],"
                + "'externalId':'ext-1','displayName':'Entra Group','members':[{'value':'" + a + "'}]}");
        assertThat(g.status()).as(g.raw().body()).isEqualTo(201);
        String gid = g.json().path("id").asText();
        Res combined = F.patch("/Groups/" + gid, patchOp("{'op':'Replace','path':'displayName','value':'Renamed'},"
                + "{'op':'Add','path':'members','value':[{'value':'" + b + "'}]}"));
        assertThat(OktaSequenceTest.members(combined.json())).containsExactlyInAnyOrder(a, b);
        // Removal by value removes only that member.
        Res removed = F.patch("/Groups/" + gid, patchOp("{'op':'Remove','path':'members','value':[{'value':'" + a
                + "'}]}"));
        assertThat(OktaSequenceTest.members(removed.json())).containsExactly(b);
        Res listed = F.get("/Groups?excludedAttributes=members&filter=displayName+eq+%22Renamed%22");
        assertThat(listed.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(listed.json().path("Resources").get(0).has("members")).isFalse();
        Res one = F.get("/Groups/" + gid + "?excludedAttributes=members");
        assertThat(one.json().has("members")).isFalse();
        assertThat(one.json().path("displayName").asText()).isEqualTo("Renamed");
    }

    @Test
    void paginationEchoesStartIndex() {
        HttpFixture f = new HttpFixture();
        try {
            for (int i = 0; i < 12; i++) {
                f.user("page" + i + "@example.com");
            }
            List<String> ids = new ArrayList<>();
            for (int start : new int[] {1, 6, 11}) {
                Res r = f.get("/Users?startIndex=" + start + "&count=5");
                assertThat(r.json().path("startIndex").asInt()).isEqualTo(start);
                assertThat(r.json().path("totalResults").asInt()).isEqualTo(12);
                assertThat(r.json().path("itemsPerPage").asInt()).isEqualTo(start == 11 ? 2 : 5);
                r.json().path("Resources").forEach(u -> ids.add(u.path("id").asText()));
            }
            assertThat(ids).doesNotHaveDuplicates().hasSize(12);
            assertThat(ids).isSorted();
        } finally {
            f.close();
        }
    }

    @Test
    void schemasListTheGroupSchema() {
        Res r = F.get("/Schemas");
        List<String> ids = new ArrayList<>();
        r.json().path("Resources").forEach(s -> ids.add(s.path("id").asText()));
        assertThat(ids).contains("urn:ietf:params:scim:schemas:core:2.0:Group",
                "urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE);
        JsonNode group = F.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json();
        assertThat(group.path("meta").path("location").asText()).endsWith("/Schemas/"
                + "urn:ietf:params:scim:schemas:core:2.0:Group");
        Res types = F.get("/ResourceTypes");
        assertThat(types.json().path("totalResults").asInt()).isEqualTo(2);
        assertThat(F.get("/ResourceTypes/Group").json().path("endpoint").asText()).isEqualTo("/Groups");
        Res spc = F.get("/ServiceProviderConfig");
        assertThat(spc.json().path("patch").path("supported").asBoolean()).isTrue();
        assertThat(spc.json().path("etag").path("supported").asBoolean()).isTrue();
        assertThat(spc.json().path("meta").path("location").asText()).endsWith("/ServiceProviderConfig");
    }
}
