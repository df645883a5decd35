package io.scimlab.verify.compat;

import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.Limits;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditFormat;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.audit.AuditVerification;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.UserQuery;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.report.AccessRow;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.jaxrs.ScimJaxRsResource;
import io.scimlab.servlet.ScimServlet;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The Java snippets of README.md, compiled: each method body holds one snippet verbatim (ReadmeSnippetsTest checks
 * that every ```java block of README.md appears in a compiled source file). Never run: they would reach
 * gitlab.example.com. The parameters are the snippets' free variables.
 */
@SuppressWarnings("unused")
final class ReadmeSnippets {
    private ReadmeSnippets() {}

    /** What the snippets call {@code metrics}. */
    interface Metrics {
        void record(String method, int status, Duration duration);
    }

    /** What the snippets call {@code vault}. */
    interface Vault {
        void write(IssuedToken token);
    }

    static void embeddingTheScimServer() throws IOException {
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer server = ScimServer.builder()
                .provider(directory.users()).provider(directory.groups())
                .authenticator(BearerTokenAuthenticator.create().add("okta", System.getenv("SCIM_TOKEN")))
                .limits(Limits.defaults().toBuilder().maxBodyBytes(256 << 10).build())           // optional
                .compatibility(Compatibility.lenient().toBuilder()                                   // optional
                        .filter(FilterOptions.lenient().toBuilder().maxTerms(64).build()).build())
                .build();
        ScimHttpServer http = ScimHttpServer.builder(server).port(8080).basePath("/scim/v2").start();
    }

    static void provisioningGitLab(String scimToken) throws IOException {
        GitLabClient admin = GitLabClient.builder().baseUrl("https://gitlab.example.com")
                .token(System.getenv("GITLAB_TOKEN")).build();
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(admin)      // or .gitlabCom(ownerClient, scimClient, "acme")
                .roleMapping(RoleMapping.fromJson(Path.of("mapping.json")))
                .build();
        ScimServer server = ScimServer.builder().registry(bridge.schemaRegistry())
                .provider(bridge.users()).provider(bridge.groups())
                .authenticator(BearerTokenAuthenticator.create().add("entra", scimToken)).build();
    }

    static void theGitLabClient(Metrics metrics) {
        try (GitLabClient gitlab = GitLabClient.builder().baseUrl("https://gitlab.example.com")
                .token(System.getenv("GITLAB_TOKEN"))
                .retryPolicy(RetryPolicy.defaults().toBuilder().maxAttempts(6).build())   // or RetryPolicy.none()
                .addCallListener(call -> metrics.record(call.method(), call.status(), call.duration()))
                .build()) {
            GitLabUser ann = gitlab.users().findByUsername("ann").orElseThrow();
            gitlab.members().add(GroupRef.path("acme/eng"), ann.id(), MembershipSpec.of(AccessLevel.DEVELOPER));
            try (Stream<GitLabUser> blocked = gitlab.users().list(UserQuery.all().blockedOnly())) {
                blocked.forEach(u -> System.out.println(u.username() + " " + u.state()));   // UserState.BLOCKED, ...
            }
        }
    }

    static void durableState(DataSource dataSource, GitLabClient admin, Vault vault) {
        JdbcStorage storage = JdbcStorage.builder(dataSource).build();
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(admin)
                .stateStore(storage.stateStore())
                .serviceAccountTokenStore(storage.serviceAccountTokenStore())
                .auditSink(storage.auditStore())
                .issuedTokenSink(vault::write)
                .build();
    }

    static void theAuditTrail(JdbcStorage storage) throws IOException {
        AuditStore trail = storage.auditStore();
        AuditQuery q = AuditQuery.builder().scimUserId("42")            // or scimGroupId, gitlabUserId, gitlabPath,
                .from(Instant.parse("2026-11-01T00:00:00Z"))            //    principal, correlationId, outcome
                .until(Instant.parse("2026-12-01T00:00:00Z")).pageSize(200).build();
        for (Optional<AuditQuery> page = Optional.of(q); page.isPresent(); ) {
            AuditPage p = trail.query(page.get());
            p.records().forEach(r -> System.out.println(r.sequence() + " " + r.event().operation()));
            page = p.next();
        }
        try (OutputStream out = Files.newOutputStream(Path.of("user-42.csv"))) {
            trail.export(q, AuditFormat.CSV, out);                       // or AuditFormat.JSON_LINES
        }
        AuditVerification v = trail.verify();         // v.firstBreak(): sequence, problem, detail
    }

    static void theAccessReport(GitLabBridge bridge, JdbcStorage storage) throws IOException {
        try (Writer out = Files.newBufferedWriter(Path.of("access.csv"))) {
            bridge.accessReport().writeCsv(out);                          // or writeJsonLines(out)
        }
        bridge.accessReport().forEach(row -> {                            // the same rows, typed
            if (row.kind() != AccessRow.Kind.MANAGED) {
                System.out.println(row.kind() + " " + row.username() + " " + row.detail());
            }
        });
        // The events behind a row: what happened to user 13 in acme/eng, from the audit trail.
        AuditQuery why = AuditQuery.builder().gitlabUserId(13).gitlabPath("acme/eng").build();
        storage.auditStore().export(why, AuditFormat.JSON_LINES, System.out);
    }

    static void inAServletContainer(ServletContext servletContext, ScimServer scim) {
        servletContext.addServlet("scim", new ScimServlet(scim)).addMapping("/scim/v2/*");
    }

    // Application.getSingletons() is deprecated since Jakarta REST 3.1 (in favour of CDI), yet it is still the portable
    // way to hand any runtime a ready instance, which is what the README shows.
    @SuppressWarnings("deprecation")
    static Application inAJakartaRestRuntime(ScimServer scim) {
        return new Application() {
            @Override
            public Set<Object> getSingletons() {
                return Set.of(new ScimJaxRsResource(scim));                    // serves scim/v2/...
            }
        };
    }
}
