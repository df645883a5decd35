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
import io.scimlab.gitlab.state.UserRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link ServiceAccountTokens} over GitLab's token APIs: on GitLab.com the top-level group's service-account token
 * routes, on self-managed the admin personal access token routes for the service account's user. Runs inside the
 * store's exclusive section and the bridge's provisioning lock, so a token is never issued while its account is
 * being deactivated, by this replica or another.
 */
final class TokenService implements ServiceAccountTokens {
    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());
    private static final String PRINCIPAL = "scimlab-service-account-tokens";

    private final Env env;
    private final ServiceAccountTokenStore store;
    private final ServiceAccountTokenPolicy policy;
    private final Optional<IssuedTokenSink> sink;

    TokenService(Env env, ServiceAccountTokenStore store, ServiceAccountTokenPolicy policy,
            Optional<IssuedTokenSink> sink) {
        this.env = env;
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
        return exclusive(() -> {
            UserRecord rec = activeAccount(scimUserId);
            LocalDate expires = today().plusDays(lifetimeDays);
            Calls.Op op = op("issue token for /Users/" + scimUserId);
            long uid = rec.gitlabUserId();
            NewAccessToken body = new NewAccessToken(name, checked, Optional.of(expires));
            AccessToken t = call(op, "POST", createPath(uid), "", describe(checked, expires), () -> com()
                    ? gl().accessTokens().createServiceAccount(group(), uid, body)
                    : gl().accessTokens().createPersonal(uid, body));
            return handOver(op, rec, t, expires, to);
        });
    }

    @Override
    public ManagedToken rotate(String scimUserId, long tokenId) {
        IssuedTokenSink to = requireSink();
        return exclusive(() -> {
            UserRecord rec = activeAccount(scimUserId);
            ManagedToken old = store.get(tokenId).filter(t -> t.scimUserId().equals(scimUserId))
                    .orElseThrow(() -> new IllegalArgumentException("token " + tokenId
                            + " is not a token the bridge issued for service account " + scimUserId));
            return rotate(op("rotate token of /Users/" + scimUserId), rec, old, to);
        });
    }

    /**
     * Runs a public operation as the providers run a SCIM write: inside the store's {@link
     * io.scimlab.gitlab.state.StateStore#exclusive} (which serialises replicas sharing a database), then the
     * bridge's lock; so no replica issues a token while another deactivates its account.
     */
    private <T> T exclusive(Supplier<T> work) {
        return env.write(work);
    }

    private ManagedToken rotate(Calls.Op op, UserRecord rec, ManagedToken old, IssuedTokenSink to) {
        long uid = rec.gitlabUserId();
        LocalDate expires = today().plusDays(policy.maxLifetimeDays());
        AccessToken t;
        try {
            t = call(op, "POST", tokenPath(uid, old.tokenId()) + "/rotate", "token=" + old.tokenId(),
                    "expires=" + expires, () -> com()
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
        exclusive(() -> {
            UserRecord rec = account(scimUserId);
            revoke(op("revoke token of /Users/" + scimUserId), rec.gitlabUserId(), tokenId);
            return null;
        });
    }

    @Override
    public List<ManagedToken> rotateAllDue() {
        IssuedTokenSink to = requireSink();
        List<ManagedToken> out = new ArrayList<>();
        exclusive(() -> {
            LocalDate due = today().plusDays(policy.rotateBeforeDays());
            Calls.Op op = op("rotate due service-account tokens");
            for (ManagedToken m : store.expiringBy(due)) {
                Optional<UserRecord> rec = env.store().user(m.scimUserId()).filter(UserRecord::active);
                if (rec.isEmpty()) {
                    // Deactivation revoked it already: only the marker is left.
                    store.remove(m.tokenId());
                    continue;
                }
                try {
                    out.add(rotate(op, rec.get(), m, to));
                } catch (RuntimeException e) {
                    // Ids and the failure kind only: the audit event has GitLab's message.
                    LOG.log(System.Logger.Level.WARNING, "rotation of token " + m.tokenId() + " of service account "
                            + m.scimUserId() + " failed: " + kind(e));
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public List<ManagedToken> tokens(String scimUserId) {
        return store.of(scimUserId);
    }

    /**
     * Revokes every active token GitLab holds for the account (issued by the bridge or not) and forgets the stored
     * ones: part of deactivating and deleting a service account. Runs under the caller's lock.
     */
    void revokeAll(Calls.Op op, UserRecord rec) {
        long uid = rec.gitlabUserId();
        List<Long> ids = new ArrayList<>();
        try (Stream<AccessToken> s = com() ? gl().accessTokens().listServiceAccount(group(), uid)
                : gl().accessTokens().listPersonal(uid)) {
            s.filter(t -> t.active() && !t.revoked()).forEach(t -> ids.add(t.id()));
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw Errors.toScim(e);
            }
        }
        try {
            for (long id : ids) {
                revoke(op, uid, id);
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
        store.of(rec.scimId()).forEach(t -> store.remove(t.tokenId()));
    }

    private void revoke(Calls.Op op, long uid, long tokenId) {
        try {
            call(op, "DELETE", tokenPath(uid, tokenId), "token=" + tokenId, "revoked", () -> {
                if (com()) {
                    gl().accessTokens().revokeServiceAccount(group(), uid, tokenId);
                } else {
                    gl().accessTokens().revokePersonal(tokenId);
                }
                return Boolean.TRUE;
            });
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        store.remove(tokenId);
    }

    /** Stores the ids, then gives the value to the sink; a failing sink gets the token revoked at once. */
    private ManagedToken handOver(Calls.Op op, UserRecord rec, AccessToken t, LocalDate expires, IssuedTokenSink to) {
        LocalDate expiresAt = t.expiresAt().orElse(expires);
        ManagedToken kept = new ManagedToken(rec.scimId(), rec.gitlabUserId(), t.id(), t.name(), t.scopes(),
                expiresAt, env.clock().instant());
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

    private <T> T call(Calls.Op op, String method, String path, String before, String after, Supplier<T> action) {
        return env.calls().raw(op, method, path, before, after, action);
    }

    private UserRecord account(String scimUserId) {
        UserRecord rec = env.store().user(scimUserId).orElseThrow(() -> new IllegalArgumentException(
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
        return !env.selfManaged();
    }

    private GitLabClient gl() {
        return env.client();
    }

    private GroupRef group() {
        return GroupRef.path(env.topLevelGroup().orElseThrow());
    }

    private String createPath(long uid) {
        return com() ? groupBase(uid) : "/api/v4/users/" + uid + "/personal_access_tokens";
    }

    private String tokenPath(long uid, long tokenId) {
        return (com() ? groupBase(uid) : "/api/v4/personal_access_tokens") + "/" + tokenId;
    }

    private String groupBase(long uid) {
        return "/api/v4/groups/" + env.topLevelGroup().orElse("").replace("/", "%2F") + "/service_accounts/" + uid
                + "/personal_access_tokens";
    }

    private LocalDate today() {
        return LocalDate.ofInstant(env.clock().instant(), ZoneOffset.UTC);
    }

    private static String describe(List<String> scopes, LocalDate expires) {
        return "scopes=" + scopes + " expires=" + expires;
    }

    private static String kind(RuntimeException e) {
        return e instanceof GitLabException g ? g.kind() + " (" + g.status() + ")" : e.getClass().getSimpleName();
    }

    private static Calls.Op op(String operation) {
        // Not a SCIM request: a fresh correlation id ties the audit events of one call together.
        return new Calls.Op(new RequestContext(PRINCIPAL, Optional.empty(), UUID.randomUUID().toString(), Map.of()),
                operation);
    }

    @Override
    public String toString() {
        return "ServiceAccountTokens[" + env.target() + ", " + policy + "]";
    }
}
