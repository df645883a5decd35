package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Users of a self-managed instance through GitLab's users API with an administrator token. An existing account is
 * taken over only by identity (the same {@code extern_uid}), or by email as the {@link AccountGuard} allows.
 */
final class SelfManagedUsers implements UserBackend {
    /** How much older than the pending create an account may look and still be the one it made. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final GitLabClient gl;
    private final String identityProvider;
    private final Policies policies;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;
    private final AccountGuard guard;
    private final PendingWrites pending;

    SelfManagedUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit, UserStates states,
            AccountGuard guard, PendingWrites pending) {
        this.gl = target.client();
        this.identityProvider = target.identityProvider();
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.states = states;
        this.guard = guard;
        this.pending = pending;
    }

    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        String email = user.requireEmail();
        // The same identity for the configured provider is the same person: re-provisioning, not linking by email.
        Optional<GitLabUser> byIdentity = user.externalId().flatMap(x -> gl.users().findByIdentity(identityProvider,
                x));
        if (byIdentity.isPresent()) {
            guard.refuseOwn(op, byIdentity.get().id(), "the externalId is the identity of");
            // Also the retry of a create whose answer was lost: its pending record goes once the user is stored.
            return adopt(op, byIdentity.get(), user, Optional.of(PendingWrites.emailKey(email)));
        }
        Optional<GitLabUser> byEmail = gl.users().findByEmail(email);
        if (byEmail.isPresent()) {
            GitLabUser u = byEmail.get();
            String key = PendingWrites.emailKey(email);
            if (createdByUs(key, u)) {
                // This bridge created it, and the answer (and the confirming lookup) was lost: the IdP's retry.
                return adopt(op, u, user, Optional.of(key));
            }
            guard.checkEmailLink(op, u, email, policies.existingUser(), identityProvider);
            return adopt(op, u, user, Optional.empty());
        }
        return create(op, user, email);
    }

    /**
     * Whether an account found by email is the one an earlier attempt of this bridge created: a create of that
     * address is still pending, and the account is not older than the attempt (with room for clock skew).
     */
    private boolean createdByUs(String key, GitLabUser u) {
        return pending.find(PendingWrites.ACCOUNT, key).filter(w -> u.createdAt()
                .map(c -> !c.isBefore(w.created().minus(CLOCK_SKEW))).orElse(true)).isPresent();
    }

    /** Links an account: its identity and name from SCIM, and active again if SCIM says so. */
    private Account adopt(AuditTrail.Op op, GitLabUser u, ScimUser user, Optional<String> pendingKey) {
        link(op, u, user);
        if (!u.isActive() && user.active()) {
            if (UserStates.settable(u.state())) {
                states.move(op, u.id(), u.state(), UserState.ACTIVE);
            } else {
                // Banned, LDAP-blocked, pending approval: an administrator's decision the IdP does not undo.
                audit.refused(op.on(u.id()), "user " + u.id(), "left " + u.state().apiValue()
                        + ": only an administrator may change that state");
            }
        }
        return new Account(u.id(), u.username(), pendingKey);
    }

    private void link(AuditTrail.Op op, GitLabUser u, ScimUser user) {
        UserUpdate put = UserUpdate.none();
        boolean change = false;
        if (user.externalId().isPresent() && !u.identity(identityProvider).map(i -> i.externUid().equals(
                user.externalId().get())).orElse(false)) {
            put = put.withIdentity(identityProvider, user.externalId().get());
            change = true;
        }
        if (!u.name().equals(user.name())) {
            put = put.withName(user.name());
            change = true;
        }
        if (change) {
            UserUpdate body = put;
            audit.run(op.on(u.id()), "unlinked " + u.username(), "linked " + user.externalId().orElse(""),
                    () -> gl.users().update(u.id(), body));
        }
    }

