package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.NewUser;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.UserRecord;
import java.util.Locale;
import java.util.Optional;

/** Users of a self-managed instance through {@code /api/v4/users} with an administrator token. */
final class SelfManagedUsers implements UserBackend {
    private final Env env;

    SelfManagedUsers(Env env) {
        this.env = env;
    }

    private GitLabClient gl() {
        return env.client();
    }

    @Override
    public Account provision(Calls.Op op, ScimUser user) {
        String email = user.requireEmail();
        try {
            // Re-provisioning: the same identity, or (when linking is allowed) the same email, is the same person.
            Optional<GitLabUser> existing = user.externalId().flatMap(x -> gl().users().findByIdentity(
                    env.identityProvider(), x));
            if (existing.isEmpty()) {
                existing = gl().users().findByEmail(email);
                if (existing.isPresent() && env.existingUser() == ExistingUserPolicy.CONFLICT) {
                    throw ScimException.of(ScimType.UNIQUENESS, "a GitLab user with this email already exists");
                }
            }
            if (existing.isPresent()) {
                GitLabUser u = existing.get();
                link(op, u, user);
                if (!u.isActive() && user.active()) {
                    UserStates.move(env, op, u.id(), u.state(), "active");
                }
                return new Account(u.id(), u.username());
            }
            return create(op, user, email);
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    private void link(Calls.Op op, GitLabUser u, ScimUser user) {
        UserUpdate put = UserUpdate.none();
        boolean change = false;
        if (user.externalId().isPresent() && !u.identity(env.identityProvider()).map(i -> i.externUid().equals(
                user.externalId().get())).orElse(false)) {
            put = put.withIdentity(env.identityProvider(), user.externalId().get());
            change = true;
        }
        if (!u.name().equals(user.name())) {
            put = put.withName(user.name());
            change = true;
        }
        if (change) {
            UserUpdate body = put;
            env.calls().raw(op, "PUT", "/api/v4/users/" + u.id(), "unlinked " + u.username(),
                    "linked " + user.externalId().orElse(""), () -> gl().users().update(u.id(), body));
        }
    }

    private Account create(Calls.Op op, ScimUser user, String email) {
        UsernamePolicy policy = env.usernames();
        String base = policy.baseUsername(user.userName(), user.email());
        for (int attempt = 0; ; attempt++) {
            String username = policy.candidate(base, attempt);
            NewUser nu = NewUser.of(username, email, user.name()).withSkipConfirmation(true);
            if (user.externalId().isPresent()) {
                nu = nu.withIdentity(env.identityProvider(), user.externalId().get());
            }
            NewUser body = nu;
            try {
                GitLabUser created = env.calls().raw(op, "POST", "/api/v4/users", "", "username=" + username,
                        () -> gl().users().create(body));
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
    public void update(Calls.Op op, UserRecord record, ScimUser before, ScimUser after) {
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
            put = put.withIdentity(env.identityProvider(), after.externalId().get());
            change = true;
        }
        boolean rename = !after.userName().equals(before.userName());
        if (!change && !rename) {
            return;
        }
        UsernamePolicy policy = env.usernames();
        String base = policy.baseUsername(after.userName(), after.email());
        long id = record.gitlabUserId();
        try {
            for (int attempt = 0; ; attempt++) {
                UserUpdate body = rename ? put.withUsername(policy.candidate(base, attempt)) : put;
                try {
                    env.calls().raw(op, "PUT", "/api/v4/users/" + id, describe(before), describe(after),
                            () -> gl().users().update(id, body));
                    return;
                } catch (GitLabException e) {
                    if (!rename || !usernameTaken(e) || policy.onClash() == UsernamePolicy.OnClash.CONFLICT
                            || attempt >= policy.maxSuffix()) {
                        throw e;
                    }
                }
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    private static String describe(ScimUser u) {
        return "userName=" + u.userName() + " email=" + u.email().orElse("") + " name=" + u.name();
    }

    @Override
    public void deactivate(Calls.Op op, UserRecord record) {
        long id = record.gitlabUserId();
        try {
            switch (env.deprovision()) {
                case BLOCK -> UserStates.move(env, op, id, "active", "blocked");
                case DEACTIVATE -> UserStates.move(env, op, id, gl().users().get(id).state(), "deactivated");
                case DELETE -> deleteAccount(op, id, false);
                case REMOVE_MEMBERSHIPS -> {
                    // Memberships only: the provider plans their removal.
                }
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public Account reactivate(Calls.Op op, UserRecord record, ScimUser user) {
        try {
            Optional<GitLabUser> u = gl().users().find(record.gitlabUserId());
            if (u.isEmpty()) {
                // Deleted under the DELETE policy (or by hand): provision a new account for the same SCIM user.
                return provision(op, user);
            }
            UserStates.move(env, op, u.get().id(), u.get().state(), "active");
            return new Account(u.get().id(), u.get().username());
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public void delete(Calls.Op op, UserRecord record) {
        long id = record.gitlabUserId();
        try {
            switch (env.delete()) {
                case BLOCK_AND_REMOVE_MEMBERSHIPS -> UserStates.move(env, op, id, "active", "blocked");
                case REMOVE_MEMBERSHIPS -> {
                    // The provider removes the managed memberships.
                }
                case DELETE -> deleteAccount(op, id, false);
                case HARD_DELETE -> deleteAccount(op, id, true);
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public boolean deleteTakesMemberships() {
        return env.delete() == DeletePolicy.DELETE || env.delete() == DeletePolicy.HARD_DELETE;
    }

    private void deleteAccount(Calls.Op op, long id, boolean hard) {
        try {
            env.calls().raw(op, "DELETE", "/api/v4/users/" + id, "user " + id, hard ? "hard deleted" : "deleted",
                    () -> {
                        gl().users().delete(id, hard);
                        return Boolean.TRUE;
                    });
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        // GitLab drops the memberships with the account.
        env.store().managedOf(id).forEach(m -> env.store().removeManaged(id, m.groupPath()));
    }

    @Override
    public Optional<Long> findByExternalId(String externalId) {
        try {
            return gl().users().findByIdentity(env.identityProvider(), externalId).map(GitLabUser::id);
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public Optional<Long> findByUsername(String username) {
        try {
            return gl().users().findByUsername(username).map(GitLabUser::id);
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }
}
