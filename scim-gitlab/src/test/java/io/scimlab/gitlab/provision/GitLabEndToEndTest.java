package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.conformance.ScimConformance;
import io.scimlab.testkit.conformance.ScimTarget;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Okta's and Entra's sequences over HTTP against ScimServer, the GitLab providers and the fake GitLab, in both
 * modes; then what GitLab holds after an Okta-style and an Entra-style group push, and that the audit log and a
 * reconcile agree with it.
 */
class GitLabEndToEndTest {
    private static final String TOKEN = "e2e-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract static class Mode {
        FakeGitLab fake;
        Scim scim;
        ScimHttpServer binding;
        long team;
        final HttpClient http = HttpClient.newHttpClient();

        abstract FakeGitLab.Mode mode();

        @BeforeAll
        void start() {
            fake = FakeGitLab.builder().mode(mode()).start();
            RoleMapping mapping = RoleMapping.builder().group("Team", "acme/team", AccessLevel.DEVELOPER)
                    .group("Team Leads", "acme/team", AccessLevel.MAINTAINER).build();
            scim = Scim.of(fake, b -> b.roleMapping(mapping));
            long acme = mode() == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : scim.topGroupId;
            team = fake.seedSubgroup(acme, "team");
            ScimServer server = ScimServer.builder().provider(scim.bridge.users()).provider(scim.bridge.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                    .compatibility(Compatibility.lenient()).build();
            binding = ScimHttpServer.builder(server).port(0).basePath("/scim/v2").start();
        }

        @AfterAll
        void stop() {
            binding.close();
            fake.close();
        }

        @TestFactory
        Stream<DynamicNode> oktaAndEntraSequences() {
            ScimConformance kit = ScimConformance.builder(ScimTarget.of(binding.baseUrl(), TOKEN)).build();
            return Stream.of(kit.okta(), kit.entra());
        }

        JsonNode send(String method, String path, String body, int expected) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json");
            r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", "application/scim+json; charset=utf-8");
            }
            HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(method + " " + path + ": " + resp.body()).isEqualTo(expected);
            return resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
        }

        String user(String login) throws Exception {
            return send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"" + login + "@example.com\",\"externalId\":\"x-" + login + "\",\"name\":"
                    + "{\"givenName\":\"G\",\"familyName\":\"" + login + "\"},\"emails\":[{\"primary\":true,"
                    + "\"value\":\"" + login + "@example.com\",\"type\":\"work\"}],\"active\":true}", 201)
                    .path("id").asText();
        }

        int level(String id) {
            return fake.memberLevel(team, Long.parseLong(id)).orElse(0);
        }

        @Test
        void groupPushesBecomeGitLabMembershipsAndTheAuditLogAccountsForThem() throws Exception {
            String a = user("e2e-ann");
            String b = user("e2e-ben");
            String c = user("e2e-cat");
            // Okta: create empty, then one PATCH with adds; Entra: Add + Remove in one PATCH, string booleans.
            String team = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Team\",\"members\":[]}", 201).path("id").asText();
            send("PATCH", "/Groups/" + team, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"},"
                    + "{\"value\":\"" + b + "\"},{\"value\":\"" + c + "\"}]}]}", 204, 200);
            assertThat(List.of(a, b, c)).allSatisfy(id -> assertThat(level(id)).isEqualTo(30));
            String leads = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Team Leads\",\"externalId\":\"9c1\",\"members\":[{\"value\":\"" + a
                    + "\"}]}", 201).path("id").asText();
            assertThat(level(a)).isEqualTo(40);
            send("PATCH", "/Groups/" + team, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]},"
                    + "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Team\"}]}", 204, 200);
            assertThat(level(b)).isZero();
            assertThat(level(c)).isEqualTo(30);
            send("PATCH", "/Users/" + c, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}", 204, 200);
            JsonNode inactive = send("GET", "/Users?filter=userName%20eq%20%22e2e-cat%40example.com%22", null, 200);
            assertThat(inactive.path("totalResults").asInt()).isEqualTo(1);
            assertThat(inactive.path("Resources").get(0).path("active").asBoolean()).isFalse();
            send("DELETE", "/Groups/" + leads, null, 204);
            assertThat(level(a)).isEqualTo(30);

            assertThat(scim.audit).isNotEmpty().allSatisfy(e -> {
                assertThat(e.principal()).isEqualTo("idp");
                assertThat(e.outcome()).isNotEqualTo(AuditEvent.Outcome.FAILURE);
            });
            assertThat(scim.bridge.reconciler().plan().changes()).isEmpty();
        }

        void send(String method, String path, String body, int one, int other) throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(resp.body()).isIn(one, other);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SelfManaged extends Mode {
        @Override
        FakeGitLab.Mode mode() {
            return FakeGitLab.Mode.SELF_MANAGED;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GitLabCom extends Mode {
        @Override
        FakeGitLab.Mode mode() {
            return FakeGitLab.Mode.GITLAB_COM;
        }
    }
}
