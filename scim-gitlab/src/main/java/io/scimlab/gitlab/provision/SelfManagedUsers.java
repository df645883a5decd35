package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.PendingWrite;
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

    /**
     * Writes first: one {@code POST /users} (with the identity) is the whole create in the common case. GitLab
     * refuses a create whose email (any of an account's addresses), username or identity ({@code extern_uid} of the
     * provider) exists, atomically, so nothing is looked up before: only such a refusal leads to the lookups, and
     * they decide as before (the same identity is the same person; an account found by email is this bridge's own
     * lost create, or linked only as the {@link AccountGuard} allows).
     */
    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        String email = user.requireEmail();
        String key = PendingWrites.emailKey(email);
        // A create still pending from an earlier attempt whose answer was lost: kept as it is (its time says which
        // account it made), so this attempt neither overwrites nor forgets it.
        Optional<PendingWrite> earlier = pending.find(PendingWrites.ACCOUNT, key);
        UsernamePolicy policy = policies.usernames();
        String base = policy.baseUsername(user.userName(), user.email());
        boolean identityLooked = false;
        for (int attempt = 0; ; attempt++) {
            try {
                return create(op, user, email, key, policy.candidate(base, attempt), earlier.isEmpty());
            } catch (GitLabException e) {
                Exists exists = exists(e);
                if (exists == Exists.EMAIL || exists == Exists.IDENTITY) {
                    return existing(op, user, email, key, earlier).orElseThrow(() -> e);
                }
                if (exists != Exists.USERNAME) {
                    throw e;
                }
                if (!identityLooked && user.externalId().isPresent()) {
                    // The same person may hold the username: re-provisioned whatever the username policy says.
                    identityLooked = true;
                    Optional<Account> same = byIdentity(op, user, email);
                    if (same.isPresent()) {
                        return same.get();
                    }
                }
                if (policy.onClash() == UsernamePolicy.OnClash.CONFLICT || attempt >= policy.maxSuffix()) {
                    throw e;
                }
            }
        }
    }

    /** What a refused create says exists already (GitLab checks the email first, then the username). */
    private enum Exists { EMAIL, USERNAME, IDENTITY, NONE }

    private static Exists exists(GitLabException e) {
        if (!e.method().equals("POST")) {
            return Exists.NONE;
        }
        if (e.kind() == GitLabException.Kind.CONFLICT) {
            String m = e.gitlabMessage().toLowerCase(Locale.ROOT);
            return m.contains("email") ? Exists.EMAIL : m.contains("username") ? Exists.USERNAME : Exists.NONE;
        }
        // lib/api/users.rb: render_validation_error! of the autosaved identity, {"identities.extern_uid": [...]}.
        if (e.kind() == GitLabException.Kind.VALIDATION && e.fieldErrors().keySet().stream()
                .anyMatch(f -> f.startsWith("identities") || f.equals("extern_uid"))) {
            return Exists.IDENTITY;
        }
        return Exists.NONE;
    }

    /**
     * After GitLab said the email or the identity exists: the account with this identity (the same person), else the
     * account with this email (this bridge's lost create, or a link the guard allows); empty when neither is found.
     */
    private Optional<Account> existing(AuditTrail.Op op, ScimUser user, String email, String key,
            Optional<PendingWrite> earlier) {
        Optional<Account> same = byIdentity(op, user, email);
        if (same.isPresent()) {
            return same;
        }
        Optional<GitLabUser> byEmail = gl.users().findByEmail(email);
        if (byEmail.isEmpty()) {
            return Optional.empty();
        }
        GitLabUser u = byEmail.get();
        if (createdByUs(earlier, u)) {
            // This bridge created it, and the answer (and the confirming lookup) was lost: the IdP's retry.
            return Optional.of(adopt(op, u, user, Optional.of(key)));
        }
        guard.checkEmailLink(op, u, email, policies.existingUser(), identityProvider);
        return Optional.of(adopt(op, u, user, Optional.empty()));
    }

    /** The same identity for the configured provider is the same person: re-provisioning, not linking by email. */
    private Optional<Account> byIdentity(AuditTrail.Op op, ScimUser user, String email) {
        Optional<GitLabUser> found = user.externalId().flatMap(x -> gl.users().findByIdentity(identityProvider, x));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        guard.refuseOwn(op, found.get().id(), "the externalId is the identity of");
        // Also the retry of a create whose answer was lost: its pending record goes once the user is stored.
        return Optional.of(adopt(op, found.get(), user, Optional.of(PendingWrites.emailKey(email))));
    }

    /**
     * Whether an account found by email is the one an earlier attempt of this bridge created: a create of that
     * address is still pending, and the account is not older than the attempt (with room for clock skew).
     */
    private static boolean createdByUs(Optional<PendingWrite> earlier, GitLabUser u) {
        return earlier.filter(w -> u.createdAt().map(c -> !c.isBefore(w.created().minus(CLOCK_SKEW))).orElse(true))
                .isPresent();
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
     * One create. It is recorded as pending until the SCIM user is stored, so that an IdP retry after a lost answer
     * recognises the account (found by email) as this bridge's own, instead of refusing it as an existing account.
     * A create GitLab refused took no effect: its record goes at once (unless it is an earlier attempt's).
     */
    private Account create(AuditTrail.Op op, ScimUser user, String email, String key, String username,
            boolean record) {
        NewUser nu = NewUser.of(username, email, user.name()).withSkipConfirmation(true);
        if (user.externalId().isPresent()) {
            nu = nu.withIdentity(identityProvider, user.externalId().get());
        }
        NewUser body = nu;
        if (record) {
            pending.begin(op, PendingWrites.ACCOUNT, key);
        }
        try {
            GitLabUser created = audit.runCreating(op, "", "username=" + username,
                    () -> gl.users().create(body), GitLabUser::id);
            return new Account(created.id(), created.username(), Optional.of(key));
        } catch (GitLabException e) {
            if (record && PendingWrites.refused(e, "POST")) {
                pending.done(PendingWrites.ACCOUNT, key);
            }
            throw e;
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
