package io.scimlab.gitlab.api;

import java.util.Objects;

/**
 * Names a project by numeric id or full path ({@code path_with_namespace}); both are valid wherever GitLab takes a
 * project's {@code :id}.
 */
public sealed interface ProjectRef {
    /**
     * The path segment sent to GitLab (OkHttp percent-encodes the slashes of a full path).
     *
     * @return the id or the full path
     */
    String segment();

    /**
     * A project by numeric id.
     *
     * @param id the project id
     * @return the reference
     */
    static ProjectRef id(long id) {
        return new ById(id);
    }

    /**
     * A project by full path, e.g. {@code acme/eng/api}.
     *
     * @param fullPath the full path
     * @return the reference
     */
    static ProjectRef path(String fullPath) {
        return new ByPath(fullPath);
    }

    /**
     * A project by numeric id.
     *
     * @param id the id
     */
    record ById(long id) implements ProjectRef {
        @Override
        public String segment() {
            return Long.toString(id);
        }
    }

    /**
     * A project by full path.
     *
     * @param fullPath the full path
     */
    record ByPath(String fullPath) implements ProjectRef {
        /**
         * Checks the path.
         *
         * @param fullPath the full path
         */
        public ByPath {
            Objects.requireNonNull(fullPath, "fullPath");
            if (fullPath.isBlank()) {
                throw new IllegalArgumentException("blank project path");
            }
        }

        @Override
        public String segment() {
            return fullPath;
        }
    }
}
