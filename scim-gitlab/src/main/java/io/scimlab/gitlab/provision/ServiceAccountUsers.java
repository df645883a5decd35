package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.ServiceAccount;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * SCIM users marked as service accounts (bots, AI agents): instance service accounts on a self-managed instance
 * (administrator token), service accounts of the top-level group on GitLab.com (group Owner token).
 * Memberships follow the role mapping as for people.
 *
 * <p>Deactivation and deletion first revoke every token of the account, then: self-managed blocks the account
 * (also under {@link DeprovisionPolicy#DEACTIVATE}, because GitLab lets a deactivated account's tokens work and
 * re-activates it on use), or deletes it under the DELETE policies. GitLab.com group Owners cannot block users,
 * and a group service account has no SAML identity for GitLab's SCIM to deprovision, so there the memberships the
 * bridge manages are removed, and the DELETE policies delete the service account. The GitLab username and email
 * are fixed at creation; later userName or email changes stay in the state store, a name change is sent.
 */
final class ServiceAccountUsers implements UserBackend {
    private final GitLabClient gl;
    private final boolean com;
    private final GitLabTarget target;
    private final Policies policies;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;
    private final TokenService tokens;
    private final PendingWrites pending;

    ServiceAccountUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit, UserStates states,
            TokenService tokens, PendingWrites pending) {
        this.pending = pending;
        this.gl = target.client();
        this.com = !target.selfManaged();
        this.target = target;
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.states = states;
        this.tokens = tokens;
    }

    private GroupRef group() {
        return target.requireTopLevelGroup();
    }

    /** The op for a call on these accounts: on GitLab.com they live in the top-level group. */
    private AuditTrail.Op on(AuditTrail.Op op, List<Long> ids) {
        return com ? op.on(target.topLevelGroup().orElseThrow(), ids) : ids.isEmpty() ? op : op.on(ids.get(0));
    }

    /**
     * Creates the service account under the first free candidate username. Each attempt is recorded as pending
     * until the SCIM user is stored: after a lost answer, the IdP's retry finds the account under that username and
     * takes it as the bridge's own, instead of creating a second one under the next suffix.
     */
    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        UsernamePolicy policy = policies.usernames();
        String username = policy.baseUsername(user.userName(), user.email());
        for (int attempt = 0; ; attempt++) {
            String candidate = policy.candidate(username, attempt);
            String key = PendingWrites.usernameKey(candidate);
            if (pending.find(PendingWrites.ACCOUNT, key).isPresent()) {
                Optional<ServiceAccount> earlier = byUsername(candidate);
                if (earlier.isPresent()) {
                    return new Account(earlier.get().id(), earlier.get().username(), Optional.of(key));
                }
            }
            NewServiceAccount body = new NewServiceAccount(Optional.of(user.name()), Optional.of(candidate),
                    user.email());
            pending.begin(op, PendingWrites.ACCOUNT, key);
            try {
                ServiceAccount sa = audit.runCreating(on(op, List.of()), "", "service account username="
                        + candidate, () -> com ? gl.serviceAccounts().create(group(), body)
                                : gl.serviceAccounts().create(body), ServiceAccount::id);
                return new Account(sa.id(), sa.username(), Optional.of(key));
            } catch (GitLabException e) {
                if (PendingWrites.refused(e, "POST")) {
                    pending.done(PendingWrites.ACCOUNT, key);
                }
                if (!usernameTaken(e) || policy.onClash() == UsernamePolicy.OnClash.CONFLICT
                        || attempt >= policy.maxSuffix()) {
                    throw e;
                }
            }
        }
    }

    private Optional<ServiceAccount> byUsername(String username) {
        try (Stream<ServiceAccount> s = com ? gl.serviceAccounts().list(group()) : gl.serviceAccounts().list()) {
            return s.filter(a -> a.username().equalsIgnoreCase(username)).findFirst();
        }
    }

    private static boolean usernameTaken(GitLabException e) {
        // GitLab answers a taken service-account username with 400 (users API: 409).
        return (e.kind() == GitLabException.Kind.CONFLICT || e.kind() == GitLabException.Kind.VALIDATION)
                && e.gitlabMessage().toLowerCase(Locale.ROOT).contains("username");
    }

    @Override
    public void update(AuditTrail.Op op, UserRecord record, ScimUser before, ScimUser after) {
        if (after.name().equals(before.name())) {
            return;
        }
        long id = record.gitlabUserId();
        if (com) {
            NewServiceAccount body = new NewServiceAccount(Optional.of(after.name()), Optional.empty(),
                    Optional.empty());
            audit.run(on(op, List.of(id)), "name=" + before.name(), "name=" + after.name(),
                    () -> gl.serviceAccounts().update(group(), id, body));
        } else {
            UserUpdate body = UserUpdate.none().withName(after.name());
            audit.run(on(op, List.of(id)), "name=" + before.name(), "name=" + after.name(),
                    () -> gl.users().update(id, body));
        }
    }

    @Override
    public void deactivate(AuditTrail.Op op, UserRecord record) {
        tokens.revokeAll(op, record);
        switch (policies.deprovision()) {
            case BLOCK, DEACTIVATE -> block(op, record);
            case DELETE -> deleteAccount(op, record.gitlabUserId(), false);
            case REMOVE_MEMBERSHIPS -> {
                // Tokens are gone; the provider plans the memberships' removal.
            }
        }
    }

    /** Self-managed: blocks. GitLab.com cannot block: the provider removes the memberships instead. */
    private void block(AuditTrail.Op op, UserRecord record) {
        if (com) {
            return;
        }
        long id = record.gitlabUserId();
        Optional<GitLabUser> u = gl.users().find(id);
        if (u.isPresent()) {
            states.move(op, id, u.get().state(), UserState.BLOCKED);
        }
    }

    @Override
    public Account reactivate(AuditTrail.Op op, UserRecord record, ScimUser user) {
        long id = record.gitlabUserId();
        if (com) {
            try (Stream<ServiceAccount> s = gl.serviceAccounts().list(group())) {
                Optional<ServiceAccount> sa = s.filter(a -> a.id() == id).findFirst();
                return sa.map(a -> new Account(a.id(), a.username())).orElseGet(() -> provision(op, user));
            }
        }
        Optional<GitLabUser> u = gl.users().find(id);
        if (u.isEmpty()) {
            // Deleted under a DELETE policy: a new account for the same SCIM user (tokens are issued anew).
            return provision(op, user);
        }
        states.move(op, id, u.get().state(), UserState.ACTIVE);
        return new Account(id, u.get().username());
    }

    @Override
    public void delete(AuditTrail.Op op, UserRecord record) {
        tokens.revokeAll(op, record);
        switch (policies.delete()) {
            case BLOCK_AND_REMOVE_MEMBERSHIPS -> block(op, record);
            case REMOVE_MEMBERSHIPS -> {
                // The provider removes the managed memberships.
            }
            case DELETE -> deleteAccount(op, record.gitlabUserId(), false);
            case HARD_DELETE -> deleteAccount(op, record.gitlabUserId(), true);
        }
    }

    @Override
    public boolean deleteTakesMemberships() {
        return policies.delete() == DeletePolicy.DELETE || policies.delete() == DeletePolicy.HARD_DELETE;
    }

    private void deleteAccount(AuditTrail.Op op, long id, boolean hard) {
        try {
            audit.run(on(op, List.of(id)), "service account " + id, hard ? "hard deleted" : "deleted", () -> {
                if (com) {
                    gl.serviceAccounts().delete(group(), id, hard);
                } else {
                    gl.users().delete(id, hard);
                }
            });
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        // GitLab drops the memberships with the account.
        store.managedOf(id).forEach(m -> store.removeManaged(id, m.path()));
    }
}
