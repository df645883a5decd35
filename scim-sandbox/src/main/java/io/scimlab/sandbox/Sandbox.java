package io.scimlab.sandbox;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.StartupCheckException;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.FakeGitLabBuilder;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox: a SCIM endpoint at {@code http://127.0.0.1:<port>/scim/v2} bridged to an embedded fake GitLab
 * (seeded with a demo group tree and role mapping) or to a real GitLab. {@link #main(String[])} is what
 * {@code java -jar scim-sandbox.jar} runs; {@link #start(SandboxOptions, PrintStream)} starts one in-process
 * (tests, demos). Closing it stops the endpoint and the fake.
 */
public final class Sandbox implements AutoCloseable {
    /**
     * The demo role mapping: SCIM groups to groups and a project of the demo tree; "Staff" shows nested groups (push
     * other SCIM groups into it, and its grant reaches all their users).
     */
    public static final String DEMO_MAPPING_TEXT = """
            SCIM group "Engineering"          -> demo/engineering              developer
            SCIM group "Backend Maintainers"  -> demo/engineering/backend      maintainer
            SCIM group "Design"               -> demo/design                   reporter
            SCIM group "API Developers"       -> project demo/engineering/api  developer
            SCIM group "Staff"                -> demo                          guest
              (its members may be groups, e.g. Engineering and Design: the grant reaches all their users)
            rule gitlab-<path>-<developer|maintainer> -> demo/<path> with that role""";

    private final @Nullable FakeGitLab fake;
    private final @Nullable SandboxAdmin admin;
    private final SandboxReport report;
    private final GitLabBridge bridge;
    private final ScimHttpServer binding;
    private final SandboxOptions options;
    private final String gitlabUrl;
    private final String gitlabToken;

    private Sandbox(@Nullable FakeGitLab fake, @Nullable SandboxAdmin admin, SandboxReport report, GitLabBridge bridge,
            ScimHttpServer binding, SandboxOptions options, String gitlabUrl, String gitlabToken) {
        this.fake = fake;
        this.admin = admin;
        this.report = report;
        this.bridge = bridge;
        this.binding = binding;
        this.options = options;
        this.gitlabUrl = gitlabUrl;
        this.gitlabToken = gitlabToken;
    }

    /**
     * Starts a sandbox.
     *
     * @param options what to start
     * @param audit where audit events are printed as they happen (one JSON line each)
     * @return the running sandbox
     * @throws IllegalArgumentException when the mapping file is not a valid role mapping
     */
    public static Sandbox start(SandboxOptions options, PrintStream audit) {
        RoleMapping mapping = options.mapping().map(RoleMapping::fromJson).orElseGet(Sandbox::demoMapping);
        AuditSink sink = event -> audit.println(event.toJson());
        FakeGitLab fake = null;
        GitLabBridge.Builder bridge = GitLabBridge.builder().roleMapping(mapping).auditSink(sink);
        String url;
        String token;
        if (options.gitlabUrl().isPresent()) {
            url = options.gitlabUrl().get();
            token = options.gitlabToken().orElseThrow();
            GitLabClient rest = client(url, token, TokenHeader.PRIVATE_TOKEN, 2000);
            if (options.gitlabCom()) {
                bridge.gitlabCom(rest, client(url, options.gitlabScimToken().orElseThrow(), TokenHeader.BEARER, 2000),
                        options.gitlabGroup());
            } else {
                bridge.selfManaged(rest);
            }
        } else {
            FakeGitLabBuilder b = FakeGitLab.builder().port(options.gitlabPort())
                    .mode(options.gitlabCom() ? FakeGitLab.Mode.GITLAB_COM : FakeGitLab.Mode.SELF_MANAGED);
            options.gitlabToken().ifPresent(b::adminToken);
            fake = b.start();
            long top = fake.seedDemoTree(options.gitlabGroup()).top();
            url = fake.baseUrl();
            token = fake.adminToken();
            // The fake's request throttle is off, so pacing would only slow the demo down.
            GitLabClient rest = client(url, token, TokenHeader.PRIVATE_TOKEN, 0);
            if (options.gitlabCom()) {
                bridge.gitlabCom(rest, client(url, fake.seedGroupScimToken(top), TokenHeader.BEARER, 0),
                        options.gitlabGroup());
            } else {
                bridge.selfManaged(rest);
            }
        }
        // Fail fast against a real GitLab; the embedded fake is seeded with the demo tree, and a custom mapping's
        // groups may be seeded through the admin endpoint after the start.
        GitLabBridge built = bridge.startupCheck(options.gitlabUrl().isPresent()).build();
        // The bridge's registry carries ScimLab's GitLab extension (the service-account marker) for /Schemas.
        ScimServer server = ScimServer.builder().registry(built.schemaRegistry()).provider(built.users())
                .provider(built.groups())
                .authenticator(BearerTokenAuthenticator.create().add("idp", options.token()))
                .compatibility(options.strict() ? Compatibility.strictRfc() : Compatibility.lenient()).build();
        SandboxAdmin admin = null;
        SandboxReport report = null;
        try {
            // Fault injection and seeding act on the embedded fake only: never offered for a real GitLab.
            admin = fake == null ? null : SandboxAdmin.start(fake, options.adminPort(), options.adminToken());
            report = SandboxReport.start(built::accessReport, options.reportPort(), options.reportToken());
            ScimHttpServer binding = ScimHttpServer.builder(server).port(options.port())
                    .basePath("/scim/v2").start();
            return new Sandbox(fake, admin, report, built, binding, options, url, token);
        } catch (RuntimeException e) {
            if (report != null) {
                report.close();
            }
            if (admin != null) {
                admin.close();
            }
            if (fake != null) {
                fake.close();
            }
            throw e;
        }
    }

    private static GitLabClient client(String url, String token, TokenHeader header, int requestsPerMinute) {
        return GitLabClient.builder().baseUrl(url).token(token).tokenHeader(header).requestsPerMinute(requestsPerMinute)
                .build();
    }

    /**
     * The demo mapping ({@link #DEMO_MAPPING_TEXT}), under the top-level group {@code demo}.
     *
     * @return the mapping
     */
    public static RoleMapping demoMapping() {
        return RoleMapping.builder()
                .group("Engineering", "demo/engineering", AccessLevel.DEVELOPER)
                .group("Backend Maintainers", "demo/engineering/backend", AccessLevel.MAINTAINER)
                .group("Design", "demo/design", AccessLevel.REPORTER)
                .project("API Developers", "demo/engineering/api", AccessLevel.DEVELOPER)
                .group("Staff", "demo", AccessLevel.GUEST)
                .rule(new RoleMapping.Rule(Pattern.compile("gitlab-(?<path>.+)-(?<role>developer|maintainer)"),
                        "demo/", Optional.empty(), Optional.empty()))
                .build();
    }

    /** The SCIM base URL, e.g. {@code http://127.0.0.1:8080/scim/v2}. */
    public String scimBaseUrl() {
        return binding.baseUrl();
    }

    /** The GitLab the sandbox bridges to (the fake's URL, or the real one). */
    public String gitlabUrl() {
        return gitlabUrl;
    }

    /**
     * The admin endpoint's base URL (fault injection, seeding, journal; see the README), when the sandbox runs the
     * embedded fake.
     *
     * @return e.g. {@code http://127.0.0.1:8081/_admin}
     */
    public Optional<String> adminUrl() {
        return Optional.ofNullable(admin).map(SandboxAdmin::baseUrl);
    }

    /**
     * The access report endpoint's URL ({@code GET ?format=csv|jsonl} with the report token).
     *
     * @return e.g. {@code http://127.0.0.1:8082/_report}
     */
    public String reportUrl() {
        return report.url();
    }

    /**
     * The bridge the sandbox runs: for its access report, reconciler and state.
     *
     * @return the bridge
     */
    public GitLabBridge bridge() {
        return bridge;
    }

    /** The embedded fake GitLab, when the sandbox runs one. */
    public Optional<FakeGitLab> fake() {
        return Optional.ofNullable(fake);
    }

    /**
     * What the sandbox prints at start: URLs, tokens and three curl lines to try.
     *
     * @return the text
     */
    public String banner() {
        String scim = scimBaseUrl();
        String auth = "-H 'Authorization: Bearer " + options.token() + "'";
        String json = "-H 'Content-Type: application/scim+json'";
        String n = System.lineSeparator();
        return "ScimLab sandbox (" + (options.gitlabCom() ? "gitlabCom" : "selfManaged") + " mode"
                + (options.strict() ? ", strict RFC" : ", IdP-lenient") + ")" + n
                + "  SCIM base URL:     " + scim + n
                + "  SCIM bearer token: " + options.token() + n
                + "  GitLab URL:        " + gitlabUrl + (fake != null ? " (embedded fake)" : "") + n
                + "  GitLab token:      " + (fake != null ? gitlabToken : "(from GITLAB_TOKEN)") + n
                + (admin != null ? "  Admin endpoint:    " + admin.baseUrl() + " (faults, seed, journal)" + n : "")
                + "  Access report:     " + report.url() + "?format=csv (report token " + options.reportToken() + ")"
                + n
                + "  Role mapping:      " + options.mapping().map(Object::toString).orElse("demo") + n
                + (options.mapping().isEmpty() ? DEMO_MAPPING_TEXT.indent(4) : "")
                + n + "Try:" + n
                + "  curl -s " + auth + " " + json + " -X POST " + scim + "/Users -d '{\"userName\":\"bjensen\","
                + "\"emails\":[{\"value\":\"bjensen@example.com\",\"primary\":true}],\"name\":{\"givenName\":"
                + "\"Barbara\",\"familyName\":\"Jensen\"},\"externalId\":\"bjensen-1\",\"active\":true}'" + n
                + "  curl -s " + auth + " " + json + " -X POST " + scim + "/Groups -d '{\"displayName\":"
                + "\"Engineering\",\"members\":[{\"value\":\"<id from the first answer>\"}]}'" + n
                + "  curl -s -H 'PRIVATE-TOKEN: " + (fake != null ? gitlabToken : "$GITLAB_TOKEN") + "' "
                + gitlabUrl + "/api/v4/groups/" + options.gitlabGroup() + "%2Fengineering/members" + n
                + (admin == null ? "" : n + "Fault injection and seeding (admin token " + options.adminToken() + "):"
                        + n
                        + "  curl -s -H 'Authorization: Bearer " + options.adminToken() + "' -X POST "
                        + admin.baseUrl() + "/faults -d '{\"kind\":\"status\",\"status\":503,\"method\":\"POST\","
                        + "\"path\":\"/api/v4/users\",\"duringMs\":30000}'" + n)
                + n + "Audit events print below as they happen. Ctrl-C stops." + n;
    }

    @Override
    public void close() {
        binding.close();
        report.close();
        if (admin != null) {
            admin.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /**
     * Runs the sandbox until Ctrl-C.
     *
     * @param args see {@link SandboxOptions#USAGE}
     */
    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(SandboxOptions.USAGE);
            return;
        }
        if (CheckGitLab.requested(args)) {
            System.exit(CheckGitLab.run(args, System.getenv(), System.out, System.err));
            return;
        }
        // The embedded fake GitLab runs on the JDK's HTTP server, which sends each response's headers and body in
        // two writes: without TCP_NODELAY the body waits ~40 ms for the client's delayed ACK. The JDK reads this
        // JVM-wide switch once, when its first HTTP server starts; a main owns the JVM, so it may set it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        Sandbox sandbox;
        try {
            SandboxOptions options = SandboxOptions.parse(args, System.getenv(), Sandbox::randomToken);
            sandbox = start(options, System.out);
        } catch (StartupCheckException e) {
            System.err.println("scim-sandbox: " + e.getMessage()); // every problem, one per line
            System.exit(2);
            return;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("scim-sandbox: " + oneLine(e));
            System.exit(2);
            return;
        }
        if (sandbox.options.report().isPresent()) {
            System.exit(writeReport(sandbox, sandbox.options.report().get()));
            return;
        }
        System.out.println(sandbox.banner());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "scim-sandbox-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --report FILE}: writes the access report and stops; the exit status (0, or 1 when it failed). */
    static int writeReport(Sandbox sandbox, java.nio.file.Path file) {
        try (sandbox) {
            long rows = SandboxReport.writeTo(sandbox.bridge.accessReport(), file);
            System.err.println("scim-sandbox: wrote " + rows + " access report rows to " + file);
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("scim-sandbox: the access report failed: " + oneLine(e));
            return 1;
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (e instanceof java.io.UncheckedIOException && cause != null) {
            message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        return message.lines().findFirst().orElse(message);
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return "scim-" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "Sandbox{" + scimBaseUrl() + ", " + options + "}";
    }
}
