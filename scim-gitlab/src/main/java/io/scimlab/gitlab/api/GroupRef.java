package io.scimlab.gitlab.api;

import java.util.Objects;

/**
 * Names a group by numeric id or full path; both are valid wherever GitLab takes {@code :id}.
 */
public sealed interface GroupRef {
    /**
     * The path segment sent to GitLab (OkHttp percent-encodes the slashes of a full path).
     *
     * @return the id or the full path
     */
    String segment();

    /**
     * A group by numeric id.
     *
     * @param id the group id
     * @return the reference
     */
    static GroupRef id(long id) {
        return new ById(id);
    }

    /**
     * A group by full path, e.g. {@code acme/engineering}.
     *
     * @param fullPath the full path
     * @return the reference
     */
    static GroupRef path(String fullPath) {
        return new ByPath(fullPath);
    }

    /**
     * A group by numeric id.
     *
     * @param id the id
     */
    record ById(long id) implements GroupRef {
        @Override
        public String segment() {
            return Long.toString(id);
        }
    }

    /**
     * A group by full path.
     *
     * @param fullPath the full path
     */
    record ByPath(String fullPath) implements GroupRef {
        /**
         * Checks the path.
         *
         * @param fullPath the full path
         */
        public ByPath {
            Objects.requireNonNull(fullPath, "fullPath");
            if (fullPath.isBlank()) {
                throw new IllegalArgumentException("blank group path");
            }
        }

        @Override
        public String segment() {
            return fullPath;
        }
    }
}
