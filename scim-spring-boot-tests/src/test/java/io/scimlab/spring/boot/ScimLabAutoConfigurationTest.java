package io.scimlab.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.Authenticator;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimRequestListener;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.GitLabCall;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.provision.Target;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.gitlab.token.TokenRotator;
import io.scimlab.gitlab.token.TokenStore;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The starter's conditions and overrides, each in a small context without a web server: what it builds from
 * properties alone, how application beans and customizers win, the state store choice, the start-up check's
 * all-at-once report, token rotation on the scheduler, the GitLab.com target, and health and metrics appearing only
 * with their libraries. Runs on each supported Boot line.
 */
class ScimLabAutoConfigurationTest {
    static final FakeGitLab FAKE = FakeGitLab.selfManaged();
    static final String IDP = "idp-" + UUID.randomUUID();

    static {
        FAKE.seedDemoTree("demo");
    }

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    static final AutoConfigurations STARTER = AutoConfigurations.of(ScimLabAutoConfiguration.class,
            ScimLabWebMvcAutoConfiguration.class, ScimLabHealthAutoConfiguration.class,
            ScimLabMetricsAutoConfiguration.class);

    final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(STARTER)
            .withPropertyValues("scimlab.gitlab.url=" + FAKE.baseUrl(), "scimlab.gitlab.token=" + FAKE.adminToken(),
                    "scimlab.gitlab.requests-per-minute=0", "scimlab.idp-tokens.okta=" + IDP,
                    "scimlab.mapping=classpath:scimlab/demo-mapping.json");

