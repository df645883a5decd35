package io.scimlab.gitlab.preflight;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.mapping.RoleMapping;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Checks a real GitLab before an identity provider is connected to a bridge there: read-only (GETs only), with
 * the tokens the bridge will use. {@link #run()} returns a {@link PreflightReport}: GitLab's version and edition,
 * the token's validity, scopes and expiry, administrator or Owner rights, the GitLab.com SCIM token, every GitLab
 * group and custom role the role mapping names (exists, fits), whether users carry identities of the SAML provider,
 * the rate-limit headers GitLab sent, and what the bridge will and will not be able to do there. A row that blocks
 * provisioning is {@link PreflightReport.Status#FAIL}.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.builder()
 *         .selfManaged("https://gitlab.example.com", adminToken)
 *         .roleMapping(RoleMapping.fromJson(Path.of("roles.json")))
 *         .build().run();
 * System.out.print(report.toTable());
 * }</pre>
 *
 * <p>Tokens appear nowhere in the report or its {@code toString()}.
 */
public final class Preflight {
    private final Builder settings;

    private Preflight(Builder b) {
        this.settings = b;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the checks. GitLab's errors become rows, never exceptions.
     *
     * @return the report
     */
    public PreflightReport run() {
        if (settings.client != null) {
            // The caller's clients, as they are (their retries, pacing, timeouts); closed by the caller.
            Checks checks = new Checks(settings.client, Optional.ofNullable(settings.scimClient),
                    Optional.ofNullable(settings.topLevelGroup), settings.mapping, provider(), settings.clock,
                    new HeaderWatch(), settings.startupOnly);
            return new PreflightReport(target(settings.client.baseUrl()), checks.run());
        }
        HeaderWatch watch = new HeaderWatch();
        OkHttpClient base = settings.httpClient != null ? settings.httpClient : new OkHttpClient();
        OkHttpClient http = base.newBuilder().addNetworkInterceptor(watch).build();
        String url = Objects.requireNonNull(settings.baseUrl);
        try (GitLabClient rest = client(http, url, Objects.requireNonNull(settings.token), TokenHeader.PRIVATE_TOKEN);
                GitLabClient scim = settings.scimToken == null ? null
                        : client(http, url, settings.scimToken, TokenHeader.BEARER)) {
            Checks checks = new Checks(rest, Optional.ofNullable(scim), Optional.ofNullable(settings.topLevelGroup),
                    settings.mapping, provider(), settings.clock, watch, settings.startupOnly);
            return new PreflightReport(target(rest.baseUrl()), checks.run());
        } finally {
            if (settings.httpClient == null) {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    private String provider() {
        return settings.identityProvider != null ? settings.identityProvider
                : settings.topLevelGroup != null ? "group_saml" : "saml";
    }

    private String target(String url) {
        return (settings.topLevelGroup != null ? "GitLab.com-style group " + settings.topLevelGroup + " at "
                : "self-managed ") + url;
    }

    private GitLabClient client(OkHttpClient http, String url, String token, TokenHeader header) {
        // Quick and read-only: one retry after a 5xx, short rate-limit waits, every request sent (no refusal
        // pause: each check reports its own answer), no pacing beyond GitLab's own headers.
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).maxRateLimitRetries(2)
                .maxRateLimitWait(Duration.ofSeconds(10)).build();
        return GitLabClient.builder().baseUrl(url).token(token).tokenHeader(header).httpClient(http)
                .retryPolicy(policy).refusedTokenPause(Duration.ZERO).requestsPerMinute(0)
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public String toString() {
        return "Preflight[" + settings + "]";
    }

    /** Configures a {@link Preflight}; {@link #selfManaged} or {@link #gitlabCom} is required. */
    public static final class Builder {
        private @Nullable String baseUrl;
        private @Nullable String token;
        private @Nullable String scimToken;
        private @Nullable String topLevelGroup;
        private RoleMapping mapping = RoleMapping.empty();
        private @Nullable String identityProvider;
        private @Nullable OkHttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private @Nullable GitLabClient client;
        private @Nullable GitLabClient scimClient;
        private boolean startupOnly;

        private Builder() {
        }

        /**
         * A self-managed (or Dedicated) instance, with the administrator's token the bridge will use.
         *
         * @param url        the GitLab base URL
         * @param adminToken the token
         * @return this builder
         */
        public Builder selfManaged(String url, String adminToken) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            this.token = Objects.requireNonNull(adminToken, "adminToken");
            this.scimToken = null;
            this.topLevelGroup = null;
            this.client = null;
            this.scimClient = null;
            return this;
        }

        /**
         * A self-managed instance, through a client the caller built (its retries, pacing and timeouts; the
         * preflight does not close it): what a bridge's start-up check uses.
         *
         * @param adminClient a client with the administrator's token
         * @return this builder
         */
        public Builder selfManaged(GitLabClient adminClient) {
            this.client = Objects.requireNonNull(adminClient, "adminClient");
            this.baseUrl = adminClient.baseUrl();
            this.token = "";
            this.scimClient = null;
            this.scimToken = null;
            this.topLevelGroup = null;
            return this;
        }

        /**
         * GitLab.com, through clients the caller built (not closed by the preflight).
         *
         * @param ownerClient   a client with a token of an Owner of the top-level group
         * @param scimClient    a client with the group's SCIM token
         * @param topLevelGroup the top-level group's path
         * @return this builder
         */
        public Builder gitlabCom(GitLabClient ownerClient, GitLabClient scimClient, String topLevelGroup) {
            this.client = Objects.requireNonNull(ownerClient, "ownerClient");
            this.scimClient = Objects.requireNonNull(scimClient, "scimClient");
            this.baseUrl = ownerClient.baseUrl();
            this.token = "";
            this.scimToken = null;
            this.topLevelGroup = Objects.requireNonNull(topLevelGroup, "topLevelGroup");
            return this;
        }

        /**
         * Only what a bridge checks as it starts ({@code GitLabBridge.Builder.startupCheck}): GitLab answers, the
         * token is valid with the rights the target needs, the GitLab.com SCIM token works, and every GitLab group,
         * project and custom role the mapping names exists and fits. Leaves out the SAML identity sample, the
         * rate-limit headers and the capability rows.
         *
         * @return this builder
         */
        public Builder startupChecksOnly() {
            this.startupOnly = true;
            return this;
        }

        /**
         * GitLab.com (or any GitLab provisioned through a top-level group's SCIM API), with the tokens the bridge
         * will use.
         *
         * @param url           the GitLab base URL, e.g. {@code https://gitlab.com}
         * @param ownerToken    a token of an Owner of the top-level group
         * @param scimToken     the group's SCIM token
         * @param topLevelGroup the top-level group's path
         * @return this builder
         */
        public Builder gitlabCom(String url, String ownerToken, String scimToken, String topLevelGroup) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            this.token = Objects.requireNonNull(ownerToken, "ownerToken");
            this.scimToken = Objects.requireNonNull(scimToken, "scimToken");
            this.topLevelGroup = Objects.requireNonNull(topLevelGroup, "topLevelGroup");
            this.client = null;
            this.scimClient = null;
            return this;
        }

        /**
         * The role mapping the bridge will use (default: none, so no group or custom role is checked).
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder roleMapping(RoleMapping value) {
            this.mapping = Objects.requireNonNull(value, "roleMapping");
            return this;
        }

        /**
         * The identity provider name whose identities link users (default {@code saml} on self-managed,
         * {@code group_saml} on GitLab.com), as given to {@code GitLabBridge.Builder.identityProvider}.
         *
         * @param value the provider name
         * @return this builder
         */
        public Builder identityProvider(String value) {
            this.identityProvider = Objects.requireNonNull(value, "identityProvider");
            return this;
        }

        /**
         * An OkHttp client to share (proxy, TLS settings); the preflight adds an interceptor to a derived client.
         *
         * @param value the client
         * @return this builder
         */
        public Builder httpClient(OkHttpClient value) {
            this.httpClient = Objects.requireNonNull(value, "httpClient");
            return this;
        }

        /**
         * The clock that token expiry is judged by (default UTC system clock; the requests keep the system's).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the preflight.
         *
         * @return the preflight
         * @throws IllegalStateException when no target was chosen
         */
        public Preflight build() {
            if (baseUrl == null || token == null) {
                throw new IllegalStateException("choose a target: selfManaged(...) or gitlabCom(...)");
            }
            return new Preflight(this);
        }

        @Override
        public String toString() {
            return (topLevelGroup == null ? "self-managed " : "GitLab.com group " + topLevelGroup + " at ")
                    + baseUrl + ", " + mapping + ", tokens=****";
        }
    }
}
