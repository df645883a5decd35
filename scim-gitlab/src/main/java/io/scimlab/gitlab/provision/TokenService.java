package io.scimlab.gitlab.provision;

import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewAccessToken;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.IssuedTokenSink;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenPolicy;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenStore;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.serviceaccount.ServiceAccounts;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link ServiceAccountTokens} over GitLab's token APIs: on GitLab.com the top-level group's service-account token
 * routes, on self-managed the admin personal access token routes for the service account's user. Runs holding the
 * account's user key in the write section, so a token is never issued while its account is being deactivated, by
 * this replica or another.
 */
final class TokenService implements ServiceAccountTokens {
    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());
    private static final String PRINCIPAL = "scimlab-service-account-tokens";

    private final GitLabTarget target;
    private final WriteSection section;
    private final StateStore users;
    private final AuditTrail audit;
    private final Clock clock;
    private final ServiceAccountTokenStore store;
    private final ServiceAccountTokenPolicy policy;
    private final Optional<IssuedTokenSink> sink;
    private final Capabilities capabilities;

    TokenService(GitLabTarget target, WriteSection section, StateStore users, AuditTrail audit, Clock clock,
            ServiceAccountTokenStore store, ServiceAccountTokenPolicy policy, Optional<IssuedTokenSink> sink,
            Capabilities capabilities) {
        this.capabilities = capabilities;
        this.target = target;
        this.section = section;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.store = store;
        this.policy = policy;
        this.sink = sink;
    }

    @Override
    public ManagedToken issue(String scimUserId, String name, Collection<String> scopes) {
        return issue(scimUserId, name, scopes, policy.maxLifetimeDays());
    }

    @Override
    public ManagedToken issue(String scimUserId, String name, Collection<String> scopes, int lifetimeDays) {
        if (lifetimeDays < 1 || lifetimeDays > policy.maxLifetimeDays()) {
            throw new IllegalArgumentException("lifetimeDays must be 1.." + policy.maxLifetimeDays() + ", not "
                    + lifetimeDays);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a token needs a name");
        }
        List<String> checked = policy.check(scopes);
        IssuedTokenSink to = requireSink();
        return exclusive(scimUserId, () -> {
            UserRecord rec = activeAccount(scimUserId);
            LocalDate expires = today().plusDays(lifetimeDays);
            AuditTrail.Op op = op("issue token for /Users/" + scimUserId).user(scimUserId);
            long uid = rec.gitlabUserId();
            NewAccessToken body = new NewAccessToken(name, checked, Optional.of(expires));
            AccessToken t = audit.run(on(op, uid), "", describe(checked, expires), () -> com()
                    ? gl().accessTokens().createServiceAccount(group(), uid, body)
                    : gl().accessTokens().createPersonal(uid, body));
            return handOver(op, rec, t, expires, to);
        });
    }

    @Override
    public ManagedToken rotate(String scimUserId, long tokenId) {
        IssuedTokenSink to = requireSink();
        return exclusive(scimUserId, () -> {
            UserRecord rec = activeAccount(scimUserId);
            ManagedToken old = store.get(tokenId).filter(t -> t.scimUserId().equals(scimUserId))
                    .orElseThrow(() -> new IllegalArgumentException("token " + tokenId
                            + " is not a token the bridge issued for service account " + scimUserId));
            return rotate(op("rotate token of /Users/" + scimUserId).user(scimUserId), rec, old, to);
        });
    }

    /**
     * Runs a public operation as the providers run a SCIM write: holding the service account's user key ({@link
     * io.scimlab.gitlab.state.StateStore#locked}, across replicas sharing a database), which a deactivation holds
     * too; so no replica issues a token while another deactivates its account.
     */
    private <T> T exclusive(String scimUserId, Supplier<T> work) {
        return section.run(Set.of(LockKey.user(scimUserId)), work);
    }

    private ManagedToken rotate(AuditTrail.Op op, UserRecord rec, ManagedToken old, IssuedTokenSink to) {
        long uid = rec.gitlabUserId();
        LocalDate expires = today().plusDays(policy.maxLifetimeDays());
        AccessToken t;
        try {
            t = audit.run(on(op, uid), "token=" + old.tokenId(), "expires=" + expires, () -> com()
                            ? gl().accessTokens().rotateServiceAccount(group(), uid, old.tokenId(),
                                    Optional.of(expires))
                            : gl().accessTokens().rotatePersonal(old.tokenId(), Optional.of(expires)));
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                // Revoked or deleted in GitLab since: nothing left to rotate.
                store.remove(old.tokenId());
            }
            throw e;
        }
        store.remove(old.tokenId());
        return handOver(op, rec, t, expires, to);
    }

    @Override
    public void revoke(String scimUserId, long tokenId) {
        exclusive(scimUserId, () -> {
            UserRecord rec = account(scimUserId);
            revoke(op("revoke token of /Users/" + scimUserId).user(scimUserId), rec.gitlabUserId(), tokenId);
            return null;
        });
    }

    @Override
    public List<ManagedToken> rotateAllDue() {
        IssuedTokenSink to = requireSink();
        List<ManagedToken> out = new ArrayList<>();
        LocalDate due = today().plusDays(policy.rotateBeforeDays());
        AuditTrail.Op op = op("rotate due service-account tokens");
        // Each token under its account's key only: SCIM writes to other users go on meanwhile.
        // Listed in a section with no key, which still waits for a section holding the whole store (exclusive).
        for (ManagedToken listed : section.run(Set.of(), () -> store.expiringBy(due))) {
            try {
                exclusive(listed.scimUserId(), () -> {
                    // Read again under the key: another replica may have rotated or revoked it meanwhile.
                    Optional<ManagedToken> m = store.get(listed.tokenId());
                    if (m.isEmpty()) {
                        return null;
                    }
                    Optional<UserRecord> rec = users.user(listed.scimUserId()).filter(UserRecord::active);
                    if (rec.isEmpty()) {
                        // Deactivation revoked it already: only the marker is left.
                        store.remove(listed.tokenId());
                        return null;
                    }
                    out.add(rotate(op.user(listed.scimUserId()), rec.get(), m.get(), to));
                    return null;
                });
            } catch (RuntimeException e) {
                // Ids and the failure kind only: the audit event has GitLab's message.
                LOG.log(System.Logger.Level.WARNING, "rotation of token " + listed.tokenId() + " of service account "
                        + listed.scimUserId() + " failed: " + kind(e));
            }
        }
        return out;
    }

    @Override
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
        Objects.requireNonNull(scheduler, "scheduler");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, not " + period);
        }
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                rotateAllDue();
            } catch (RuntimeException e) {
                // A thrown exception would cancel the schedule: log it (its kind only, never a value) and go on.
                LOG.log(System.Logger.Level.ERROR, "scheduled rotation of service-account tokens failed: " + kind(e));
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<ManagedToken> tokens(String scimUserId) {
        return store.of(scimUserId);
    }

    @Override
    public List<ManagedToken> tokens() {
        return store.all().stream().sorted(Comparator.comparing(ManagedToken::scimUserId)
                .thenComparing(ManagedToken::expiresAt).thenComparingLong(ManagedToken::tokenId)).toList();
    }

    /**
     * Revokes every active token GitLab holds for the account (issued by the bridge or not), and every token the
     * bridge stored for it, each forgotten only once GitLab has revoked it (or no longer has it): part of
     * deactivating and deleting a service account. GitLab lists a group service account's tokens only from 17.11;
     * before, the stored tokens are all the bridge knows, and each is revoked by id. Runs under the caller's lock;
     * GitLab failures reach the caller as they are, with the tokens not yet revoked still stored.
     */
    void revokeAll(AuditTrail.Op op, UserRecord rec) {
        long uid = rec.gitlabUserId();
        Set<Long> ids = new LinkedHashSet<>();
        if (!com() || capabilities.listsServiceAccountTokens()) {
            try (Stream<AccessToken> s = com() ? gl().accessTokens().listServiceAccount(group(), uid)
                    : gl().accessTokens().listPersonal(uid)) {
                s.filter(t -> t.active() && !t.revoked()).forEach(t -> ids.add(t.id()));
            } catch (GitLabException e) {
                if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                    throw e;
                }
                // No list (an account GitLab no longer has, or a GitLab without the route): the stored ids below.
            }
        }
        store.of(rec.scimId()).forEach(t -> ids.add(t.tokenId()));
        for (long id : ids) {
            // revoke() forgets the stored token only after GitLab revoked it, or answered that it has none.
            revoke(op, uid, id);
        }
    }

    private void revoke(AuditTrail.Op op, long uid, long tokenId) {
        try {
            audit.run(on(op, uid), "token=" + tokenId, "revoked", () -> {
                if (com()) {
                    gl().accessTokens().revokeServiceAccount(group(), uid, tokenId);
                } else {
                    gl().accessTokens().revokePersonal(tokenId);
                }
            });
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        store.remove(tokenId);
    }

    /** Stores the ids, then gives the value to the sink; a failing sink gets the token revoked at once. */
    private ManagedToken handOver(AuditTrail.Op op, UserRecord rec, AccessToken t, LocalDate expires,
            IssuedTokenSink to) {
        LocalDate expiresAt = t.expiresAt().orElse(expires);
        ManagedToken kept = new ManagedToken(rec.scimId(), rec.gitlabUserId(), t.id(), t.name(), t.scopes(),
                expiresAt, clock.instant());
        store.put(kept);
        Optional<String> value = t.token();
        try {
            if (value.isEmpty()) {
                throw new IllegalStateException("GitLab returned token " + t.id() + " without its value");
            }
            to.accept(new IssuedToken(rec.scimId(), t.id(), t.name(), t.scopes(), expiresAt, value.get()));
        } catch (RuntimeException e) {
            // Nobody holds the value: a live, unknown secret is worse than a missing one.
            try {
                revoke(op, rec.gitlabUserId(), t.id());
            } catch (RuntimeException revokeFailed) {
                e.addSuppressed(revokeFailed);
            }
            throw e;
        }
        return kept;
    }

    private UserRecord account(String scimUserId) {
        UserRecord rec = users.user(scimUserId).orElseThrow(() -> new IllegalArgumentException(
                "no SCIM user " + scimUserId));
        if (!ServiceAccounts.isServiceAccount(ScimResource.of(rec.attributes()))) {
            throw new IllegalArgumentException("SCIM user " + scimUserId + " is not a service account");
        }
        return rec;
    }

    private UserRecord activeAccount(String scimUserId) {
        UserRecord rec = account(scimUserId);
        if (!rec.active()) {
            throw new IllegalStateException("service account " + scimUserId + " is inactive");
        }
        return rec;
    }

    private IssuedTokenSink requireSink() {
        return sink.orElseThrow(() -> new IllegalStateException(
                "no IssuedTokenSink configured: GitLabBridge.Builder.issuedTokenSink(...)"));
    }

    private boolean com() {
        return !target.selfManaged();
    }

    private GitLabClient gl() {
        return target.client();
    }

    private GroupRef group() {
        return target.requireTopLevelGroup();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String describe(List<String> scopes, LocalDate expires) {
        return "scopes=" + scopes + " expires=" + expires;
    }

    private static String kind(RuntimeException e) {
        return e instanceof GitLabException g ? g.kind() + " (" + g.status() + ")" : e.getClass().getSimpleName();
    }

    /** The op for a call on a service account's tokens: on GitLab.com the account is the top-level group's. */
    private AuditTrail.Op on(AuditTrail.Op op, long uid) {
        return com() ? op.on(target.topLevelGroup().orElseThrow(), List.of(uid)) : op.on(uid);
    }

    private static AuditTrail.Op op(String operation) {
        // Not a SCIM request: a fresh correlation id ties the audit events of one call together.
        return new AuditTrail.Op(new RequestContext(PRINCIPAL, Optional.empty(), UUID.randomUUID().toString(),
                Map.of()),
                operation);
    }

    @Override
    public String toString() {
        return "ServiceAccountTokens[" + target.kind() + ", " + policy + "]";
    }
}
