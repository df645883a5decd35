package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabVersion;
import org.jspecify.annotations.Nullable;

/**
 * What the GitLab behind a bridge can do, by its version ({@code GET /version}), read on first need and then
 * kept: the Planner role (17.7), the group service-account token list (17.11). A failed read is not kept, so the
 * next need asks again.
 */
final class Capabilities {
    private final GitLabClient gl;
    private volatile @Nullable GitLabVersion version;

    Capabilities(GitLabClient gl) {
        this.gl = gl;
    }

    GitLabVersion version() {
        GitLabVersion v = version;
        if (v == null) {
            v = gl.version();
            version = v;
        }
        return v;
    }

    /** Refuses a membership GitLab cannot hold, before any call: the Planner role before 17.7. */
    void requireLevel(AccessLevel level, String where) {
        if (level == AccessLevel.PLANNER && !version().hasPlannerRole()) {
            throw ScimException.invalidValue("the role mapping grants Planner in " + where + ", but GitLab "
                    + version() + " has no Planner role (GitLab 17.7 and later): map another role");
        }
    }

    /** Whether GitLab lists a group service account's tokens (17.11 and later). */
    boolean listsServiceAccountTokens() {
        return version().listsServiceAccountTokens();
    }
}
