package io.scimlab.spring.boot;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.Authenticator;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.Limits;
import io.scimlab.core.server.ScimRequestListener;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.GitLabCallListener;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.StartupCheckException;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.provision.Target;
import io.scimlab.gitlab.serviceaccount.IssuedTokenSink;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.token.TokenRotator;
import io.scimlab.gitlab.token.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The core of the starter: from {@code scimlab.*} properties, a {@link GitLabClient}, a {@link GitLabBridge} with
 * its state store (JDBC on the application's {@code DataSource} when there is one), audit sink and role mapping,
 * the {@link ScimServer}, token rotation and reconciliation on one scheduler thread, and the start-up check of the
 * mapping. Every bean backs off when the application declares one of its type. The web binding, health and
 * metrics are separate auto-configurations, each conditional on its classes.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnProperty(prefix = "scimlab", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ScimLabProperties.class)
public class ScimLabAutoConfiguration {
    private static final Log LOG = LogFactory.getLog(ScimLabAutoConfiguration.class);

    /** Created by Spring. */
    public ScimLabAutoConfiguration() {
    }

    @Bean
    ScimLabRuntime scimlabRuntime() {
        OkHttpInfo.duplicateWarning().ifPresent(w -> LOG.warn("ScimLab: " + w));
        return new ScimLabRuntime();
    }

    /**
     * The role mapping from {@code scimlab.mapping} (empty when unset).
     *
     * @param properties the properties
     * @param resources  where the mapping file is read from
     * @return the mapping
     */
    @Bean
    @ConditionalOnMissingBean
    public RoleMapping scimlabRoleMapping(ScimLabProperties properties, ResourceLoader resources) {
        String location = properties.mapping();
        if (location == null || location.isBlank()) {
            return RoleMapping.empty();
        }
        Resource resource = resources.getResource(location.strip());
        if (!resource.exists()) {
            throw new IllegalStateException("scimlab.mapping: no role mapping file at " + location);
        }
        try (InputStream in = resource.getInputStream()) {
            return RoleMapping.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("scimlab.mapping: cannot read " + location, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("scimlab.mapping: " + location + " is not a valid role mapping: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The audit sink: one JSON line per GitLab change to the {@code io.scimlab.audit} logger, and, with the JDBC
     * storage, the same event appended to its tamper-evident trail ({@code scimlab.audit.*}).
     *
     * @param properties the properties
     * @param jdbc       the JDBC storage, when the application has a {@code DataSource}
     * @return the sink
     */
    @Bean
    @ConditionalOnMissingBean
    public AuditSink scimlabAuditSink(ScimLabProperties properties, ObjectProvider<JdbcStorage> jdbc) {
        AuditSink log = AuditSink.logging();
        JdbcStorage storage = jdbc.getIfAvailable();
        if (storage == null || !properties.audit().jdbc()) {
            return log;
        }
        AuditSink trail = storage.auditStore(properties.audit().trail());
        return event -> {
            try {
                trail.record(event);
            } finally {
                // The log line is written even when the database refuses the event (the bridge logs that failure).
                log.record(event);
            }
        };
    }

    /**
     * The state store: the JDBC storage's when there is one, else in memory (with a warning, since a restart
     * forgets every SCIM id and membership marker).
     *
     * @param properties the properties
     * @param jdbc       the JDBC storage, when the application has a {@code DataSource}
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public StateStore scimlabStateStore(ScimLabProperties properties, ObjectProvider<JdbcStorage> jdbc) {
        JdbcStorage storage = jdbc.getIfAvailable();
        if (storage != null && properties.stateStore().type() != ScimLabProperties.StoreType.MEMORY) {
            return storage.stateStore();
        }
        if (properties.stateStore().type() == ScimLabProperties.StoreType.JDBC) {
            throw new IllegalStateException("scimlab.state-store.type=jdbc needs a DataSource bean (for example "
                    + "spring.datasource.url)");
        }
        if (properties.stateStore().type() == ScimLabProperties.StoreType.AUTO) {
            LOG.warn("ScimLab keeps its state in memory: a restart forgets SCIM ids and managed memberships. Add a "
                    + "DataSource for the JDBC store, or set scimlab.state-store.type=memory to silence this.");
        }
        return new InMemoryStateStore();
    }

    /**
     * Where issued service-account tokens are remembered: the JDBC storage's, else in memory.
     *
     * @param jdbc the JDBC storage, when there is one
     * @return the store
     */
    @Bean
    @ConditionalOnMissingBean
    public ServiceAccountTokenStore scimlabServiceAccountTokenStore(ObjectProvider<JdbcStorage> jdbc) {
        JdbcStorage storage = jdbc.getIfAvailable();
        return storage != null ? storage.serviceAccountTokenStore() : ServiceAccountTokenStore.inMemory();
    }

    /**
     * Who may call the SCIM endpoint: the bearer tokens of {@code scimlab.idp-tokens}.
     *
     * @param properties the properties
     * @return the authenticator
     */
    @Bean
    @ConditionalOnMissingBean
    public Authenticator scimlabAuthenticator(ScimLabProperties properties) {
        if (properties.idpTokens().isEmpty()) {
            throw new IllegalStateException("scimlab.idp-tokens is empty: name at least one identity provider's "
                    + "bearer token (scimlab.idp-tokens.okta=...), or declare an Authenticator bean");
        }
        BearerTokenAuthenticator tokens = BearerTokenAuthenticator.create();
        for (Map.Entry<String, String> e : properties.idpTokens().entrySet()) {
            String value = e.getValue().strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("scimlab.idp-tokens." + e.getKey() + " is empty");
            }
            if (value.startsWith("sha256:")) {
                tokens.addHash(e.getKey(), value.substring("sha256:".length()));
            } else {
                tokens.add(e.getKey(), value);
            }
        }
        return tokens;
    }

    /**
     * The GitLab client: {@code scimlab.gitlab.*}, with the token fixed or from the rotator, every
     * {@link GitLabCallListener} bean, then every {@link GitLabClientCustomizer} bean.
     *
     * @param properties  the properties
     * @param runtime     what the starter owns
     * @param rotator     the token rotator, when the token comes from a store
     * @param listeners   call listener beans
     * @param customizers customizer beans
     * @return the client
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    GitLabClient scimlabGitLabClient(ScimLabProperties properties, ScimLabRuntime runtime,
            ObjectProvider<TokenRotator> rotator, ObjectProvider<GitLabCallListener> listeners,
            ObjectProvider<GitLabClientCustomizer> customizers) {
        ScimLabProperties.GitLabSettings g = properties.gitlab();
        GitLabClient.Builder b = GitLabClient.builder().baseUrl(required(g.url(), "scimlab.gitlab.url"))
                .requestsPerMinute(g.requestsPerMinute()).connectTimeout(g.connectTimeout())
                .readTimeout(g.readTimeout()).callTimeout(g.callTimeout());
        TokenRotator r = rotator.getIfAvailable();
        if (r != null) {
            b.tokenSupplier(r.tokenSource());
        } else {
            b.token(required(g.token(), "scimlab.gitlab.token (or scimlab.gitlab.token-name)"));
        }
        listeners.orderedStream().forEach(b::addCallListener);
        OkHttpClient.Builder http = new OkHttpClient.Builder();
        customizers.orderedStream().forEach(c -> c.customize(b, http));
        GitLabClient client = b.httpClient(runtime.own(http.build())).build();
        if (r != null && g.rotation().enabled()) {
            runtime.schedule("token rotation", s -> r.schedule(s, client, g.rotation().checkEvery()));
        }
        return client;
    }

    /**
     * The bridge: the target, the client(s), mapping, state, audit and policies.
     *
     * @param properties      the properties
     * @param client          the GitLab client
     * @param mapping         the role mapping
     * @param store           the state store
     * @param tokens          where issued service-account tokens are remembered
     * @param audit           the audit sink
     * @param issuedTokenSink who receives new service-account tokens, when the application declares one
     * @param clock           the clock, when the application declares one
     * @return the bridge
     */
    @Bean
    @ConditionalOnMissingBean
    public GitLabBridge scimlabGitLabBridge(ScimLabProperties properties, GitLabClient client, RoleMapping mapping,
            StateStore store, ServiceAccountTokenStore tokens, AuditSink audit,
            ObjectProvider<IssuedTokenSink> issuedTokenSink, ObjectProvider<Clock> clock) {
        ScimLabProperties.PolicySettings p = properties.policies();
        GitLabBridge.Builder b = GitLabBridge.builder().roleMapping(mapping).stateStore(store).auditSink(audit)
                .serviceAccountTokenStore(tokens).deprovisionPolicy(p.deprovision()).deletePolicy(p.delete())
                .existingUserPolicy(p.existingUser()).adoptPolicy(p.adopt()).driftPolicy(p.drift())
                .nestedGroupPolicy(p.nestedGroups());
        if (properties.target() == Target.GITLAB_COM) {
            String top = required(properties.gitlab().topLevelGroup(), "scimlab.gitlab.top-level-group");
            // The SCIM token's client shares the main client's connections; only the token and header differ.
            GitLabClient scim = client.newBuilder().tokenHeader(TokenHeader.BEARER)
                    .token(required(properties.gitlab().scimToken(), "scimlab.gitlab.scim-token")).build();
            b.gitlabCom(client, scim, top);
        } else {
            b.selfManaged(client);
        }
        Optional.ofNullable(properties.identityProvider()).filter(s -> !s.isBlank()).ifPresent(b::identityProvider);
        issuedTokenSink.ifAvailable(b::issuedTokenSink);
        clock.ifAvailable(b::clock);
        b.startupCheck(properties.gitlab().startupCheck());
        try {
            return b.build();
        } catch (StartupCheckException e) {
            // The bridge's own check (io.scimlab.gitlab.preflight), told how to skip it here.
            throw new StartupCheckException(e.report(), "set scimlab.gitlab.startup-check=false to start without "
                    + "checking GitLab.");
        }
    }

    /**
     * The SCIM server: the bridge's providers and schemas, the authenticator, {@code scimlab.limits},
     * compatibility and base URL, every {@link ScimRequestListener} bean, then every {@link ScimServerCustomizer}.
     *
     * @param properties    the properties
     * @param bridge        the bridge
     * @param authenticator the authenticator
     * @param listeners     request listener beans
     * @param customizers   customizer beans
     * @return the server
     */
    @Bean
    @ConditionalOnMissingBean
    public ScimServer scimlabScimServer(ScimLabProperties properties, GitLabBridge bridge,
            Authenticator authenticator, ObjectProvider<ScimRequestListener> listeners,
            ObjectProvider<ScimServerCustomizer> customizers) {
        ScimServer.Builder b = ScimServer.builder().registry(bridge.schemaRegistry()).provider(bridge.users())
                .provider(bridge.groups()).authenticator(authenticator).limits(limits(properties.limits()))
                .compatibility(properties.strictRfc() ? Compatibility.strictRfc() : Compatibility.lenient());
        Optional.ofNullable(properties.publicBaseUrl()).filter(s -> !s.isBlank()).ifPresent(b::baseUrl);
        listeners.orderedStream().forEach(b::addRequestListener);
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    GitLabChecks scimlabGitLabChecks(ScimLabProperties properties, GitLabClient client) {
        return new ClientGitLabChecks(client, properties.target(),
                Optional.ofNullable(properties.gitlab().topLevelGroup()));
    }

    @Bean
    @ConditionalOnProperty(prefix = "scimlab.reconcile", name = "enabled", havingValue = "true")
    ScimLabReconciliation scimlabReconciliation(ScimLabProperties properties, GitLabBridge bridge,
            ScimLabRuntime runtime, ObjectProvider<Clock> clock) {
        ScimLabReconciliation job = new ScimLabReconciliation(bridge.reconciler(), properties.reconcile().apply(),
                clock.getIfAvailable(Clock::systemUTC));
        runtime.every("reconcile", properties.reconcile().interval(), job);
        return job;
    }

    private static Limits limits(ScimLabProperties.LimitSettings s) {
        Limits.Builder b = Limits.defaults().toBuilder();
        set(s.maxBodyBytes(), b::maxBodyBytes);
        set(s.maxResults(), b::maxResults);
        set(s.maxOffset(), b::maxOffset);
        set(s.bulkMaxOperations(), b::bulkMaxOperations);
        set(s.bulkMaxPayloadBytes(), b::bulkMaxPayloadBytes);
        set(s.maxNestingDepth(), b::maxNestingDepth);
        set(s.maxStringLength(), b::maxStringLength);
        set(s.maxNameLength(), b::maxNameLength);
        return b.build();
    }

    private static void set(@Nullable Integer value, IntConsumer setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    static String required(@Nullable String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required");
        }
        return value.strip();
    }

    /** The JDBC storage on the application's {@code DataSource}, unless the state store is in memory. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnExpression("'${scimlab.state-store.type:auto}'.toLowerCase() != 'memory'")
    static class JdbcStorageConfiguration {
        @Bean
        @ConditionalOnMissingBean
        JdbcStorage scimlabJdbcStorage(DataSource dataSource, ScimLabProperties properties) {
            return JdbcStorage.builder(dataSource).migrate(properties.stateStore().migrate())
                    .lockWait(properties.stateStore().lockWait()).build();
        }
    }

    /**
     * The bridge's token from a {@link TokenStore} slot ({@code scimlab.gitlab.token-name}), rotated before it
     * expires on the starter's scheduler.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "scimlab.gitlab", name = "token-name")
    static class TokenRotationConfiguration {
        @Bean
        @ConditionalOnMissingBean
        TokenStore scimlabTokenStore(ObjectProvider<JdbcStorage> jdbc) {
            JdbcStorage storage = jdbc.getIfAvailable();
            if (storage == null) {
                throw new IllegalStateException("scimlab.gitlab.token-name needs a TokenStore: a DataSource (the JDBC "
                        + "store) or a TokenStore bean");
            }
            return storage.tokenStore();
        }

        @Bean
        @ConditionalOnMissingBean
        TokenRotator scimlabTokenRotator(ScimLabProperties properties, TokenStore store, AuditSink audit,
                ObjectProvider<Clock> clock) {
            ScimLabProperties.RotationSettings r = properties.gitlab().rotation();
            String name = required(properties.gitlab().tokenName(), "scimlab.gitlab.token-name");
            TokenRotator rotator = TokenRotator.builder(store, name).auditSink(audit).rotateBefore(r.rotateBefore())
                    .lifetime(r.lifetime()).clock(clock.getIfAvailable(Clock::systemUTC)).build();
            if (store.get(name).isEmpty()) {
                throw new IllegalStateException("scimlab.gitlab.token-name: the token store holds no token named "
                        + name + "; store one first (TokenStore.put(StoredToken.personal(...), 0))");
            }
            return rotator;
        }
    }

    /**
     * The embedded SCIM HTTP server ({@code scimlab.http.enabled=true}): the endpoint on its own port, for
     * applications that run no servlet web server.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "scimlab.http", name = "enabled", havingValue = "true")
    static class EmbeddedHttpConfiguration {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ScimHttpServer scimlabHttpServer(ScimServer server, ScimLabProperties properties) {
            ScimHttpServer.Builder b = ScimHttpServer.builder(server).port(properties.http().port())
                    .bindAddress(properties.http().bindAddress()).basePath(properties.basePath());
            Optional.ofNullable(properties.publicBaseUrl()).filter(s -> !s.isBlank()).ifPresent(b::publicBaseUrl);
            ScimHttpServer started = b.start();
            LOG.info("ScimLab SCIM endpoint at " + started.baseUrl());
            return started;
        }
    }
}
