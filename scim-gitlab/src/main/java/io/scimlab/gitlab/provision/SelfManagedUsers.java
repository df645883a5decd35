package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.Locale;
import java.util.Optional;

/** Users of a self-managed instance through GitLab's users API with an administrator token. */
final class SelfManagedUsers implements UserBackend {
    private final GitLabClient gl;
    private final String identityProvider;
    private final Policies policies;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;

    SelfManagedUsers(GitLabTarget target, Policies policies, StateStore store, AuditTrail audit, UserStates states) {
        this.gl = target.client();
        this.identityProvider = target.identityProvider();
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.states = states;
    }

    @Override
    public Account provision(AuditTrail.Op op, ScimUser user) {
        String email = user.requireEmail();
        // Re-provisioning: the same identity, or (when linking is allowed) the same email, is the same person.
        Optional<GitLabUser> existing = user.externalId().flatMap(x -> gl.users().findByIdentity(identityProvider,
                x));
        if (existing.isEmpty()) {
            existing = gl.users().findByEmail(email);
            if (existing.isPresent() && policies.existingUser() == ExistingUserPolicy.CONFLICT) {
                throw ScimException.of(ScimType.UNIQUENESS, "a GitLab user with this email already exists");
            }
        }
        if (existing.isPresent()) {
            GitLabUser u = existing.get();
            link(op, u, user);
            if (!u.isActive() && user.active()) {
                states.move(op, u.id(), u.state(), UserState.ACTIVE);
            }
            return new Account(u.id(), u.username());
        }
        return create(op, user, email);
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

    private Account create(AuditTrail.Op op, ScimUser user, String email) {
        UsernamePolicy policy = policies.usernames();
        String base = policy.baseUsername(user.userName(), user.email());
        for (int attempt = 0; ; attempt++) {
            String username = policy.candidate(base, attempt);
            NewUser nu = NewUser.of(username, email, user.name()).withSkipConfirmation(true);
            if (user.externalId().isPresent()) {
                nu = nu.withIdentity(identityProvider, user.externalId().get());
            }
            NewUser body = nu;
            try {
                GitLabUser created = audit.runCreating(op, "", "username=" + username,
                        () -> gl.users().create(body), GitLabUser::id);
                return new Account(created.id(), created.username());
            } catch (GitLabException e) {
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
        store.managedOf(id).forEach(m -> store.removeManaged(id, m.groupPath()));
    }
}
