package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.ServiceAccount;
import io.scimlab.gitlab.api.UserUpdate;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.UserRecord;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * SCIM users marked as service accounts (bots, AI agents): instance service accounts on a self-managed instance
 * ({@code POST /service_accounts}, admin), service accounts of the top-level group on GitLab.com ({@code POST
 * /groups/:id/service_accounts}, Owner). Memberships follow the role mapping as for people.
 *
 * <p>Deactivation and deletion first revoke every token of the account, then: self-managed blocks the account
 * (also under {@link DeprovisionPolicy#DEACTIVATE}, because GitLab lets a deactivated account's tokens work and
 * re-activates it on use), or deletes it under the DELETE policies. GitLab.com group Owners cannot block users,
 * and a group service account has no SAML identity for GitLab's SCIM to deprovision, so there the memberships the
 * bridge manages are removed, and the DELETE policies delete the service account. The GitLab username and email
 * are fixed at creation; later userName or email changes stay in the state store, a name change is sent.
 */
final class ServiceAccountUsers implements UserBackend {
    private final Env env;
    private final TokenService tokens;

    ServiceAccountUsers(Env env, TokenService tokens) {
        this.env = env;
        this.tokens = tokens;
    }

    private GitLabClient gl() {
        return env.client();
    }

    private boolean com() {
        return !env.selfManaged();
    }

    private GroupRef group() {
        return GroupRef.path(env.topLevelGroup().orElseThrow());
    }

    private String base() {
        return com() ? "/api/v4/groups/" + env.topLevelGroup().orElse("").replace("/", "%2F") + "/service_accounts"
                : "/api/v4/service_accounts";
    }

    @Override
    public Account provision(Calls.Op op, ScimUser user) {
        UsernamePolicy policy = env.usernames();
        String username = policy.baseUsername(user.userName(), user.email());
        for (int attempt = 0; ; attempt++) {
            String candidate = policy.candidate(username, attempt);
            NewServiceAccount body = new NewServiceAccount(Optional.of(user.name()), Optional.of(candidate),
                    user.email());
            try {
                ServiceAccount sa = env.calls().raw(op, "POST", base(), "", "service account username=" + candidate,
                        () -> com() ? gl().serviceAccounts().create(group(), body)
                                : gl().serviceAccounts().create(body));
                return new Account(sa.id(), sa.username());
            } catch (GitLabException e) {
                if (!usernameTaken(e) || policy.onClash() == UsernamePolicy.OnClash.CONFLICT
                        || attempt >= policy.maxSuffix()) {
                    throw Errors.toScim(e);
                }
            }
        }
    }

    private static boolean usernameTaken(GitLabException e) {
        // GitLab answers a taken service-account username with 400 (users API: 409).
        return (e.kind() == GitLabException.Kind.CONFLICT || e.kind() == GitLabException.Kind.VALIDATION)
                && e.gitlabMessage().toLowerCase(Locale.ROOT).contains("username");
    }

    @Override
    public void update(Calls.Op op, UserRecord record, ScimUser before, ScimUser after) {
        if (after.name().equals(before.name())) {
            return;
        }
        long id = record.gitlabUserId();
        try {
            if (com()) {
                NewServiceAccount body = new NewServiceAccount(Optional.of(after.name()), Optional.empty(),
                        Optional.empty());
                env.calls().raw(op, "PATCH", base() + "/" + id, "name=" + before.name(), "name=" + after.name(),
                        () -> gl().serviceAccounts().update(group(), id, body));
            } else {
                UserUpdate body = UserUpdate.none().withName(after.name());
                env.calls().raw(op, "PUT", "/api/v4/users/" + id, "name=" + before.name(), "name=" + after.name(),
                        () -> gl().users().update(id, body));
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public void deactivate(Calls.Op op, UserRecord record) {
        tokens.revokeAll(op, record);
        switch (env.deprovision()) {
            case BLOCK, DEACTIVATE -> block(op, record);
            case DELETE -> deleteAccount(op, record.gitlabUserId(), false);
            case REMOVE_MEMBERSHIPS -> {
                // Tokens are gone; the provider plans the memberships' removal.
            }
        }
    }

    /** Self-managed: blocks. GitLab.com cannot block: the provider removes the memberships instead. */
    private void block(Calls.Op op, UserRecord record) {
        if (com()) {
            return;
        }
        long id = record.gitlabUserId();
        try {
            Optional<GitLabUser> u = gl().users().find(id);
            if (u.isPresent()) {
                UserStates.move(env, op, id, u.get().state(), "blocked");
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public Account reactivate(Calls.Op op, UserRecord record, ScimUser user) {
        long id = record.gitlabUserId();
        try {
            if (com()) {
                try (Stream<ServiceAccount> s = gl().serviceAccounts().list(group())) {
                    Optional<ServiceAccount> sa = s.filter(a -> a.id() == id).findFirst();
                    return sa.map(a -> new Account(a.id(), a.username())).orElseGet(() -> provision(op, user));
                }
            }
            Optional<GitLabUser> u = gl().users().find(id);
            if (u.isEmpty()) {
                // Deleted under a DELETE policy: a new account for the same SCIM user (tokens are issued anew).
                return provision(op, user);
            }
            UserStates.move(env, op, id, u.get().state(), "active");
            return new Account(id, u.get().username());
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    @Override
    public void delete(Calls.Op op, UserRecord record) {
        tokens.revokeAll(op, record);
        switch (env.delete()) {
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
        return env.delete() == DeletePolicy.DELETE || env.delete() == DeletePolicy.HARD_DELETE;
    }

    private void deleteAccount(Calls.Op op, long id, boolean hard) {
        String path = com() ? base() + "/" + id : "/api/v4/users/" + id;
        try {
            env.calls().raw(op, "DELETE", path, "service account " + id, hard ? "hard deleted" : "deleted", () -> {
                if (com()) {
                    gl().serviceAccounts().delete(group(), id, hard);
                } else {
                    gl().users().delete(id, hard);
                }
                return Boolean.TRUE;
            });
        } catch (GitLabException e) {
            if (e.kind() != GitLabException.Kind.NOT_FOUND) {
                throw Errors.toScim(e);
            }
        }
        // GitLab drops the memberships with the account.
        env.store().managedOf(id).forEach(m -> env.store().removeManaged(id, m.groupPath()));
    }

    @Override
    public Optional<Long> findByExternalId(String externalId) {
        // Service accounts have no SAML identity: the state store is the only link to the IdP.
        return Optional.empty();
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
