package io.scimlab.gitlab.api;

/**
 * A GitLab project, as far as memberships need it.
 *
 * @param id          the project id
 * @param name        the display name
 * @param path        the last path segment
 * @param fullPath    the full path ({@code path_with_namespace})
 * @param namespaceId the id of the group (or user namespace) the project is in
 */
public record GitLabProject(long id, String name, String path, String fullPath, long namespaceId) {
    /**
     * A reference to this project by id.
     *
     * @return the reference
     */
    public ProjectRef ref() {
        return ProjectRef.id(id);
    }
}
