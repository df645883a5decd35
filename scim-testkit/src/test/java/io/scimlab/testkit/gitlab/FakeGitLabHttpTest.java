package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake over plain HTTP with the JDK's client: wire shapes, headers and GitLab's documented fields. */
class FakeGitLabHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeGitLab fake;
    private static long group;
    private static long sub;
    private static long ann;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.selfManaged();
        group = fake.seedGroup("north");
        sub = fake.seedSubgroup(group, "platform");
        ann = fake.seedUser("ann", "ann@corp.test", "Ann Example");
        fake.seedIdentity(ann, "group_saml", "idp-ann");
        fake.seedMember(group, ann, 20);
        fake.seedMember(sub, ann, 40);
        fake.seedMember(group, 1, 50);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body, String type)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!token.isEmpty()) {
            b.header("PRIVATE-TOKEN", token);
        }
        if (!type.isEmpty()) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, fake.adminToken(), "", "");
    }

    @Test
    void bindsToLoopbackOnly() {
        assertThat(fake.baseUrl()).startsWith("http://127.0.0.1:");
    }

    @Test
    void authenticationErrorsLookLikeGitLabs() throws Exception {
        HttpResponse<String> anonymousUsers = call("GET", "/api/v4/users", "", "", "");
        assertThat(anonymousUsers.statusCode()).isEqualTo(403);
        assertThat(anonymousUsers.body()).contains("Not authorized to access /api/v4/users");
        assertThat(call("GET", "/api/v4/groups/1", "", "", "").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = call("GET", "/api/v4/users", "nope", "", "");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
        assertThat(get("/api/v4/nothing/here").body()).isEqualTo("{\"error\":\"404 Not Found\"}");
        assertThat(get("/api/v4/users?extern_uid=x").statusCode()).isEqualTo(400);
        // GitLab's per_page is a plain Integer parameter: only a non-integer is refused (lib/api/users.rb).
        assertThat(get("/api/v4/users?per_page=x").statusCode()).isEqualTo(400);
        assertThat(get("/api/v4/users?per_page=x").body()).isEqualTo("{\"error\":\"per_page is invalid\"}");
    }

    @Test
    void offsetPaginationHeaders() throws Exception {
        fake.seedUsers("page", 5);
        HttpResponse<String> first = get("/api/v4/users?per_page=2");
        assertThat(JSON.readTree(first.body())).hasSize(2);
        Map<String, java.util.List<String>> h = first.headers().map();
        assertThat(first.headers().firstValue("x-page")).contains("1");
        assertThat(first.headers().firstValue("x-per-page")).contains("2");
        assertThat(first.headers().firstValue("x-next-page")).contains("2");
        assertThat(first.headers().firstValue("x-prev-page")).contains("");
        assertThat(first.headers().firstValue("x-total")).isPresent();
        assertThat(first.headers().firstValue("x-total-pages")).isPresent();
        assertThat(first.headers().firstValue("link").orElseThrow()).contains("rel=\"next\"", "rel=\"first\"",
                "rel=\"last\"", "page=2");
        assertThat(h).isNotEmpty();
        HttpResponse<String> keyset = get("/api/v4/users?pagination=keyset&order_by=id&sort=asc&per_page=2");
        assertThat(keyset.headers().firstValue("x-total")).isEmpty();
        assertThat(keyset.headers().firstValue("link").orElseThrow()).contains("rel=\"next\"", "cursor=");
    }

    @Test
    void acceptsFormEncodedBodiesAndMultiUserAdds() throws Exception {
        long a = fake.seedUser("form1", "form1@corp.test");
        long b = fake.seedUser("form2", "form2@corp.test");
        HttpResponse<String> r = call("POST", "/api/v4/groups/north%2Fplatform/members", fake.adminToken(),
                "user_id=" + a + "," + b + "&access_level=30", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"status\":\"success\"}");
        assertThat(fake.memberLevel(sub, a)).contains(30);
        HttpResponse<String> blocked = call("POST", "/api/v4/users/" + a + "/block", fake.adminToken(), "", "");
        assertThat(blocked.statusCode()).isEqualTo(201);
        assertThat(blocked.body()).isEqualTo("true");
        assertThat(call("POST", "/api/v4/users/" + a + "/block", fake.adminToken(), "", "").body())
                .isEqualTo("null");
    }

    @Test
    void rateLimitAnswerCarriesGitLabsHeaders() throws Exception {
        fake.inject(Fault.rateLimited(7).on("GET", "/api/v4/version").times(1));
        HttpResponse<String> r = get("/api/v4/version");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).startsWith("Retry later");
        assertThat(r.headers().firstValue("Retry-After")).contains("7");
        for (String name : new String[] {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "RateLimit-ResetTime"}) {
            assertThat(r.headers().firstValue(name)).as(name).isPresent();
        }
    }

    @Test
    void adminUserListMatchesTheDocumentedShape() throws Exception {
        assertSameShape(fixture("users_admin.json").get(0), JSON.readTree(get("/api/v4/users?username=ann")
                .body()).get(0));
    }

    @Test
    void nonAdminUserListMatchesTheDocumentedShape() throws Exception {
        String plain = fake.seedToken(fake.seedUser("plain", "plain@corp.test"));
        JsonNode listed = JSON.readTree(call("GET", "/api/v4/users?username=ann", plain, "", "").body()).get(0);
        assertSameShape(fixture("users_basic.json").get(0), listed);
        assertThat(listed.has("email")).isFalse();
    }

    @Test
    void membersMatchTheDocumentedShapeWithHighestLevelWinning() throws Exception {
        JsonNode all = JSON.readTree(get("/api/v4/groups/" + sub + "/members/all").body());
        JsonNode annEntry = null;
        for (JsonNode m : all) {
            if (m.path("id").asLong() == ann) {
                annEntry = m;
            }
        }
        assertThat(annEntry).isNotNull();
        assertThat(annEntry.path("access_level").asInt()).isEqualTo(40);
        fake.seedMember(sub, ann, 40);
        assertSameShape(fixture("group_members.json").get(0), annEntry);
        assertThat(annEntry.path("group_saml_identity").path("extern_uid").asText()).isEqualTo("idp-ann");
    }

    @Test
    void groupMatchesTheDocumentedShape() throws Exception {
        assertSameShape(fixture("group.json"), JSON.readTree(get("/api/v4/groups/north%2Fplatform").body()));
    }

    @Test
    void scimUserMatchesTheDocumentedShape() throws Exception {
        try (FakeGitLab com = FakeGitLab.gitlabCom()) {
            long top = com.seedGroup("north");
            String token = com.seedGroupScimToken(top);
            HttpRequest post = HttpRequest.newBuilder(URI.create(com.baseUrl() + "/api/scim/v2/groups/north/Users"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(fixture("scim_user.json").toString())).build();
            HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            // GitLab's SCIM user entity has no externalId (ee/lib/api/entities/scim/user.rb): the id is the extern uid.
            com.fasterxml.jackson.databind.node.ObjectNode documented = (com.fasterxml.jackson.databind.node.ObjectNode)
                    fixture("scim_user.json");
            documented.remove("externalId");
            assertSameShape(documented, JSON.readTree(r.body()));
            assertThat(JSON.readTree(r.body()).has("externalId")).isFalse();
            assertThat(JSON.readTree(r.body()).path("meta").has("location")).isFalse();
        }
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = FakeGitLabHttpTest.class.getResourceAsStream("/gitlab/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** Every field of the documented example exists in the fake's answer with the same JSON type. */
    private static void assertSameShape(JsonNode documented, JsonNode actual) {
        for (Map.Entry<String, JsonNode> field : documented.properties()) {
            String name = field.getKey();
            assertThat(actual.has(name)).as("field %s", name).isTrue();
            JsonNode want = field.getValue();
            JsonNode got = actual.get(name);
            if (want.isNull() || got.isNull()) {
                continue; // documented examples show nullable fields either way
            }
            assertThat(got.getNodeType()).as("type of %s", name).isEqualTo(want.getNodeType());
            if (want.isObject()) {
                assertSameShape(want, got);
            } else if (want.isArray() && want.size() > 0 && got.size() > 0 && want.get(0).isObject()) {
                assertSameShape(want.get(0), got.get(0));
            }
        }
    }
}
