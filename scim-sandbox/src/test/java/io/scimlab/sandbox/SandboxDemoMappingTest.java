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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo mapping's project and nested group, as an IdP would use them against the sandbox: a SCIM group granting
 * the demo project, and "Staff" with another SCIM group as its member, whose users get Staff's grant.
 */
class SandboxDemoMappingTest {
    private static final String SCIM = "scim-token-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(String url, String header, String method, String body, int status) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // "PRIVATE-TOKEN <token>" for GitLab, "Bearer <token>" for SCIM.
        if (header.startsWith("PRIVATE-TOKEN ")) {
            r.header("PRIVATE-TOKEN", header.substring("PRIVATE-TOKEN ".length()));
        } else {
            r.header("Authorization", header);
        }
        if (body != null) {
            r.header("Content-Type", "application/scim+json");
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(method + " " + url + ": " + resp.body()).isEqualTo(status);
        return JSON.readTree(resp.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"selfManaged", "gitlabCom"})
    void theDemoProjectAndANestedGroupReachGitLab(String mode) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.parse(new String[] {"--port", "0", "--mode", mode},
                Map.of("SCIMLAB_TOKEN", SCIM), () -> "unused"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))) {
            String scim = sandbox.scimBaseUrl();
            String bearer = "Bearer " + SCIM;
            FakeGitLab fake = sandbox.fake().orElseThrow();
            String gitlab = "PRIVATE-TOKEN " + fake.adminToken();
            String user = call(scim + "/Users", bearer, "POST", "{\"userName\":\"tia@example.com\",\"externalId\":"
                    + "\"x-tia\",\"name\":{\"givenName\":\"T\",\"familyName\":\"Tia\"},\"emails\":[{\"value\":"
                    + "\"tia@example.com\"}]}", 201).path("id").asText();
            call(scim + "/Groups", bearer, "POST", "{\"displayName\":\"API Developers\",\"members\":[{\"value\":\""
                    + user + "\"}]}", 201);
            JsonNode api = call(sandbox.gitlabUrl() + "/api/v4/projects/demo%2Fengineering%2Fapi/members/" + user,
                    gitlab, "GET", null, 200);
            assertThat(api.path("access_level").asInt()).isEqualTo(30);

            String design = call(scim + "/Groups", bearer, "POST", "{\"displayName\":\"Design\",\"members\":[{"
                    + "\"value\":\"" + user + "\"}]}", 201).path("id").asText();
            if (mode.equals("selfManaged")) {
                call(sandbox.gitlabUrl() + "/api/v4/groups/demo/members/" + user, gitlab, "GET", null, 404);
            }
            JsonNode staff = call(scim + "/Groups", bearer, "POST", "{\"displayName\":\"Staff\",\"members\":[{"
                    + "\"value\":\"" + design + "\",\"type\":\"Group\"}]}", 201);
            assertThat(staff.path("members").get(0).path("type").asText()).isEqualTo("Group");
            // Staff grants Guest in demo: reached through Design. (On GitLab.com the user has the top-level Guest
            // membership GitLab's SCIM gave; the bridge leaves that one alone.)
            JsonNode top = call(sandbox.gitlabUrl() + "/api/v4/groups/demo/members/" + user, gitlab, "GET", null,
                    200);
            assertThat(top.path("access_level").asInt()).isEqualTo(10);
            JsonNode designMember = call(sandbox.gitlabUrl() + "/api/v4/groups/demo%2Fdesign/members/" + user,
                    gitlab, "GET", null, 200);
            assertThat(designMember.path("access_level").asInt()).isEqualTo(20);
        }
    }
}