    static ScimResponse createUser(ScimServer server, String token) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        return server.handle(ScimRequest.builder("POST", "/Users").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/scim+json").body(("{\"userName\":\"" + name + "\","
                        + "\"externalId\":\"" + name + "\",\"emails\":[{\"value\":\"" + name + "@example.com\","
                        + "\"primary\":true}],\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"}}")
                        .getBytes(StandardCharsets.UTF_8)).build());
    }

    static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(until);
            Thread.sleep(50);
        }
    }

    static String failure(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder all = new StringBuilder();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void propertiesAloneGiveAWorkingBridgeInMemoryWithoutADataSource() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ScimServer.class).hasSingleBean(GitLabBridge.class)
                    .hasSingleBean(AuditSink.class).hasSingleBean(Authenticator.class)
                    .doesNotHaveBean("scimlabHandlerMapping").doesNotHaveBean(ScimLabReconciliation.class);
            assertThat(context.getBean(StateStore.class)).isInstanceOf(InMemoryStateStore.class);
            assertThat(context.getBean(GitLabBridge.class).target()).isEqualTo(Target.SELF_MANAGED);
            int before = FAKE.userCount();
            ScimResponse r = createUser(context.getBean(ScimServer.class), IDP);
            assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
            assertThat(FAKE.userCount()).isEqualTo(before + 1);
            assertThat(createUser(context.getBean(ScimServer.class), "wrong-token").status()).isEqualTo(401);
        });
    }

    @Test
    void anExistingAccountIsNotLinkedByEmailUnlessThePropertyOptsIn() {
        String name = "x" + UUID.randomUUID().toString().substring(0, 8);
        long existing = FAKE.seedUser(name, name + "@example.com");
        String body = "{\"userName\":\"" + name + "@idp\",\"externalId\":\"" + name + "\",\"emails\":[{\"value\":\""
                + name + "@example.com\"}]}";
        java.util.function.Supplier<ScimRequest> create = () -> ScimRequest.builder("POST", "/Users")
                .header("Authorization", "Bearer " + IDP).header("Content-Type", "application/scim+json")
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
        runner.run(context -> assertThat(context.getBean(ScimServer.class).handle(create.get()).status())
                .isEqualTo(409));
        runner.withPropertyValues("scimlab.policies.existing-user=link").run(context -> {
            ScimResponse r = context.getBean(ScimServer.class).handle(create.get());
            assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
            assertThat(r.bodyText()).contains("\"id\":\"" + existing + "\"");
        });
    }

    @Test
    void nestedGroupsAreFlattenedUnlessThePropertyRejectsThem() {
        java.util.function.Function<String, ScimRequest> post = body -> ScimRequest.builder("POST", "/Groups")
                .header("Authorization", "Bearer " + IDP).header("Content-Type", "application/scim+json")
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
        for (String policy : new String[] {"flatten", "reject"}) {
            runner.withPropertyValues("scimlab.policies.nested-groups=" + policy).run(context -> {
                ScimServer server = context.getBean(ScimServer.class);
                String name = "team-" + UUID.randomUUID();
                ScimResponse inner = server.handle(post.apply("{\"displayName\":\"" + name + "\"}"));
                assertThat(inner.status()).as(inner.bodyText()).isEqualTo(201);
                String id = inner.bodyText().replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
                ScimResponse outer = server.handle(post.apply("{\"displayName\":\"all-" + name + "\",\"members\":"
                        + "[{\"value\":\"" + id + "\",\"type\":\"Group\"}]}"));
                assertThat(outer.status()).as(outer.bodyText()).isEqualTo(policy.equals("flatten") ? 201 : 400);
            });
        }
    }

    @Test
    void applicationBeansAndCustomizersWin() {
        List<AuditEvent> audited = new CopyOnWriteArrayList<>();
        List<GitLabCall> calls = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        InMemoryStateStore store = new InMemoryStateStore();
        runner.withBean(AuditSink.class, () -> audited::add).withBean(StateStore.class, () -> store)
                .withBean(Authenticator.class, () -> BearerTokenAuthenticator.create().add("app", "app-token"))
                .withBean(GitLabClientCustomizer.class, () -> (client, http) -> client.addCallListener(calls::add))
                .withBean(ScimServerCustomizer.class, () -> server -> server.addRequestListener(
                        h -> handled.add(h.method() + " " + h.endpoint())))
                .withBean("extraListener", ScimRequestListener.class, () -> h -> handled.add("bean " + h.status()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(GitLabBridge.class).stateStore()).isSameAs(store);
                    ScimResponse r = createUser(context.getBean(ScimServer.class), "app-token");
                    assertThat(r.status()).as(r.bodyText()).isEqualTo(201);
                    assertThat(createUser(context.getBean(ScimServer.class), IDP).status()).isEqualTo(401);
                    assertThat(audited).isNotEmpty();
                    assertThat(calls).extracting(GitLabCall::method).contains("POST");
                    assertThat(handled).contains("POST /Users", "bean 201");
                });
    }

    @Test
    void stateStoreIsJdbcWithADataSourceUnlessToldOtherwise() {
        runner.withBean(DataSource.class, ScimLabAutoConfigurationTest::h2).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcStorage.class);
            assertThat(context.getBean(StateStore.class).getClass().getSimpleName()).isEqualTo("JdbcStateStore");
            assertThat(createUser(context.getBean(ScimServer.class), IDP).status()).isEqualTo(201);
            // The audit events also went to the database's tamper-evident trail.
            JdbcStorage storage = context.getBean(JdbcStorage.class);
            assertThat(storage.auditStore().head().sequence()).isPositive();
            assertThat(storage.auditStore().verify().intact()).isTrue();
        });
        runner.withBean(DataSource.class, ScimLabAutoConfigurationTest::h2)
                .withPropertyValues("scimlab.audit.jdbc=false").run(context -> {
                    assertThat(createUser(context.getBean(ScimServer.class), IDP).status()).isEqualTo(201);
                    assertThat(context.getBean(JdbcStorage.class).auditStore().head().sequence()).isZero();
                });
        runner.withBean(DataSource.class, ScimLabAutoConfigurationTest::h2)
                .withPropertyValues("scimlab.state-store.type=memory").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JdbcStorage.class);
                    assertThat(context.getBean(StateStore.class)).isInstanceOf(InMemoryStateStore.class);
                });
        runner.withPropertyValues("scimlab.state-store.type=jdbc").run(context ->
                assertThat(failure(context)).contains("scimlab.state-store.type=jdbc needs a DataSource"));
    }

    @Test
    void theStartUpCheckReportsEveryProblemAtOnce() {
        runner.withPropertyValues("scimlab.mapping=classpath:scimlab/broken-mapping.json").run(context -> {
            String message = failure(context);
            // The bridge's check (scim-gitlab's Preflight), all problems in one message, told how to skip it here.
            assertThat(message).contains("ScimLab's start-up check found 3 problems with GitLab (self-managed "
                    + FAKE.baseUrl())
                    .contains("Group demo/platform: demo/platform does not exist or the token cannot see it (mapped "
                            + "from SCIM group \"Platform\")")
                    .contains("Group ghost/ops: ghost/ops does not exist or the token cannot see it (mapped from SCIM "
                            + "group externalId ops-1)")
                    .contains("Rule team-(?<path>.+): missing does not exist or the token cannot see it (the path "
                            + "prefix of this rule)")
                    .contains("set scimlab.gitlab.startup-check=false")
                    .doesNotContain("demo/engineering").doesNotContain(FAKE.adminToken());
        });
    }

    @Test
    void theStartUpCheckCanBeTurnedOffForAnOfflineStart() {
        ApplicationContextRunner offline = runner.withPropertyValues("scimlab.gitlab.url=http://127.0.0.1:9",
                "scimlab.gitlab.connect-timeout=2s");
        offline.run(context -> assertThat(failure(context)).contains("1 problem")
                .contains("cannot read GitLab's version at http://127.0.0.1:9"));
        offline.withPropertyValues("scimlab.gitlab.startup-check=false").run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(ScimServer.class));
    }

    @Test
    void theStartUpCheckWantsAnAdministratorsTokenThatGitLabAccepts() {
        String developer = FAKE.seedToken(FAKE.seedUser("dev" + UUID.randomUUID().toString().substring(0, 6),
                UUID.randomUUID() + "@example.com"));
        runner.withPropertyValues("scimlab.gitlab.token=" + developer).run(context ->
                assertThat(failure(context)).contains("is not an administrator").doesNotContain(developer));
        String revoked = FAKE.seedToken(FAKE.adminUserId());
        FAKE.revokeToken(revoked);
        runner.withPropertyValues("scimlab.gitlab.token=" + revoked).run(context ->
                assertThat(failure(context)).contains("Token: refused").doesNotContain(revoked));
    }

    @Test
    void missingSettingsAreNamed() {
        new ApplicationContextRunner().withConfiguration(STARTER).withPropertyValues("scimlab.idp-tokens.a=b")
                .run(context -> assertThat(failure(context)).contains("scimlab.gitlab.url is required"));
        new ApplicationContextRunner().withConfiguration(STARTER)
                .withPropertyValues("scimlab.gitlab.url=" + FAKE.baseUrl(), "scimlab.gitlab.token=x")
                .run(context -> assertThat(failure(context)).contains("scimlab.idp-tokens is empty"));
        runner.withPropertyValues("scimlab.mapping=classpath:scimlab/nope.json")
                .run(context -> assertThat(failure(context)).contains("no role mapping file at"));
        runner.withPropertyValues("scimlab.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(ScimServer.class)
                        .doesNotHaveBean(GitLabBridge.class));
    }

    @Test
    void idpTokensMayBeGivenAsHashesAndLimitsApply() {
        String hash = BearerTokenAuthenticator.hashHex("hashed-secret");
        runner.withPropertyValues("scimlab.idp-tokens.entra=sha256:" + hash, "scimlab.limits.max-body-bytes=64")
                .run(context -> {
                    ScimServer server = context.getBean(ScimServer.class);
                    assertThat(server.limits().maxBodyBytes()).isEqualTo(64);
                    // Authenticated by the hash, then refused by the limit: the body is larger than 64 bytes.
                    assertThat(createUser(server, "hashed-secret").status()).isEqualTo(413);
                });
    }

    @Test
    void theEndpointIsMappedInAServletWebApplicationOnly() {
        new WebApplicationContextRunner().withConfiguration(STARTER)
                .withPropertyValues("scimlab.gitlab.url=" + FAKE.baseUrl(), "scimlab.gitlab.token=" + FAKE.adminToken(),
                        "scimlab.idp-tokens.okta=" + IDP, "scimlab.base-path=/idp/scim/")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("scimlabHandlerMapping");
                    assertThat(context.getBean("scimlabHandlerMapping",
                            org.springframework.web.servlet.handler.SimpleUrlHandlerMapping.class).getUrlMap())
                            .containsOnlyKeys("/idp/scim", "/idp/scim/**");
                });
    }

    @Test
    void withoutAServletWebServerTheEmbeddedServerServesTheEndpointWhenAskedTo() {
        runner.withPropertyValues("scimlab.http.enabled=true", "scimlab.http.port=0",
                "scimlab.http.bind-address=127.0.0.1").run(context -> {
                    ScimHttpServer http = context.getBean(ScimHttpServer.class);
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(http.baseUrl() + "/ServiceProviderConfig"))
                            .header("Authorization", "Bearer " + IDP).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(http.baseUrl()).endsWith("/scim/v2");
                });
        runner.run(context -> assertThat(context).doesNotHaveBean(ScimHttpServer.class));
    }

    @Test
    void healthIsOnThisBootLinesApiAndGoesDownWhenGitLabRefusesTheToken() {
        String token = FAKE.seedToken(FAKE.adminUserId());
        boolean boot4 = org.springframework.boot.SpringBootVersion.getVersion().startsWith("4.");
        runner.withPropertyValues("scimlab.gitlab.token=" + token, "scimlab.health.cache-for=0s").run(context -> {
            Object indicator = context.getBean("scimlabHealthIndicator");
            assertThat(indicator).isInstanceOf(boot4 ? ScimLabBoot4Health.class : ScimLabBoot3Health.class);
            assertThat(health(indicator)).contains("status=UP").contains("token=valid");
            FAKE.revokeToken(token);
            assertThat(health(indicator)).contains("status=DOWN").contains("token=refused")
                    .doesNotContain(token);
        });
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor",
                "org.springframework.boot.actuate.health")).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("scimlabHealthIndicator"));
        runner.withPropertyValues("management.health.scimlab.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("scimlabHealthIndicator"));
    }

    /** The indicator's answer as "status=UP ... key=value", through either Boot line's API. */
    static String health(Object indicator) throws ReflectiveOperationException {
        Object health = indicator.getClass().getMethod("health").invoke(indicator);
        Object status = health.getClass().getMethod("getStatus").invoke(health);
        Object details = health.getClass().getMethod("getDetails").invoke(health);
        return "status=" + status + " " + details;
    }

    @Test
    void metricsNeedMicrometerAndARegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ScimLabMetrics.class);
            assertThat(createUser(context.getBean(ScimServer.class), IDP).status()).isEqualTo(201);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("scimlab.scim.requests").tags("method", "POST", "endpoint", "/Users",
                    "status", "201").timer().count()).isEqualTo(1);
            assertThat(registry.get("scimlab.gitlab.calls").tags("method", "POST", "endpoint", "/api/v4/users")
                    .timer().count()).isGreaterThanOrEqualTo(1);
        });
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ScimLabMetrics.class));
        runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("scimlabMetrics").hasSingleBean(ScimServer.class));
    }

    @Test
    void reconciliationRunsOnTheSchedulerAndFeedsTheDriftGauge() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("scimlab.reconcile.enabled=true", "scimlab.reconcile.interval=200ms")
                .run(context -> {
                    ScimLabReconciliation job = context.getBean(ScimLabReconciliation.class);
                    await(() -> job.last().isPresent());
                    assertThat(job.last().orElseThrow().failure()).isEmpty();
                    assertThat(context.getBean(MeterRegistry.class).get("scimlab.reconcile.drift").gauge().value())
                            .isEqualTo(job.drift());
                });
    }

    @Test
    void theTokenFromTheStoreIsRotatedOnTheScheduler() {
        DataSource ds = h2();
        TokenStore tokens = JdbcStorage.builder(ds).build().tokenStore();
        String initial = FAKE.seedToken(FAKE.adminUserId());
        // Due: it expires in three days, within the default seven.
        assertThat(tokens.put(StoredToken.personal("bridge", FAKE.tokenId(initial).orElseThrow(), initial,
                LocalDate.now().plusDays(3), Instant.now()), 0)).isTrue();
        runner.withBean(DataSource.class, () -> ds).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("scimlab.gitlab.token=", "scimlab.gitlab.token-name=bridge").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TokenRotator.class);
                    await(() -> tokens.get("bridge").orElseThrow().version() == 2);
                    assertThat(FAKE.tokenActive(initial)).isFalse();
                    // The client reads the new token from the rotator: the bridge keeps working.
                    assertThat(createUser(context.getBean(ScimServer.class), IDP).status()).isEqualTo(201);
                    assertThat(context.getBean(MeterRegistry.class).get("scimlab.gitlab.token.days.left").gauge()
                            .value()).isGreaterThan(7);
                });
        runner.withBean(DataSource.class, ScimLabAutoConfigurationTest::h2)
                .withPropertyValues("scimlab.gitlab.token-name=empty-slot").run(context ->
                        assertThat(failure(context)).contains("holds no token named empty-slot"));
    }

    @Test
    void gitlabComNeedsTheTopLevelGroupAndTheScimToken() {
        try (FakeGitLab com = FakeGitLab.gitlabCom()) {
            long top = com.seedDemoTree("demo").top();
            ApplicationContextRunner r = new ApplicationContextRunner().withConfiguration(STARTER)
                    .withPropertyValues("scimlab.target=gitlab-com", "scimlab.gitlab.url=" + com.baseUrl(),
                            "scimlab.gitlab.token=" + com.adminToken(), "scimlab.gitlab.requests-per-minute=0",
                            "scimlab.gitlab.top-level-group=demo", "scimlab.idp-tokens.okta=" + IDP,
                            "scimlab.mapping=classpath:scimlab/demo-mapping.json");
            r.withPropertyValues("scimlab.gitlab.scim-token=" + com.seedGroupScimToken(top)).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(GitLabBridge.class).target()).isEqualTo(Target.GITLAB_COM);
                ScimResponse created = createUser(context.getBean(ScimServer.class), IDP);
                assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
            });
            r.run(context -> assertThat(failure(context)).contains("scimlab.gitlab.scim-token is required"));
        }
    }
}
