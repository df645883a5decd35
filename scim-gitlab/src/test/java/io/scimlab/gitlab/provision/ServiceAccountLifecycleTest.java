package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.IssuedTokenSink;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenPolicy;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole life of an AI agent's account over HTTP (ScimServer, GitLabBridge, the fake GitLab), in both modes:
 * created as a service account, granted a role by a SCIM group push, a token issued and rotated through the
 * service-account token API, then deactivated; and no token value ever reaches the audit trail or the logs.
 */
class ServiceAccountLifecycleTest {
    private static final String TOKEN = "sa-e2e-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract static class Mode {
        FakeGitLab fake;
        Scim scim;
        ScimHttpServer binding;
        long bots;
        final HttpClient http = HttpClient.newHttpClient();
        final List<IssuedToken> issued = new CopyOnWriteArrayList<>();
        final List<String> logs = new CopyOnWriteArrayList<>();
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();
        volatile boolean sinkFails;
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(new SimpleFormatter().format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        abstract FakeGitLab.Mode mode();

        @BeforeAll
        void start() {
            Logger root = Logger.getLogger("");
            root.addHandler(capture);
            Logger.getLogger("io.scimlab").setLevel(Level.ALL);
            fake = FakeGitLab.builder().mode(mode()).start();
            RoleMapping mapping = RoleMapping.builder().group("Agents", "acme/bots", AccessLevel.DEVELOPER)
                    .group("Agent Leads", "acme/bots", AccessLevel.MAINTAINER).build();
            IssuedTokenSink sink = t -> {
                if (sinkFails) {
                    throw new IllegalStateException("vault is down");
                }
                issued.add(t);
            };
            ServiceAccountTokenPolicy policy = ServiceAccountTokenPolicy.builder()
                    .allowedScopes(List.of("read_api", "read_repository")).maxLifetimeDays(30).rotateBeforeDays(7)
                    .build();
            // The default logging audit sink is kept beside the test's list: its lines are checked too.
            scim = Scim.of(fake, b -> b.roleMapping(mapping).issuedTokenSink(sink).serviceAccountTokenPolicy(policy)
                    .auditSink(e -> {
                        events.add(e);
                        AuditSink.logging().record(e);
                    }));
            long acme = mode() == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : scim.topGroupId;
            bots = fake.seedSubgroup(acme, "bots");
            ScimServer server = ScimServer.builder().registry(scim.bridge.schemaRegistry())
                    .provider(scim.bridge.users()).provider(scim.bridge.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                    .compatibility(Compatibility.lenient()).build();
            binding = ScimHttpServer.builder(server).port(0).basePath("/scim/v2").start();
        }

        @AfterAll
        void stop() {
            Logger.getLogger("").removeHandler(capture);
            binding.close();
            fake.close();
        }

        @BeforeEach
        void reset() {
            sinkFails = false;
        }

        ServiceAccountTokens tokens() {
            return scim.bridge.serviceAccountTokens();
        }

        JsonNode send(String method, String path, String body, int... expected) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json");
            r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", "application/scim+json; charset=utf-8");
            }
            HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(method + " " + path + ": " + resp.body())
                    .isIn(java.util.Arrays.stream(expected).boxed().toList());
            return resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
        }

