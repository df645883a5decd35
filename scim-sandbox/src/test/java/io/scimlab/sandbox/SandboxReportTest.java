package io.scimlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.report.AccessReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's access report over HTTP ({@code GET /_report}, its own token) and with {@code --report FILE}, on
 * both modes: the rows explain a SCIM group's grant; wrong or missing tokens answer 401 SCIM errors that name none.
 */
class SandboxReportTest {
    private static final String SCIM = "scim-token-r";
    private static final String ADMIN = "admin-token-r";
    private static final String REPORT = "report-token-r";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String url, String token, String method, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            r.header("Content-Type", "application/scim+json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Sandbox start(String mode, String... more) {
        String[] args = new String[] {"--port", "0", "--mode", mode};
        args = java.util.stream.Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
        return Sandbox.start(SandboxOptions.parse(args, Map.of("SCIMLAB_TOKEN", SCIM, "SCIMLAB_ADMIN_TOKEN", ADMIN,
                "SCIMLAB_REPORT_TOKEN", REPORT), () -> "unused"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    private String engineer(Sandbox sandbox) throws Exception {
        String scim = sandbox.scimBaseUrl();
        String user = JSON.readTree(send(scim + "/Users", SCIM, "POST", "{\"userName\":\"ria@example.com\","
                + "\"externalId\":\"x-ria\",\"name\":{\"givenName\":\"R\",\"familyName\":\"Ria\"},\"emails\":[{"
                + "\"value\":\"ria@example.com\"}]}").body()).path("id").asText();
        assertThat(send(scim + "/Groups", SCIM, "POST", "{\"displayName\":\"Engineering\",\"members\":[{\"value\":\""
                + user + "\"}]}").statusCode()).isEqualTo(201);
        return user;
    }

    @ParameterizedTest
    @ValueSource(strings = {"selfManaged", "gitlabCom"})
    void theReportEndpointStreamsCsvAndJsonLinesWithItsOwnToken(String mode) throws Exception {
        try (Sandbox sandbox = start(mode)) {
            String user = engineer(sandbox);
            HttpResponse<String> csv = send(sandbox.reportUrl() + "?format=csv", REPORT, "GET", null);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/csv"));
            List<String> lines = csv.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo(String.join(",", AccessReport.CSV_COLUMNS));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("MANAGED," + user + ",")
                    .contains("demo/engineering,developer", "Engineering"));

            HttpResponse<String> jsonl = send(sandbox.reportUrl(), REPORT, "GET", null);
            assertThat(jsonl.statusCode()).isEqualTo(200);
            JsonNode managed = jsonl.body().lines().map(SandboxReportTest::tree)
                    .filter(n -> n.path("kind").asText().equals("MANAGED")
                            && n.path("scimUserId").asText().equals(user))
                    .findFirst().orElseThrow();
            assertThat(managed.path("target").asText()).isEqualTo("demo/engineering");
            assertThat(managed.path("grantedBy").get(0).path("scimGroup").asText()).isEqualTo("Engineering");
        }
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void wrongOrMissingTokensAnswer401WithoutNamingAnyToken() throws Exception {
        try (Sandbox sandbox = start("selfManaged")) {
            String gitlab = sandbox.fake().orElseThrow().adminToken();
            for (String wrong : Arrays.asList(null, SCIM, ADMIN, gitlab, REPORT + "x", "")) {
                HttpResponse<String> r = send(sandbox.reportUrl() + "?format=csv", wrong, "GET", null);
                assertThat(r.statusCode()).as("token " + wrong).isEqualTo(401);
                JsonNode error = JSON.readTree(r.body());
                assertThat(error.path("schemas").get(0).asText())
                        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
                assertThat(error.path("status").asText()).isEqualTo("401");
                assertThat(r.body()).doesNotContain(SCIM, ADMIN, gitlab, REPORT);
            }
            HttpResponse<String> bad = send(sandbox.reportUrl() + "?format=xlsx", REPORT, "GET", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("scimType").asText()).isEqualTo("invalidValue");
            assertThat(send(sandbox.reportUrl(), REPORT, "POST", "{}").statusCode()).isEqualTo(405);
            assertThat(send(sandbox.reportUrl() + "/x", REPORT, "GET", null).statusCode()).isEqualTo(404);
            assertThat(sandbox.banner()).contains(sandbox.reportUrl());
        }
    }

    @Test
    void theReportTokenMustDifferFromTheOthers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SandboxOptions.parse(new String[0], Map.of(
                "SCIMLAB_TOKEN", SCIM, "SCIMLAB_REPORT_TOKEN", SCIM), () -> "r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SCIM)
                .hasMessageContaining("report token must differ");
    }

    @Test
    void reportFileWritesTheReportInTheFormatItsExtensionNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.csv");
        Sandbox sandbox = start("gitlabCom", "--report", file.toString());
        engineer(sandbox);
        assertThat(Sandbox.writeReport(sandbox, file)).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo(String.join(",", AccessReport.CSV_COLUMNS));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("MANAGED,"));
    }

    @Test
    void aRealGitLabIsCheckedAtStartAndEveryProblemNamed(@TempDir Path dir) throws Exception {
        Path mapping = dir.resolve("roles.json");
        Files.writeString(mapping, "{\"groups\":[{\"displayName\":\"A\",\"gitlabGroup\":\"acme/a\",\"accessLevel\":"
                + "\"developer\"},{\"displayName\":\"B\",\"gitlabProject\":\"acme/b\",\"accessLevel\":\"developer\"}]}");
        try (io.scimlab.testkit.gitlab.FakeGitLab gitlab = io.scimlab.testkit.gitlab.FakeGitLab.selfManaged()) {
            gitlab.seedGroup("acme");
            String[] args = {"--port", "0", "--gitlab-url", gitlab.baseUrl(), "--mapping", mapping.toString()};
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sandbox.start(SandboxOptions.parse(args,
                    Map.of("SCIMLAB_TOKEN", SCIM, "GITLAB_TOKEN", gitlab.adminToken()), () -> "r"),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                    .isInstanceOf(io.scimlab.gitlab.preflight.StartupCheckException.class)
                    .hasMessageContaining("2 problems").hasMessageContaining("Group acme/a")
                    .hasMessageContaining("Project acme/b").hasMessageNotContaining(gitlab.adminToken());
        }
    }
}
