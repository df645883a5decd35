package io.scimlab.gitlab.api;

import java.util.Objects;

/** Which of GitLab's SCIM APIs to call. */
public sealed interface ScimScope {
    /**
     * The group-level SCIM API of GitLab.com: {@code /api/scim/v2/groups/:path}.
     *
     * @param topLevelGroupPath the top-level group's path
     * @return the scope
     */
    static ScimScope group(String topLevelGroupPath) {
        return new Group(topLevelGroupPath);
    }

    /**
     * The instance-level SCIM API of self-managed GitLab: {@code /api/scim/v2/application}.
     *
     * @return the scope
     */
    static ScimScope instance() {
        return new Instance();
    }

    /**
     * Group level.
     *
     * @param path the top-level group's path
     */
    record Group(String path) implements ScimScope {
        /**
         * Checks the path.
         *
         * @param path the path
         */
        public Group {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Instance level. */
    record Instance() implements ScimScope {
    }
}