        /** GET /api/v4/user on the fake with a token: 200 while the token works, 401 once revoked. */
        int gitlabWith(String token) throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/v4/user"))
                    .header("PRIVATE-TOKEN", token).GET().build();
            return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
        }

        String agent(String login, boolean byExtension) throws Exception {
            String marker = byExtension ? ",\"" + ServiceAccounts.EXTENSION_URN + "\":{\"serviceAccount\":true}"
                    : ",\"userType\":\"serviceaccount\"";
            String schemas = byExtension ? "\"urn:ietf:params:scim:schemas:core:2.0:User\",\""
                    + ServiceAccounts.EXTENSION_URN + "\"" : "\"urn:ietf:params:scim:schemas:core:2.0:User\"";
            JsonNode created = send("POST", "/Users", "{\"schemas\":[" + schemas + "],\"userName\":\"" + login
                    + "\",\"externalId\":\"x-" + login + "\",\"displayName\":\"Agent " + login + "\",\"emails\":"
                    + "[{\"primary\":true,\"value\":\"" + login + "@agents.example.com\",\"type\":\"work\"}],"
                    + "\"active\":true" + marker + "}", 201);
            return created.path("id").asText();
        }

        /** Adds a member to a group, creating the group on first use (the tests share one bridge). */
        String group(String name, String member) throws Exception {
            JsonNode found = send("GET", "/Groups?filter=displayName%20eq%20%22" + name.replace(" ", "%20") + "%22",
                    null, 200);
            if (found.path("totalResults").asInt() > 0) {
                String gid = found.path("Resources").get(0).path("id").asText();
                send("PATCH", "/Groups/" + gid, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                        + member + "\"}]}]}", 200, 204);
                return gid;
            }
            return send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"" + name + "\",\"members\":[{\"value\":\"" + member + "\"}]}", 201)
                    .path("id").asText();
        }

        List<IssuedToken> issuedFor(String id) {
            return issued.stream().filter(t -> t.scimUserId().equals(id)).toList();
        }

        int level(String id) {
            return fake.memberLevel(bots, Long.parseLong(id)).orElse(0);
        }

        @Test
        void theWholeLifeOfAnAgentAccount() throws Exception {
            // Create: a GitLab service account, not a person's account.
            String id = agent("release-agent", true);
            long uid = Long.parseLong(id);
            assertThat(fake.serviceAccountKind(uid)).contains(mode() == FakeGitLab.Mode.SELF_MANAGED ? "instance"
                    : "group:" + scim.topGroupId);
            JsonNode read = send("GET", "/Users/" + id, null, 200);
            assertThat(read.path(ServiceAccounts.EXTENSION_URN).path("serviceAccount").asBoolean()).isTrue();

            // Grant: a group push gives it a role exactly as it would a person.
            String agents = group("Agents", id);
            assertThat(level(id)).isEqualTo(30);
            group("Agent Leads", id);
            assertThat(level(id)).isEqualTo(40);

            // Issue: the sink gets the value once, and it works against GitLab.
            ManagedToken first = tokens().issue(id, "release-bot", List.of("read_api"));
            assertThat(issuedFor(id)).hasSize(1);
            IssuedToken v1 = issuedFor(id).get(0);
            assertThat(v1.tokenId()).isEqualTo(first.tokenId());
            assertThat(v1.scopes()).containsExactly("read_api");
            assertThat(first.expiresAt()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30));
            assertThat(v1.toString()).doesNotContain(v1.value());
            assertThat(gitlabWith(v1.value())).isEqualTo(200);
            assertThat(tokens().tokens(id)).containsExactly(first);

            // Rotate: the old value is rejected, the new one works.
            ManagedToken second = tokens().rotate(id, first.tokenId());
            assertThat(issuedFor(id)).hasSize(2);
            IssuedToken v2 = issuedFor(id).get(1);
            assertThat(second.tokenId()).isNotEqualTo(first.tokenId()).isEqualTo(v2.tokenId());
            assertThat(v2.value()).isNotEqualTo(v1.value());
            assertThat(gitlabWith(v1.value())).isEqualTo(401);
            assertThat(gitlabWith(v2.value())).isEqualTo(200);
            assertThat(tokens().tokens(id)).containsExactly(second);

            // Policy: scopes beyond it and lifetimes above it are refused before GitLab is asked.
            assertThatThrownBy(() -> tokens().issue(id, "too-much", List.of("api")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api");
            assertThatThrownBy(() -> tokens().issue(id, "too-long", List.of("read_api"), 31))
                    .isInstanceOf(IllegalArgumentException.class);

            // Deactivate (Entra style): every token revoked, access gone.
            send("PATCH", "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}", 200, 204);
            assertThat(gitlabWith(v2.value())).isEqualTo(401);
            assertThat(fake.tokenActive(v2.value())).isFalse();
            assertThat(tokens().tokens(id)).isEmpty();
            if (mode() == FakeGitLab.Mode.SELF_MANAGED) {
                // Blocked: GitLab refuses it everything; memberships stay for a return, as for people.
                assertThat(fake.userState(uid)).contains("blocked");
            } else {
                // GitLab.com Owners cannot block: the bridge removes its memberships instead.
                assertThat(level(id)).isZero();
            }
            assertThatThrownBy(() -> tokens().issue(id, "again", List.of("read_api")))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(scim.bridge.reconciler().plan().changes()).isEmpty();

            // Re-activate: the account returns without tokens; the IdP's groups give its roles back.
            send("PATCH", "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":true}}]}", 200, 204);
            assertThat(fake.userState(uid)).contains("active");
            assertThat(level(id)).isEqualTo(40);
            assertThat(tokens().tokens(id)).isEmpty();
            send("DELETE", "/Groups/" + agents, null, 204);

            assertNoSecretLeaked();
        }

        @Test
        void deleteRevokesTokensAndAccess() throws Exception {
            String id = agent("triage-agent", false);
            long uid = Long.parseLong(id);
            assertThat(fake.serviceAccountKind(uid)).isPresent();
            group("Agents", id);
            assertThat(level(id)).isEqualTo(30);
            tokens().issue(id, "triage", List.of("read_api", "read_repository"));
            String value = issued.get(issued.size() - 1).value();
            assertThat(gitlabWith(value)).isEqualTo(200);

            // An IdP's PUT that leaves the marker out keeps the service account one (and its token working).
            send("PUT", "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"triage-agent\",\"externalId\":\"x-triage-agent\",\"displayName\":"
                    + "\"Triage agent\",\"active\":true}", 200);
            JsonNode read = send("GET", "/Users/" + id, null, 200);
            assertThat(read.path(ServiceAccounts.EXTENSION_URN).path("serviceAccount").asBoolean()).isTrue();
            assertThat(gitlabWith(value)).isEqualTo(200);

            send("DELETE", "/Users/" + id, null, 204);
            assertThat(gitlabWith(value)).isEqualTo(401);
            assertThat(level(id)).isZero();
            if (mode() == FakeGitLab.Mode.SELF_MANAGED) {
                assertThat(fake.userState(uid)).contains("blocked");
            }
            assertNoSecretLeaked();
        }

        @Test
        void dueTokensAreRotatedAndAFailingSinkLeavesNoLiveSecret() throws Exception {
            String id = agent("nightly-agent", true);
            ManagedToken longLived = tokens().issue(id, "long", List.of("read_api"));
            ManagedToken shortLived = tokens().issue(id, "short", List.of("read_api"), 5);
            String shortValue = issued.get(issued.size() - 1).value();
            List<ManagedToken> rotated = tokens().rotateAllDue();
            assertThat(rotated).hasSize(1);
            assertThat(rotated.get(0).name()).isEqualTo("short");
            assertThat(gitlabWith(shortValue)).isEqualTo(401);
            assertThat(gitlabWith(issued.get(issued.size() - 1).value())).isEqualTo(200);
            assertThat(tokens().tokens(id)).extracting(ManagedToken::tokenId)
                    .containsExactly(longLived.tokenId(), rotated.get(0).tokenId())
                    .doesNotContain(shortLived.tokenId());

            // The sink throws: nobody has the value, so the new token must not stay live.
            int before = issued.size();
            sinkFails = true;
            assertThatThrownBy(() -> tokens().issue(id, "lost", List.of("read_api")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("vault");
            assertThat(issued).hasSize(before);
            assertThat(tokens().tokens(id)).extracting(ManagedToken::name).containsExactly("long", "short");
            assertNoSecretLeaked();
        }

        @Test
        void schemasListTheExtensionAndPeopleAreNoServiceAccounts() throws Exception {
            JsonNode schema = send("GET", "/Schemas/" + ServiceAccounts.EXTENSION_URN, null, 200);
            assertThat(schema.path("attributes").get(0).path("name").asText()).isEqualTo("serviceAccount");
            JsonNode types = send("GET", "/ResourceTypes/User", null, 200);
            assertThat(types.path("schemaExtensions").toString()).contains(ServiceAccounts.EXTENSION_URN);

            String person = send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"pat@example.com\",\"externalId\":\"x-pat\",\"emails\":[{\"primary\":true,"
                    + "\"value\":\"pat@example.com\"}],\"active\":true}", 201).path("id").asText();
            assertThat(fake.serviceAccountKind(Long.parseLong(person))).isEmpty();
            assertThatThrownBy(() -> tokens().issue(person, "nope", List.of("read_api")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a service account");
            // A person cannot be turned into a service account.
            send("PATCH", "/Users/" + person, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"userType\",\"value\":\"ServiceAccount\"}]}",
                    400);
        }

        void assertNoSecretLeaked() {
            assertThat(issued).isNotEmpty();
            List<String> audit = events.stream().map(e -> e.toJson().toString()).toList();
            assertThat(audit).isNotEmpty();
            assertThat(audit).anySatisfy(a -> assertThat(a).contains("personal_access_tokens"));
            for (IssuedToken t : issued) {
                assertThat(audit).noneSatisfy(a -> assertThat(a).contains(t.value()));
                assertThat(logs).noneSatisfy(l -> assertThat(l).contains(t.value()));
                assertThat(fake.journal().toString()).doesNotContain(t.value());
            }
            assertThat(logs).anySatisfy(l -> assertThat(l).contains("personal_access_tokens"));
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
