package io.scimlab.spring.boot;

import io.scimlab.gitlab.provision.AdoptPolicy;
import io.scimlab.gitlab.provision.DeletePolicy;
import io.scimlab.gitlab.provision.DeprovisionPolicy;
import io.scimlab.gitlab.provision.DriftPolicy;
import io.scimlab.gitlab.provision.NestedGroupPolicy;
import io.scimlab.gitlab.provision.ExistingUserPolicy;
import io.scimlab.gitlab.provision.Target;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code scimlab.*} properties: everything the starter needs to serve SCIM and provision GitLab. Bound once at
 * start and immutable; the README's "Spring Boot" section lists them as one complete {@code application.yml}.
 * Unset optional values are {@code null} here (Spring binds them so); the starter then keeps ScimLab's defaults.
 *
 * @param enabled          whether the starter configures anything at all (default true)
 * @param basePath         the path the SCIM endpoint is served under (default {@code /scim/v2})
 * @param publicBaseUrl    the absolute URL the identity provider reaches the endpoint at, used for {@code Location}
 *                         and {@code meta.location}; default: the URL each request arrived at (through a proxy, set
 *                         this or {@code server.forward-headers-strategy})
 * @param idpTokens        the bearer tokens identity providers authenticate with, by name (the name is the
 *                         principal in audit events); a value {@code sha256:<hex>} is the token's SHA-256 hash
 * @param strictRfc        RFC-exact behaviour instead of the identity-provider-lenient default
 * @param limits           request limits; unset ones keep {@code Limits.defaults()}
 * @param http             the embedded SCIM HTTP server, for applications without a servlet web server
 * @param target           the kind of GitLab: {@code self-managed} (default) or {@code gitlab-com}
 * @param gitlab           the GitLab instance and the bridge's token
 * @param mapping          the role mapping JSON, as a Spring resource location (e.g. {@code classpath:mapping.json}
 *                         or {@code file:/etc/scimlab/mapping.json}); unset: nothing is mapped
 * @param identityProvider the identity provider name stored with {@code externalId} (default {@code saml}, or
 *                         {@code group_saml} on GitLab.com)
 * @param policies         what deprovisioning, deletion, existing accounts and drift do
 * @param stateStore       where the bridge keeps what GitLab cannot hold
 * @param audit            where the audit trail goes
 * @param reconcile        the scheduled reconciliation
 * @param health           the Actuator health indicator
 */
