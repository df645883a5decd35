package io.scimlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox's admin endpoint over HTTP: its own token, fault injection, seeding and the journal. */
class SandboxAdminTest {
    private static final String SCIM = "scim-token-1";
    private static final String ADMIN = "admin-token-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.parse(new String[] {"--port", "0", "--admin-token", ADMIN},
                Map.of("SCIMLAB_TOKEN", SCIM), () -> "unused"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer call(String base, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            r.header("Content-Type", base.contains("scim") ? "application/scim+json" : "application/json");
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(resp.statusCode(), resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body()));
    }

    private Answer admin(String method, String path, String body) throws Exception {
        return call(sandbox.adminUrl().orElseThrow(), ADMIN, method, path, body);
    }

    private Answer scim(String method, String path, String body) throws Exception {
        return call(sandbox.scimBaseUrl(), SCIM, method, path, body);
    }

    private static String user(String name) {
        return "{\"userName\":\"" + name + "@example.com\",\"externalId\":\"x-" + name + "\",\"name\":{\"givenName\":"
                + "\"G\",\"familyName\":\"" + name + "\"},\"emails\":[{\"value\":\"" + name + "@example.com\"}]}";
    }

    @Test
    void onlyTheAdminTokenOpensIt() throws Exception {
        String base = sandbox.adminUrl().orElseThrow();
        FakeGitLab fake = sandbox.fake().orElseThrow();
        for (String wrong : new String[] {null, SCIM, fake.adminToken(), ADMIN + "x"}) {
            Answer a = call(base, wrong, "GET", "/faults", null);
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.json().path("error").asText()).contains("admin token");
        }
        assertThat(admin("GET", "/faults", null).status()).isEqualTo(200);
        // ... and the admin token opens nothing else.
        assertThat(call(sandbox.scimBaseUrl(), ADMIN, "GET", "/Users", null).status()).isEqualTo(401);
        assertThat(sandbox.banner()).contains(base).contains(ADMIN);
    }

    @Test
    void aFaultWindowMakesGitLabFailUntilItIsRemoved() throws Exception {
        Answer injected = admin("POST", "/faults", "{\"kind\":\"status\",\"status\":503,\"method\":\"POST\","
                + "\"path\":\"/api/v4/users\",\"duringMs\":60000}");
        assertThat(injected.status()).isEqualTo(201);
        String id = injected.json().path("id").asText();

        assertThat(scim("POST", "/Users", user("ann")).status()).isEqualTo(503);
        JsonNode listed = admin("GET", "/faults", null).json().path("faults").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(id);
        assertThat(listed.path("kind").asText()).isEqualTo("STATUS");
        assertThat(listed.path("active").asBoolean()).isTrue();
        JsonNode journal = admin("GET", "/journal", null).json().path("entries");
        int refused = 0;
        for (JsonNode e : journal) {
            if (e.path("method").asText().equals("POST") && e.path("status").asInt() == 503) {
                assertThat(e.path("processed").asBoolean()).isFalse();
                refused++;
            }
        }
        // The bridge's client tried more than once (it checks that nothing was created before each retry).
        assertThat(listed.path("fired").asInt()).isPositive().isEqualTo(refused);

        assertThat(admin("DELETE", "/faults/" + id, null).status()).isEqualTo(204);
        assertThat(scim("POST", "/Users", user("ann")).status()).isEqualTo(201);
        assertThat(admin("DELETE", "/faults/" + id, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/journal", null).status()).isEqualTo(204);
        assertThat(admin("GET", "/journal", null).json().path("entries")).isEmpty();
    }

    @Test
    void everyKindOfFaultAndItsRulesCanBeInjected() throws Exception {
        String[] rules = {
            "{\"kind\":\"rateLimit\",\"retryAfterSeconds\":1,\"every\":2,\"times\":3}",
            "{\"kind\":\"endpointRateLimit\",\"path\":\"/api/v4/groups/.*/members/\\\\d+\",\"method\":\"DELETE\"}",
            "{\"kind\":\"endpointRateLimit\",\"retryAfterSeconds\":60,\"afterRequests\":5}",
            "{\"kind\":\"latency\",\"latencyMs\":10,\"probability\":0.5,\"seed\":7}",
            "{\"kind\":\"dropConnection\",\"startingAfterMs\":3600000}",
            "{\"kind\":\"dropResponse\",\"startingAfterMs\":3600000,\"duringMs\":1000}",
            "{\"kind\":\"status\",\"status\":500,\"body\":\"{}\",\"headers\":{\"X-Test\":\"1\"},\"times\":0}"};
        for (String rule : rules) {
            assertThat(admin("POST", "/faults", rule).status()).as(rule).isEqualTo(201);
        }
        assertThat(admin("GET", "/faults", null).json().path("faults")).hasSize(rules.length);
        assertThat(scim("POST", "/Users", user("bob")).status()).isEqualTo(201);
        assertThat(admin("DELETE", "/faults", null).status()).isEqualTo(204);
        assertThat(admin("GET", "/faults", null).json().path("faults")).isEmpty();
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        String[][] cases = {
            {"{\"kind\":\"meteor\"}", "kind must be"},
            {"{\"kind\":\"status\",\"status\":900}", "status must be a whole number"},
            {"{\"kind\":\"status\",\"path\":\"(\"}", "path is not a regular expression"},
            {"{\"kind\":\"status\",\"every\":0}", "every must be"},
            {"{\"kind\":\"status\",\"probability\":\"half\"}", "probability must be a number"},
            {"{\"kind\":\"status\",\"probability\":2}", "probability must be between 0 and 1"},
            {"{\"kind\":\"status\",\"bogus\":1}", "unknown field bogus"},
            {"not json", "not JSON"},
            {"[]", "JSON object"}};
        for (String[] c : cases) {
            Answer a = admin("POST", "/faults", c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.json().path("error").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(admin("POST", "/seed", "{\"users\":[{\"username\":\"x\"}]}").json().path("error").asText())
                .isEqualTo("users[0].email is required");
        assertThat(admin("POST", "/seed", "{\"members\":[{\"group\":\"nope\",\"username\":\"x\"}]}").json()
                .path("error").asText()).contains("no group nope");
        assertThat(admin("GET", "/nothing", null).status()).isEqualTo(404);
        assertThat(admin("PUT", "/faults", "{}").status()).isEqualTo(405);
        assertThat(admin("GET", "/seed", null).status()).isEqualTo(405);
    }

    @Test
    void seedingAddsGroupsUsersAndMembershipsToTheFake() throws Exception {
        Answer seeded = admin("POST", "/seed", "{\"groups\":[{\"path\":\"demo/qa\"},{\"path\":\"demo/qa/e2e\"}],"
                + "\"users\":[{\"username\":\"ann\",\"email\":\"ann@example.com\",\"name\":\"Ann\",\"identities\":"
                + "[{\"provider\":\"saml\",\"externUid\":\"ann-1\"}]},{\"username\":\"boss\","
                + "\"email\":\"boss@example.com\","
                + "\"admin\":true},{\"username\":\"gone\",\"email\":\"gone@example.com\",\"state\":\"blocked\"}],"
                + "\"members\":[{\"group\":\"demo/qa\",\"username\":\"ann\",\"accessLevel\":40}]}");
        assertThat(seeded.status()).as(seeded.json().toString()).isEqualTo(201);
        FakeGitLab fake = sandbox.fake().orElseThrow();
        long qa = seeded.json().path("groups").path("demo/qa").asLong();
        long ann = seeded.json().path("users").path("ann").asLong();
        assertThat(fake.memberLevel(qa, ann)).contains(40);
        assertThat(fake.externUid(ann, "saml")).contains("ann-1");
        assertThat(fake.userState(seeded.json().path("users").path("gone").asLong())).contains("blocked");
        assertThat(seeded.json().path("members").asInt()).isEqualTo(1);

        // A seeded administrator is out of the IdP's reach: linking by email is off, and never reaches one.
        Answer takeover = scim("POST", "/Users", "{\"userName\":\"boss@idp\",\"emails\":[{\"value\":"
                + "\"boss@example.com\"}]}");
        assertThat(takeover.status()).isEqualTo(409);
        assertThat(takeover.json().path("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    void aRealGitLabGetsNoAdminEndpoint() {
        try (FakeGitLab real = FakeGitLab.selfManaged()) {
            real.seedDemoTree("demo"); // the demo mapping's groups: the sandbox checks a real GitLab at start
            SandboxOptions o = SandboxOptions.parse(new String[] {"--port", "0", "--gitlab-url", real.baseUrl()},
                    Map.of("GITLAB_TOKEN", real.adminToken() + "\r\n", "SCIMLAB_TOKEN", SCIM), () -> "r");
            try (Sandbox s = Sandbox.start(o, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8))) {
                assertThat(s.adminUrl()).isEmpty();
                assertThat(s.banner()).doesNotContain("Admin endpoint");
            }
        }
    }
}
