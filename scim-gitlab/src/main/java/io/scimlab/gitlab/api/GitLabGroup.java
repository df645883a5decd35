package io.scimlab.gitlab.api;

import java.util.Optional;

/**
 * A GitLab group.
 *
 * @param id       the group id
 * @param name     the display name
 * @param path     the last path segment
 * @param fullPath the full path from the top-level group
 * @param parentId the parent group's id; empty for top-level groups
 */
public record GitLabGroup(long id, String name, String path, String fullPath, Optional<Long> parentId) {
    /**
     * A reference to this group by id.
     *
     * @return the reference
     */
    public GroupRef ref() {
        return GroupRef.id(id);
    }
}
