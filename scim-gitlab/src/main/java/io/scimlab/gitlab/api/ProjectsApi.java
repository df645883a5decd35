package io.scimlab.gitlab.api;

import java.util.Optional;

/** GitLab's projects ({@code /projects}); obtain it from {@link GitLabClient#projects()}. */
public final class ProjectsApi {
    private final Rest rest;

    ProjectsApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * One project ({@code GET /projects/:id}).
     *
     * @param project the project
     * @return the project
     * @throws GitLabException {@code NOT_FOUND} when there is none (or the token cannot see it)
     */
    public GitLabProject get(ProjectRef project) {
        return GitLabJson.project(rest.get(rest.url("projects", project.segment()).build()));
    }

    /**
     * One project, or empty on 404.
     *
     * @param project the project
     * @return the project
     */
    public Optional<GitLabProject> find(ProjectRef project) {
        return Rest.optional(() -> get(project));
    }
}