@ConfigurationProperties("scimlab")
public record ScimLabProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/scim/v2") String basePath,
        @Nullable String publicBaseUrl,
        @DefaultValue Map<String, String> idpTokens,
        @DefaultValue("false") boolean strictRfc,
        @DefaultValue LimitSettings limits,
        @DefaultValue HttpSettings http,
        @DefaultValue("self-managed") Target target,
        @DefaultValue GitLabSettings gitlab,
        @Nullable String mapping,
        @Nullable String identityProvider,
        @DefaultValue PolicySettings policies,
        @DefaultValue StoreSettings stateStore,
        @DefaultValue AuditSettings audit,
        @DefaultValue ReconcileSettings reconcile,
        @DefaultValue HealthSettings health) {

    /** Normalises the base path to a leading and no trailing slash, and copies the token map. */
    public ScimLabProperties {
        String p = basePath.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        basePath = p.startsWith("/") ? p : "/" + p;
        idpTokens = Map.copyOf(idpTokens);
    }

    /** Never shows the tokens. */
    @Override
    public String toString() {
        return "ScimLabProperties[basePath=" + basePath + ", idpTokens=" + idpTokens.keySet() + ", target=" + target
                + ", gitlab=" + gitlab + "]";
    }

    /**
     * Request limits ({@code io.scimlab.core.server.Limits}); each unset one keeps its default.
     *
     * @param maxBodyBytes        the largest request body
     * @param maxResults          the most resources one list answers
     * @param maxOffset           the deepest index page ({@code startIndex - 1 + count})
     * @param bulkMaxOperations   the most operations in one {@code /Bulk} request
     * @param bulkMaxPayloadBytes the largest {@code /Bulk} body
     * @param maxNestingDepth     the deepest JSON nesting
     * @param maxStringLength     the longest string value
     * @param maxNameLength       the longest name or identifier
     */
    public record LimitSettings(@Nullable Integer maxBodyBytes, @Nullable Integer maxResults,
            @Nullable Integer maxOffset, @Nullable Integer bulkMaxOperations, @Nullable Integer bulkMaxPayloadBytes,
            @Nullable Integer maxNestingDepth, @Nullable Integer maxStringLength, @Nullable Integer maxNameLength) {
    }

    /**
     * The embedded SCIM HTTP server ({@code io.scimlab.core.http.ScimHttpServer}): serves {@code basePath} on its own
     * port, without a servlet container. Off by default; in a servlet web application the SCIM endpoint is served
     * by Spring MVC on the application's own port.
     *
     * @param enabled     whether to start it
     * @param port        the port (0: any free one)
     * @param bindAddress the address to listen on
     */
    public record HttpSettings(@DefaultValue("false") boolean enabled, @DefaultValue("8081") int port,
            @DefaultValue("0.0.0.0") String bindAddress) {
    }

    /**
     * The GitLab instance and the bridge's token: either a fixed {@code token}, or the {@code tokenName} slot of a
     * {@code TokenStore} (the JDBC one when a {@code DataSource} exists, or your {@code TokenStore} bean), which the
     * starter then rotates before it expires.
     *
     * @param url               GitLab's base URL, e.g. {@code https://gitlab.example.com} (required)
     * @param token             an administrator's token (self-managed) or a top-level group Owner's (GitLab.com)
     * @param tokenName         the token store slot to read and rotate the token from, instead of {@code token}
     * @param topLevelGroup     the top-level group (GitLab.com; required there)
     * @param scimToken         the group's SCIM token (GitLab.com; required there)
     * @param requestsPerMinute the request budget (default 2,000, GitLab.com's limit); 0 turns pacing off
     * @param connectTimeout    the connect timeout (default 10 s)
     * @param readTimeout       the read timeout (default 30 s)
     * @param callTimeout       the timeout of one whole exchange (default 60 s)
     * @param rotation          when the token from {@code tokenName} is rotated
     */
    public record GitLabSettings(@Nullable String url, @Nullable String token, @Nullable String tokenName,
            @Nullable String topLevelGroup, @Nullable String scimToken, @DefaultValue("2000") int requestsPerMinute,
            @DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("60s") Duration callTimeout, @DefaultValue RotationSettings rotation,
            @DefaultValue("true") boolean startupCheck) {

        /** Never shows the tokens. */
        @Override
        public String toString() {
            return "GitLabSettings[url=" + url + ", token=" + (token == null ? "unset" : "****") + ", tokenName="
                    + tokenName + ", topLevelGroup=" + topLevelGroup + ", scimToken="
                    + (scimToken == null ? "unset" : "****") + "]";
        }
    }

    /**
     * Rotation of the token kept in the token store ({@code io.scimlab.gitlab.token.TokenRotator}).
     *
     * @param enabled      whether to rotate (default true when {@code tokenName} is set)
     * @param rotateBefore how long before its expiry the token is rotated (default 7 days)
     * @param lifetime     how long a new token is valid (default 30 days)
     * @param checkEvery   how often the expiry is checked (default 1 hour)
     */
    public record RotationSettings(@DefaultValue("true") boolean enabled, @DefaultValue("7d") Period rotateBefore,
            @DefaultValue("30d") Period lifetime, @DefaultValue("1h") Duration checkEvery) {
    }

    /**
     * The bridge's policies ({@code io.scimlab.gitlab.provision}).
     *
     * @param deprovision  what {@code active=false} does (default {@code block})
     * @param delete       what DELETE does (default {@code block-and-remove-memberships})
     * @param existingUser what a create does with an existing account of the same email (default {@code conflict}:
     *                     409; {@code link} is an opt-in that still never takes administrators', the bridge's own,
     *                     bots' or otherwise identified accounts)
     * @param adopt        what happens to memberships the bridge did not create (default {@code leave})
     * @param drift        what reconciliation does with drift (default {@code report})
     * @param nestedGroups what a SCIM group with groups among its members does (default {@code flatten}: its grants
     *                     reach every user in its transitive membership; {@code reject}: 400)
     */
    public record PolicySettings(@DefaultValue("block") DeprovisionPolicy deprovision,
            @DefaultValue("block-and-remove-memberships") DeletePolicy delete,
            @DefaultValue("conflict") ExistingUserPolicy existingUser, @DefaultValue("leave") AdoptPolicy adopt,
            @DefaultValue("report") DriftPolicy drift, @DefaultValue("flatten") NestedGroupPolicy nestedGroups) {
    }

    /**
     * Where the bridge keeps SCIM ids, groups and membership markers.
     *
     * @param type     {@code auto} (default: JDBC when the application has a {@code DataSource}, else in memory),
     *                 {@code jdbc} or {@code memory}
     * @param migrate  whether the starter creates or migrates the JDBC schema (default true)
     * @param lockWait how long a SCIM write waits for the replicas' write lock (default 30 s)
     */
    public record StoreSettings(@DefaultValue("auto") StoreType type, @DefaultValue("true") boolean migrate,
            @DefaultValue("30s") Duration lockWait) {
    }

    /**
     * The audit trail: one JSON line per GitLab change to the {@code io.scimlab.audit} logger always, and with the
     * JDBC storage also a durable, tamper-evident trail in the database ({@code JdbcStorage.auditStore(trail)},
     * which the application can query and verify through the {@code JdbcStorage} bean).
     *
     * @param jdbc  whether to append to the database's trail when there is a JDBC storage (default true)
     * @param trail the trail's name (default {@code default}; one per bridge when several share a database)
     */
    public record AuditSettings(@DefaultValue("true") boolean jdbc, @DefaultValue("default") String trail) {
    }

    /** Which state store to use. */
    public enum StoreType {
        /** JDBC when a {@code DataSource} bean exists, else in memory. */
        AUTO,
        /** {@code JdbcStorage} on the application's {@code DataSource} (which must exist). */
        JDBC,
        /** In memory: lost on restart, not shared by replicas; for trials and tests. */
        MEMORY
    }

    /**
     * Scheduled reconciliation ({@code io.scimlab.gitlab.provision.Reconciler}).
     *
     * @param enabled  whether to run it (default false)
     * @param interval how often (default 1 hour; the first run one interval after start)
     * @param apply    whether to apply the plan (default false: plan only, report drift)
     */
    public record ReconcileSettings(@DefaultValue("false") boolean enabled, @DefaultValue("1h") Duration interval,
            @DefaultValue("false") boolean apply) {
    }

    /**
     * The Actuator health indicator {@code scimlab}.
     *
     * @param cacheFor           how long one check's answer is reused, so that probes do not load GitLab
     *                           (default 30 s)
     * @param tokenExpiryWarning how close to its expiry the token is reported as expiring (default 14 days)
     */
    public record HealthSettings(@DefaultValue("30s") Duration cacheFor,
            @DefaultValue("14d") Period tokenExpiryWarning) {
    }
}
