package io.scimlab.gitlab.provision;

import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.ScimScope;
import io.scimlab.gitlab.audit.AuditHealth;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.preflight.Preflight;
import io.scimlab.gitlab.preflight.PreflightReport;
import io.scimlab.gitlab.preflight.StartupCheckException;
import io.scimlab.gitlab.report.AccessReport;
import io.scimlab.gitlab.serviceaccount.IssuedTokenSink;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenPolicy;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.api.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One GitLab target wired for SCIM: the {@link #users()} and {@link #groups()} providers to register with a SCIM
 * server, and the {@link #reconciler()}, all sharing one state store, audit sink, mapping and set of policies.
 *
 * <pre>{@code
 * GitLabBridge bridge = GitLabBridge.builder()
 *         .selfManaged(GitLabClient.builder().baseUrl(url).token(adminToken).build())
 *         .roleMapping(RoleMapping.fromJson(Path.of("roles.json")))
 *         .build();
 * }</pre>
 */
public final class GitLabBridge {
    private static final System.Logger LOG = System.getLogger(GitLabBridge.class.getName());

    /** How long a write whose answer was lost is remembered by default (see {@link Builder#pendingWriteExpiry}). */
    static final Duration DEFAULT_PENDING_WRITE_EXPIRY = Duration.ofDays(7);

    private final GitLabTarget target;
    private final StateStore store;
    private final GitLabUserProvider users;
    private final GitLabGroupProvider groups;
    private final Reconciler reconciler;
    private final SchemaRegistry registry;
    private final TokenService tokens;
    private final AuditTrail audit;
    private final AccessReview review;

    private GitLabBridge(Builder b, Target kind, GitLabClient client) {
        AuditTrail audit = new AuditTrail(b.audit, b.clock);
        this.audit = audit;
        // The bridge's own views of the clients: same connections, pacing and token, plus the audit trail as a
        // listener, so each audit event carries the request the client really sent; and rate-limit sleeps bounded,
        // because every write runs under the bridge's lock: a longer wait answers 503 with Retry-After instead.
        GitLabClient observed = bridgeView(client, audit, b.rateLimitWaitInRequest);
        Optional<GitLabScim> scim = kind == Target.GITLAB_COM && b.scimClient != null
                ? Optional.of(bridgeView(b.scimClient, audit, b.rateLimitWaitInRequest).scim(
                        ScimScope.group(Objects.requireNonNull(b.topLevelGroup))))
                : Optional.empty();
        if (b.deprovision == DeprovisionPolicy.DEACTIVATE) {
            LOG.log(System.Logger.Level.WARNING, "deprovision policy DEACTIVATE: a deactivated GitLab user gets access "
                    + "back by signing in again; GitLab refuses to deactivate users active in the last 90 days "
                    + "(the bridge blocks those). BLOCK, the default, holds until the IdP reactivates the user.");
        }
        String provider = b.identityProvider != null ? b.identityProvider
                : kind == Target.GITLAB_COM ? "group_saml" : "saml";
        this.target = new GitLabTarget(kind, observed, scim, Optional.ofNullable(b.topLevelGroup), provider);
        this.store = b.store;
        Policies policies = new Policies(b.mapping, b.usernames, b.deprovision, b.delete, b.existingUser, b.adopt,
                b.drift);
        WriteSection section = new WriteSection(store);
        UserStates states = new UserStates(observed, audit);
        Capabilities capabilities = new Capabilities(observed);
        PendingWrites pending = new PendingWrites(store, b.clock, b.pendingWriteExpiry);
        MembershipPlanner planner = new MembershipPlanner(store, b.mapping, policies.inactiveKeepsMemberships(kind),
                b.adopt, b.drift, pending, capabilities);
        this.registry = ServiceAccounts.withExtension(b.registry);
        this.tokens = new TokenService(target, section, store, audit, b.clock, b.tokenStore, b.tokenPolicy,
                Optional.ofNullable(b.tokenSink), capabilities);
        AccountGuard guard = new AccountGuard(observed, audit, b.clock);
        UserBackend people = target.selfManaged()
                ? new SelfManagedUsers(target, policies, store, audit, states, guard, pending)
                : new GitLabComUsers(target, policies, store, audit, guard);
        UserBackend bots = new ServiceAccountUsers(target, policies, store, audit, states, tokens, pending);
        ChangeRunner runner = new ChangeRunner(observed, store, audit, states, b.adopt, pending);
        this.users = new GitLabUserProvider(target, policies, store, section, b.clock, people, bots, planner, runner,
                registry.requireResourceType("User"), pending);
        this.groups = new GitLabGroupProvider(kind, store, section, b.clock, b.mapping, planner, runner,
                new NestedGroups(b.nestedGroups, b.nestedGroupLimits), registry.requireResourceType("Group"));
        this.reconciler = new Reconciler(target, policies, store, section, planner, runner, b.pause);
        this.review = new AccessReview(target, store, planner, tokens, b.audit instanceof AuditStore s
                ? Optional.of(s) : Optional.empty());
    }

    private static GitLabClient bridgeView(GitLabClient client, AuditTrail audit, Duration maxSleep) {
        RetryPolicy policy = client.retryPolicy();
        Duration bound = policy.maxRateLimitSleep().filter(d -> d.compareTo(maxSleep) < 0).orElse(maxSleep);
        return client.newBuilder().addCallListener(audit)
                .retryPolicy(policy.toBuilder().maxRateLimitSleep(bound).build()).build();
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
     * The User provider.
     *
     * @return the provider
     */
    public GitLabUserProvider users() {
        return users;
    }

    /**
     * The Group provider.
     *
     * @return the provider
     */
    public GitLabGroupProvider groups() {
        return groups;
    }

    /**
     * The reconciler.
     *
     * @return the reconciler
     */
    public Reconciler reconciler() {
        return reconciler;
    }

    /**
     * Who can do what in GitLab, and why: every membership in the mapped GitLab groups and projects with the SCIM
     * groups and mapping entries or rules that grant it (and, with an {@link AuditStore} as audit sink, since
     * when), every unexplained one (manual, drift, held by a user the identity provider deactivated), and every
     * service account with its tokens' expiry dates. Each write of the report reads GitLab afresh, one request per
     * page of members, and streams its rows.
     *
     * <pre>{@code
     * bridge.accessReport().writeCsv(System.out);
     * }</pre>
     *
     * @return the report
     */
    public AccessReport accessReport() {
        return AccessReport.of(review);
    }

    /**
     * The schema registry the providers serve, with ScimLab's GitLab extension schema on User (the service-account
     * marker): give it to {@code ScimServer.builder().registry(...)} so {@code /Schemas} lists it and requests may
     * carry it.
     *
     * @return the registry
     */
    public SchemaRegistry schemaRegistry() {
        return registry;
    }

    /**
     * Issues, rotates and revokes the tokens of users provisioned as service accounts.
     *
     * @return the token API
     */
    public ServiceAccountTokens serviceAccountTokens() {
        return tokens;
    }

    /**
     * How delivering this bridge's audit events to its sink has gone: a refused event does not fail the GitLab
     * change (already made), it is logged at ERROR with its JSON and counted here, for alerting.
     *
     * @return the counts so far
     */
    public AuditHealth auditHealth() {
        return audit.health();
    }

    /**
     * The state store.
     *
     * @return the store
     */
    public StateStore stateStore() {
        return store;
    }

    /**
     * The target.
     *
     * @return the target
     */
    public Target target() {
        return target.kind();
    }

    @Override
    public String toString() {
        return "GitLabBridge[" + target.kind() + " at " + target.client().baseUrl() + "]";
    }

    /** Configures a {@link GitLabBridge}; {@link #selfManaged} or {@link #gitlabCom} is required. */
    public static final class Builder {
        private @Nullable Target target;
        private @Nullable GitLabClient client;
        private @Nullable GitLabClient scimClient;
        private @Nullable String topLevelGroup;
        private StateStore store = new InMemoryStateStore();
        private AuditSink audit = AuditSink.logging();
        private RoleMapping mapping = RoleMapping.empty();
        private UsernamePolicy usernames = UsernamePolicy.defaults();
        private @Nullable String identityProvider;
        private DeprovisionPolicy deprovision = DeprovisionPolicy.BLOCK;
        private DeletePolicy delete = DeletePolicy.BLOCK_AND_REMOVE_MEMBERSHIPS;
        private ExistingUserPolicy existingUser = ExistingUserPolicy.CONFLICT;
        private Duration pendingWriteExpiry = DEFAULT_PENDING_WRITE_EXPIRY;
        private AdoptPolicy adopt = AdoptPolicy.LEAVE;
        private DriftPolicy drift = DriftPolicy.REPORT;
        private NestedGroupPolicy nestedGroups = NestedGroupPolicy.FLATTEN;
        private NestedGroupLimits nestedGroupLimits = NestedGroupLimits.defaults();
        private Clock clock = Clock.systemUTC();
        private SchemaRegistry registry = SchemaRegistry.standard();
        private ServiceAccountTokenPolicy tokenPolicy = ServiceAccountTokenPolicy.defaults();
        private ServiceAccountTokenStore tokenStore = ServiceAccountTokenStore.inMemory();
        private @Nullable IssuedTokenSink tokenSink;
        private Duration rateLimitWaitInRequest = Duration.ofSeconds(2);
        private Pause pause = Pause.system();
        private boolean startupCheck = true;

        private Builder() {
        }

        /**
         * A self-managed instance.
         *
         * @param adminClient a client with an administrator's token
         * @return this builder
         */
        public Builder selfManaged(GitLabClient adminClient) {
            this.target = Target.SELF_MANAGED;
            this.client = Objects.requireNonNull(adminClient, "adminClient");
            return this;
        }

        /**
         * GitLab.com.
         *
         * @param ownerClient   a client with a token of an Owner of the top-level group (members API)
         * @param scimClient    a client with the group's SCIM token ({@code TokenHeader.BEARER})
         * @param topLevelGroup the top-level group's path
         * @return this builder
         */
        public Builder gitlabCom(GitLabClient ownerClient, GitLabClient scimClient, String topLevelGroup) {
            this.target = Target.GITLAB_COM;
            this.client = Objects.requireNonNull(ownerClient, "ownerClient");
            this.scimClient = Objects.requireNonNull(scimClient, "scimClient");
            this.topLevelGroup = Objects.requireNonNull(topLevelGroup, "topLevelGroup");
            return this;
        }

        /**
         * The state store (default: a new {@link InMemoryStateStore}).
         *
         * @param value the store
         * @return this builder
         */
        public Builder stateStore(StateStore value) {
            this.store = Objects.requireNonNull(value, "stateStore");
            return this;
        }

        /**
         * The audit sink (default {@link AuditSink#logging()}, JSON lines to {@code System.Logger}). For a durable,
         * tamper-evident, queryable trail give {@code JdbcStorage.auditStore()} of the bridge's database. A sink
         * that throws does not fail the SCIM request (see {@link AuditSink}, {@link GitLabBridge#auditHealth()}).
         *
         * @param value the sink
         * @return this builder
         */
        public Builder auditSink(AuditSink value) {
            this.audit = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        /**
         * The role mapping (default: maps nothing, accepts every group).
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder roleMapping(RoleMapping value) {
            this.mapping = Objects.requireNonNull(value, "roleMapping");
            return this;
        }

        /**
         * The username policy (default {@link UsernamePolicy#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder usernamePolicy(UsernamePolicy value) {
            this.usernames = Objects.requireNonNull(value, "usernamePolicy");
            return this;
        }

        /**
         * The identity provider name stored with externalId (default {@code saml} on self-managed,
         * {@code group_saml} on GitLab.com).
         *
         * @param value the provider name
         * @return this builder
         */
        public Builder identityProvider(String value) {
            this.identityProvider = Objects.requireNonNull(value, "identityProvider");
            return this;
        }

        /**
         * What active=false does (default {@link DeprovisionPolicy#BLOCK}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder deprovisionPolicy(DeprovisionPolicy value) {
            this.deprovision = Objects.requireNonNull(value, "deprovisionPolicy");
            return this;
        }

        /**
         * What DELETE does (default {@link DeletePolicy#BLOCK_AND_REMOVE_MEMBERSHIPS}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder deletePolicy(DeletePolicy value) {
            this.delete = Objects.requireNonNull(value, "deletePolicy");
            return this;
        }

        /**
         * What create does with an existing GitLab account of the same email (default
         * {@link ExistingUserPolicy#CONFLICT}: 409, no linking by email). {@link ExistingUserPolicy#LINK} is an
         * opt-in that still never links an administrator's account, the bridge's own token's account, a bot or
         * service account, or an account with another identity for the configured provider.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder existingUserPolicy(ExistingUserPolicy value) {
            this.existingUser = Objects.requireNonNull(value, "existingUserPolicy");
            return this;
        }

        /**
         * How long the bridge remembers a GitLab write whose answer was lost (default 7 days): within that time an
         * IdP's retry takes what it finds in GitLab (a membership, an account the bridge created) as the bridge's own
         * write; older records are forgotten. Cover the time your IdP keeps retrying a failed operation.
         *
         * @param value the time, positive
         * @return this builder
         */
        public Builder pendingWriteExpiry(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("pendingWriteExpiry must be positive");
            }
            this.pendingWriteExpiry = value;
            return this;
        }

        /**
         * What happens to memberships the bridge did not create (default {@link AdoptPolicy#LEAVE}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder adoptPolicy(AdoptPolicy value) {
            this.adopt = Objects.requireNonNull(value, "adoptPolicy");
            return this;
        }

        /**
         * What the reconciler does with drift (default {@link DriftPolicy#REPORT}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder driftPolicy(DriftPolicy value) {
            this.drift = Objects.requireNonNull(value, "driftPolicy");
            return this;
        }

        /**
         * What a SCIM group whose members include other groups does (default {@link NestedGroupPolicy#FLATTEN}: its
         * grants reach every user in its transitive membership).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder nestedGroupPolicy(NestedGroupPolicy value) {
            this.nestedGroups = Objects.requireNonNull(value, "nestedGroupPolicy");
            return this;
        }

        /**
         * How far nested groups may go (default {@link NestedGroupLimits#defaults()}: chains of 10 groups, 500
         * member groups per group).
         *
         * @param value the limits
         * @return this builder
         */
        public Builder nestedGroupLimits(NestedGroupLimits value) {
            this.nestedGroupLimits = Objects.requireNonNull(value, "nestedGroupLimits");
            return this;
        }

        /**
         * How long one GitLab call of a SCIM request may wait for GitLab's rate limit (default 2 seconds). Every
         * write runs under the bridge's lock, so a longer wait (a {@code Retry-After: 60}, the next free slot of
         * GitLab's 60-a-minute member deletions) is not slept out: the request answers 503 with a
         * {@code Retry-After} header, and the identity provider's retry continues where it stopped. The
         * {@link GitLabBridge#reconciler() reconciler} waits such limits out between its steps, outside the lock.
         *
         * @param value the wait, zero or more
         * @return this builder
         */
        public Builder rateLimitWaitInRequest(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("rateLimitWaitInRequest must not be negative");
            }
            this.rateLimitWaitInRequest = value;
            return this;
        }

        /** How the reconciler waits out rate limits between steps: a test seam. */
        Builder pause(Pause value) {
            this.pause = Objects.requireNonNull(value, "pause");
            return this;
        }

        /**
         * The clock for timestamps (default UTC system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * What service-account tokens may be (default {@link ServiceAccountTokenPolicy#defaults()}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder serviceAccountTokenPolicy(ServiceAccountTokenPolicy value) {
            this.tokenPolicy = Objects.requireNonNull(value, "serviceAccountTokenPolicy");
            return this;
        }

        /**
         * Where the ids and expiry dates of issued service-account tokens are kept (default in memory, which a restart
         * forgets and replicas do not share: with a JDBC state store, take
         * {@link io.scimlab.gitlab.state.jdbc.JdbcStorage#serviceAccountTokenStore()} of the same storage).
         *
         * @param value the store
         * @return this builder
         */
        public Builder serviceAccountTokenStore(ServiceAccountTokenStore value) {
            this.tokenStore = Objects.requireNonNull(value, "serviceAccountTokenStore");
            return this;
        }

        /**
         * Receives each new service-account token value once (no default: issuing and rotating fail without one).
         *
         * @param value the sink
         * @return this builder
         */
        public Builder issuedTokenSink(IssuedTokenSink value) {
            this.tokenSink = Objects.requireNonNull(value, "issuedTokenSink");
            return this;
        }

        /**
         * The schema registry whose User and Group resource types the providers serve (default standard); ScimLab's
         * GitLab extension schema is added to it when missing (see {@link GitLabBridge#schemaRegistry()}).
         *
         * @param value the registry
         * @return this builder
         */
        public Builder schemaRegistry(SchemaRegistry value) {
            this.registry = Objects.requireNonNull(value, "schemaRegistry");
            return this;
        }

        /**
         * Whether {@link #build()} checks GitLab first (default true: fail fast). The check is the
         * {@link Preflight}'s start-up part, read-only: GitLab answers, the token is valid with the rights the
         * target needs (an administrator; on GitLab.com an Owner of the top-level group, and the SCIM token works),
         * and every GitLab group, project and custom role the role mapping names exists and fits (on GitLab.com:
         * inside the top-level group). Every problem is reported at once, in one {@link StartupCheckException}.
         * Turn it off for starts without GitLab (offline, a GitLab seeded later).
         *
         * @param value false to skip the check
         * @return this builder
         */
        public Builder startupCheck(boolean value) {
            this.startupCheck = value;
            return this;
        }

        /**
         * Builds the bridge; with the {@link #startupCheck start-up check} on, checks GitLab first.
         *
         * @return the bridge
         * @throws IllegalStateException     when no target was chosen
         * @throws StartupCheckException when the start-up check finds problems (all of them in its message)
         */
        public GitLabBridge build() {
            if (target == null || client == null) {
                throw new IllegalStateException("choose a target: selfManaged(...) or gitlabCom(...)");
            }
            if (startupCheck) {
                Preflight.Builder check = Preflight.builder().roleMapping(mapping).clock(clock).startupChecksOnly();
                if (target == Target.GITLAB_COM) {
                    check.gitlabCom(client, Objects.requireNonNull(scimClient), Objects.requireNonNull(topLevelGroup));
                } else {
                    check.selfManaged(client);
                }
                PreflightReport report = check.build().run();
                if (report.blocksProvisioning()) {
                    throw new StartupCheckException(report, "build the bridge with startupCheck(false) to start "
                            + "without checking GitLab.");
                }
            }
            return new GitLabBridge(this, target, client);
        }
    }
}
