package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.mapping.UsernamePolicy;
import io.scimlab.gitlab.state.StateStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything the providers and the reconciler of one bridge share, built once by {@link GitLabBridge.Builder}.
 *
 * @param target            self-managed or GitLab.com
 * @param client            the REST client (admin token, or the top-level group Owner's token)
 * @param scim              GitLab.com: the group SCIM API
 * @param topLevelGroup     GitLab.com: the top-level group's path
 * @param store             the state store
 * @param calls             audited GitLab changes
 * @param mapping           the role mapping
 * @param usernames         the username policy
 * @param identityProvider  the identity provider name for {@code extern_uid} ({@code saml}, {@code group_saml})
 * @param deprovision       what active=false does
 * @param delete            what DELETE does
 * @param existingUser      what create does with an existing, unlinked account
 * @param adopt             what happens to unmanaged memberships
 * @param drift             what the reconciler does with drift
 * @param clock             the clock
 * @param lock              serialises membership changes of this bridge (see GitLabGroupProvider)
 */
record Env(Target target, GitLabClient client, Optional<GitLabScim> scim, Optional<String> topLevelGroup,
        StateStore store, Calls calls, RoleMapping mapping, UsernamePolicy usernames, String identityProvider,
        DeprovisionPolicy deprovision, DeletePolicy delete, ExistingUserPolicy existingUser, AdoptPolicy adopt,
        DriftPolicy drift, Clock clock, Object lock) {

    boolean selfManaged() {
        return target == Target.SELF_MANAGED;
    }

    GitLabScim requireScim() {
        return scim.orElseThrow(() -> new IllegalStateException("GitLab.com target without a SCIM client"));
    }

    /**
     * Runs a write of this bridge: under the store's exclusive section (so replicas sharing a database serialise
     * like one bridge) and then this bridge's lock (so its own threads do). Every SCIM write, token operation and
     * reconcile step goes through here.
     */
    <T> T write(java.util.function.Supplier<T> work) {
        return store.exclusive(() -> {
            synchronized (lock) {
                return work.get();
            }
        });
    }

    /** {@link #write(java.util.function.Supplier)} for work without a result. */
    void write(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /** Whether an inactive user keeps the memberships the mapping grants. */
    boolean inactiveKeepsMemberships() {
        // On GitLab.com every deprovision except REMOVE_MEMBERSHIPS goes through GitLab's SCIM, which removes the
        // whole hierarchy's memberships; so only self-managed block/deactivate keep them.
        return selfManaged() && (deprovision == DeprovisionPolicy.BLOCK || deprovision == DeprovisionPolicy.DEACTIVATE);
    }
}