    /**
     * Creates the account. The create is recorded as pending until the SCIM user is stored, so that an IdP retry
     * after a lost answer recognises the account (found by email) as this bridge's own, instead of refusing it as an
     * existing account.
     */
    private Account create(AuditTrail.Op op, ScimUser user, String email) {
        UsernamePolicy policy = policies.usernames();
        String base = policy.baseUsername(user.userName(), user.email());
        String key = PendingWrites.emailKey(email);
        for (int attempt = 0; ; attempt++) {
            String username = policy.candidate(base, attempt);
            NewUser nu = NewUser.of(username, email, user.name()).withSkipConfirmation(true);
            if (user.externalId().isPresent()) {
                nu = nu.withIdentity(identityProvider, user.externalId().get());
            }
            NewUser body = nu;
            pending.begin(op, PendingWrites.ACCOUNT, key);
            try {
                GitLabUser created = audit.runCreating(op, "", "username=" + username,
                        () -> gl.users().create(body), GitLabUser::id);
                return new Account(created.id(), created.username(), Optional.of(key));
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

    private static boolean usernameTaken(GitLabException e) {
        return e.kind() == GitLabException.Kind.CONFLICT
                && e.gitlabMessage().toLowerCase(Locale.ROOT).contains("username");
    }

    @Override
    public void update(AuditTrail.Op op, UserRecord record, ScimUser before, ScimUser after) {
        UserUpdate put = UserUpdate.none();
        boolean change = false;
        if (after.email().isPresent() && !after.email().equals(before.email())) {
            put = put.withEmail(after.email().get());
            change = true;
        }
        if (!after.name().equals(before.name())) {
            put = put.withName(after.name());
            change = true;
        }
        if (after.externalId().isPresent() && !after.externalId().equals(before.externalId())) {
            put = put.withIdentity(identityProvider, after.externalId().get());
            change = true;
        }
        boolean rename = !after.userName().equals(before.userName());
        if (!change && !rename) {
            return;
        }
        UsernamePolicy policy = policies.usernames();
        String base = policy.baseUsername(after.userName(), after.email());
        long id = record.gitlabUserId();
        for (int attempt = 0; ; attempt++) {
            UserUpdate body = rename ? put.withUsername(policy.candidate(base, attempt)) : put;
            try {
                audit.run(op.on(id), describe(before), describe(after), () -> gl.users().update(id, body));
                return;
            } catch (GitLabException e) {
                if (!rename || !usernameTaken(e) || policy.onClash() == UsernamePolicy.OnClash.CONFLICT
                        || attempt >= policy.maxSuffix()) {
                    throw e;
                }
            }
        }
    }

    private static String describe(ScimUser u) {
        return "userName=" + u.userName() + " email=" + u.email().orElse("") + " name=" + u.name();
    }

    @Override
    public void deactivate(AuditTrail.Op op, UserRecord record) {
        long id = record.gitlabUserId();
        switch (policies.deprovision()) {
            case BLOCK -> states.move(op, id, UserState.ACTIVE, UserState.BLOCKED);
            case DEACTIVATE -> states.move(op, id, gl.users().get(id).state(), UserState.DEACTIVATED);
            case DELETE -> deleteAccount(op, id, false);
            case REMOVE_MEMBERSHIPS -> {
                // Memberships only: the provider plans their removal.
            }
        }
    }

    @Override
    public Account reactivate(AuditTrail.Op op, UserRecord record, ScimUser user) {
        Optional<GitLabUser> u = gl.users().find(record.gitlabUserId());
        if (u.isEmpty()) {
            // Deleted under the DELETE policy (or by hand): provision a new account for the same SCIM user.
            return provision(op, user);
        }
        states.move(op, u.get().id(), u.get().state(), UserState.ACTIVE);
        return new Account(u.get().id(), u.get().username());
    }

    @Override
    public void delete(AuditTrail.Op op, UserRecord record) {
        long id = record.gitlabUserId();
        switch (policies.delete()) {
            case BLOCK_AND_REMOVE_MEMBERSHIPS -> states.move(op, id, UserState.ACTIVE, UserState.BLOCKED);
            case REMOVE_MEMBERSHIPS -> {
                // The provider removes the managed memberships.
            }
            case DELETE -> deleteAccount(op, id, false);
            case HARD_DELETE -> deleteAccount(op, id, true);
        }
    }

    @Override
    public boolean deleteTakesMemberships() {
        return policies.delete() == DeletePolicy.DELETE || policies.delete() == DeletePolicy.HARD_DELETE;
    }

    private void deleteAccount(AuditTrail.Op op, long id, boolean hard) {
        try {
            audit.run(op.on(id), "user " + id, hard ? "hard deleted" : "deleted",
                    () -> gl.users().delete(id, hard));
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        // GitLab drops the memberships with the account.
        store.managedOf(id).forEach(m -> store.removeManaged(id, m.path()));
    }
}
