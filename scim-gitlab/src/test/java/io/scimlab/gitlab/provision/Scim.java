package io.scimlab.gitlab.provision;

import io.scimlab.core.patch.PatchEngine;
import io.scimlab.core.patch.PatchOptions;
import io.scimlab.core.patch.PatchResult;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.RequestContext;
import io.scimlab.core.server.ResourceProvider;
import io.scimlab.core.server.ResourceUpdate;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Drives the providers as the SCIM server would: reads bodies, applies PATCHes, builds ResourceUpdates. */
final class Scim {
    static final SchemaRegistry REGISTRY = SchemaRegistry.standard();
    static final ResourceReader READER = ResourceReader.standard();

    final FakeGitLab fake;
    final GitLabBridge bridge;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final RequestContext ctx = new RequestContext("okta", java.util.Optional.empty(), "corr-1", java.util.Map.of());
    long topGroupId;

    private Scim(FakeGitLab fake, UnaryOperator<GitLabBridge.Builder> config, RetryPolicy retry) {
        this(fake, client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, retry), config, retry);
    }

    private Scim(FakeGitLab fake, GitLabClient rest, UnaryOperator<GitLabBridge.Builder> config, RetryPolicy retry) {
        this.fake = fake;
        // The tests seed GitLab's groups and projects after building the bridge: no start-up check (a test turns it
        // back on through config; StartupCheckTest does).
        GitLabBridge.Builder b = GitLabBridge.builder().auditSink(audit::add).startupCheck(false);
        if (fake.mode() == FakeGitLab.Mode.SELF_MANAGED) {
            b.selfManaged(rest);
        } else {
            topGroupId = fake.seedGroup("acme");
            // The bridge's REST token on GitLab.com is a top-level group Owner's (GitLab.com has no administrators).
            fake.seedMember(topGroupId, fake.adminUserId(), 50);
            String token = fake.seedGroupScimToken(topGroupId);
            b.gitlabCom(rest, client(fake, token, TokenHeader.BEARER, retry), "acme");
        }
        this.bridge = config.apply(b).build();
    }

    static Scim of(FakeGitLab fake, UnaryOperator<GitLabBridge.Builder> config) {
        return new Scim(fake, config, fastRetry());
    }

    static Scim of(FakeGitLab fake, UnaryOperator<GitLabBridge.Builder> config, RetryPolicy retry) {
        return new Scim(fake, config, retry);
    }

    /** A bridge whose REST client the test built (its clock, its pacing). */
    static Scim of(FakeGitLab fake, GitLabClient rest, UnaryOperator<GitLabBridge.Builder> config) {
        return new Scim(fake, rest, config, fastRetry());
    }

    static RetryPolicy fastRetry() {
        return RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20)).jitter(0.5)
                .maxRateLimitRetries(10).maxRateLimitWait(Duration.ofSeconds(5)).build();
    }

    static GitLabClient client(FakeGitLab fake, String token, TokenHeader kind, RetryPolicy retry) {
        return GitLabClient.builder().baseUrl(fake.baseUrl()).token(token).tokenHeader(kind).retryPolicy(retry)
                .requestsPerMinute(0).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
    }

    ScimResource createUser(String userName, String email, String externalId) {
        return createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"externalId\":\"" + externalId + "\",\"name\":{\"givenName\":\"Given\",\"familyName\":\""
                + userName + "\"},\"emails\":[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}],"
                + "\"active\":true}");
    }

    ScimResource createUser(String json) {
        return users().create(READER.readRequest(json.getBytes(StandardCharsets.UTF_8),
                REGISTRY.requireResourceType("User")), ctx);
    }

    ScimResource createGroup(String displayName, String... members) {
        StringBuilder m = new StringBuilder();
        for (String id : members) {
            m.append(m.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        String json = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + displayName + "\",\"members\":[" + m + "]}";
        return groups().create(READER.readRequest(json.getBytes(StandardCharsets.UTF_8),
                REGISTRY.requireResourceType("Group")), ctx);
    }

    /** A group from a whole request body (members with types, $refs, ...). */
    ScimResource createGroupFrom(String json) {
        return groups().create(READER.readRequest(json.getBytes(StandardCharsets.UTF_8),
                REGISTRY.requireResourceType("Group")), ctx);
    }

    ScimResource patchUser(String id, String ops) {
        return patch(users(), "User", id, ops);
    }

    ScimResource patchGroup(String id, String ops) {
        return patch(groups(), "Group", id, ops);
    }

    private ScimResource patch(ResourceProvider p, String type, String id, String ops) {
        ScimResource before = p.get(id, ctx).orElseThrow();
        PatchEngine engine = PatchEngine.of(REGISTRY, REGISTRY.requireResourceType(type), PatchOptions.lenient());
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}";
        PatchResult r = engine.apply(before, body.getBytes(StandardCharsets.UTF_8));
        return p.update(ResourceUpdate.patch(id, before, r), ctx);
    }

    ResourceProvider users() {
        return bridge.users();
    }

    ResourceProvider groups() {
        return bridge.groups();
    }

    /** The writes GitLab accepted (2xx): a create it refused because the account exists changed nothing. */
    List<String> acceptedWrites() {
        return fake.journal().stream().filter(e -> !e.method().equals("GET") && e.status() / 100 == 2)
                .map(e -> e.method() + " " + e.path()).toList();
    }

    /** Writes (non-GET requests) in the fake's journal since the last clear. */
    List<String> writes() {
        return fake.journal().stream().filter(e -> !e.method().equals("GET"))
                .map(e -> e.method() + " " + e.path()).toList();
    }
}
