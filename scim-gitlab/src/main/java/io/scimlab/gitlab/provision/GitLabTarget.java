package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabScim;
import io.scimlab.gitlab.api.GroupRef;
import java.util.Optional;

/**
 * The GitLab a bridge provisions and how it reaches it. Its clients report every request to the bridge's
 * {@link AuditTrail}.
 *
 * @param kind             self-managed or GitLab.com
 * @param client           the REST client (admin token, or the top-level group Owner's token)
 * @param scim             GitLab.com: the group SCIM API
 * @param topLevelGroup    GitLab.com: the top-level group's path
 * @param identityProvider the identity provider name for {@code extern_uid} ({@code saml}, {@code group_saml})
 */
record GitLabTarget(Target kind, GitLabClient client, Optional<GitLabScim> scim, Optional<String> topLevelGroup,
        String identityProvider) {

    boolean selfManaged() {
        return kind == Target.SELF_MANAGED;
    }

    GitLabScim requireScim() {
        return scim.orElseThrow(() -> new IllegalStateException("GitLab.com target without a SCIM client"));
    }

    GroupRef requireTopLevelGroup() {
        return GroupRef.path(topLevelGroup.orElseThrow(() -> new IllegalStateException(
                "GitLab.com target without a top-level group")));
    }
}
