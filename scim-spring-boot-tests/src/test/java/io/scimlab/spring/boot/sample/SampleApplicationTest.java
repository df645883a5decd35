package io.scimlab.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.testkit.conformance.ScimConformanceTests;
import io.scimlab.testkit.conformance.ScimTarget;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The definition of done: the sample application starts with only {@code scimlab.*} properties pointing at
 * the fake GitLab, passes the IdP conformance kit over real HTTP, answers with absolute {@code Location}s, and its
 * health and metrics endpoints show ScimLab's figures. Runs once per supported Boot line (the modules under
 * {@code scim-spring-boot-tests}), one application context per run.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest extends ScimConformanceTests {
    static final String IDP_TOKEN = "okta-" + UUID.randomUUID();
    static final FakeGitLab FAKE = FakeGitLab.selfManaged();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        FAKE.seedDemoTree("demo");
    }

    @DynamicPropertySource
    static void scimlab(DynamicPropertyRegistry registry) {
        registry.add("scimlab.gitlab.url", FAKE::baseUrl);
        registry.add("scimlab.gitlab.token", FAKE::adminToken);
        // The fake does not throttle; pacing would only slow the run down.
        registry.add("scimlab.gitlab.requests-per-minute", () -> "0");
        registry.add("scimlab.idp-tokens.okta", () -> IDP_TOKEN);
        registry.add("scimlab.mapping", () -> "classpath:scimlab/demo-mapping.json");
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    StateStore stateStore;

    String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    protected ScimTarget target() {
        return ScimTarget.of(base() + "/scim/v2", IDP_TOKEN);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> createUser(String userName) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base() + "/scim/v2/Users"))
                .header("Authorization", "Bearer " + IDP_TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":"
                        + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\","
                        + "\"externalId\":\"" + userName + "-x\",\"active\":true,"
                        + "\"emails\":[{\"value\":\"" + userName + "@example.com\",\"primary\":true}],"
                        + "\"name\":{\"givenName\":\"Sam\",\"familyName\":\"Ple\"}}")));
    }

    JsonNode metric(String name, String... tags) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder();
        for (String t : tags) {
            q.append(q.length() == 0 ? "?" : "&").append("tag=").append(URLEncoder.encode(t, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/metrics/" + name + q)));
        assertThat(r.statusCode()).as(name + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static double statistic(JsonNode metric, String statistic) {
        for (JsonNode m : metric.path("measurements")) {
            if (m.path("statistic").asText().equals(statistic)) {
                return m.path("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }

    static List<String> tagValues(JsonNode metric, String tag) {
        List<String> values = new ArrayList<>();
        for (JsonNode t : metric.path("availableTags")) {
            if (t.path("tag").asText().equals(tag)) {
                t.path("values").forEach(v -> values.add(v.asText()));
            }
        }
        return values;
    }

    @Test
    void runsOnTheBootLineOfItsModuleWithTheJdbcStateStore() {
        assertThat(SpringBootVersion.getVersion()).startsWith(System.getProperty("scimlab.test.expectedBoot", ""));
        // The application has a DataSource (embedded H2), so the starter keeps the state there.
        assertThat(stateStore.getClass().getSimpleName()).isEqualTo("JdbcStateStore");
    }

    @Test
    void locationAndMetaLocationAreAbsoluteUrls() throws Exception {
        HttpResponse<String> r = createUser("loc-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = JSON.readTree(r.body()).path("id").asText();
        String expected = base() + "/scim/v2/Users/" + id;
        assertThat(r.headers().firstValue("Location")).contains(expected);
        assertThat(JSON.readTree(r.body()).path("meta").path("location").asText()).isEqualTo(expected);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/scim+json"));
    }

    @Test
    void headersReachTheServerWithAllTheirValues() throws Exception {
        HttpResponse<String> unauthorized = send(HttpRequest.newBuilder(URI.create(base() + "/scim/v2/Users")));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> correlated = send(HttpRequest.newBuilder(URI.create(base() + "/scim/v2/Users?count=1"))
                .header("Authorization", "Bearer " + IDP_TOKEN).header("X-Request-Id", "sample-corr-1"));
        assertThat(correlated.statusCode()).isEqualTo(200);
        assertThat(correlated.headers().firstValue("X-Request-Id")).contains("sample-corr-1");
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base() + "/scim/v2/ServiceProviderConfig"))
                .header("Authorization", "Bearer " + IDP_TOKEN).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void healthShowsGitLabTokenAndStateStore() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode scimlab = JSON.readTree(r.body()).path("components").path("scimlab");
        assertThat(scimlab.path("status").asText()).as(r.body()).isEqualTo("UP");
        JsonNode details = scimlab.path("details");
        assertThat(details.path("gitlab").asText()).isEqualTo(FAKE.baseUrl());
        assertThat(details.path("gitlabReachable").asBoolean()).isTrue();
        assertThat(details.path("token").asText()).isEqualTo("valid");
        assertThat(details.path("stateStore").asText()).isEqualTo("up");
        assertThat(details.path("stateStoreType").asText()).isEqualTo("JdbcStateStore");
        assertThat(details.path("okhttp").asText()).startsWith(System.getProperty("scimlab.test.expectedOkHttp",
                "5."));
        assertThat(r.body()).doesNotContain(FAKE.adminToken()).doesNotContain(IDP_TOKEN);
    }

    @Test
    void metricsCountScimRequestsGitLabCallsRateLimitsRetriesAndWaits() throws Exception {
        // One 429 with Retry-After: 1 on the next GitLab request: the client waits, retries and succeeds.
        FAKE.inject(Fault.rateLimited(1).times(1));
        HttpResponse<String> created = createUser("metrics-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode scim = metric("scimlab.scim.requests", "endpoint:/Users", "method:POST", "status:201");
        assertThat(statistic(scim, "COUNT")).isGreaterThanOrEqualTo(1);
        assertThat(tagValues(metric("scimlab.scim.requests"), "endpoint")).contains("/Users")
                .allSatisfy(e -> assertThat(e).doesNotContainPattern("[0-9a-f]{8}-"));

        JsonNode gitlab = metric("scimlab.gitlab.calls");
        assertThat(statistic(gitlab, "COUNT")).isGreaterThanOrEqualTo(1);
        assertThat(tagValues(gitlab, "endpoint")).contains("/api/v4/users")
                .allSatisfy(e -> assertThat(e).doesNotContainPattern("/[0-9]+(/|$)"));
        assertThat(statistic(metric("scimlab.gitlab.rate.limited"), "COUNT")).isGreaterThanOrEqualTo(1);
        assertThat(statistic(metric("scimlab.gitlab.retries"), "COUNT")).isGreaterThanOrEqualTo(1);
        // The wait after the 429 (Retry-After: 1) is time on no wire.
        assertThat(statistic(metric("scimlab.gitlab.wait"), "TOTAL_TIME")).isGreaterThanOrEqualTo(0.9);
    }
}
