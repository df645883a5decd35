package io.scimlab.gitlab.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Custom roles ({@code member_roles}); obtain it from {@link GitLabClient#memberRoles()}. A licensed (Ultimate)
 * feature: without the licence, or without the rights, GitLab answers 403.
 */
public final class MemberRolesApi {
    private final Rest rest;

    MemberRolesApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * A top-level group's custom roles ({@code GET /groups/:id/member_roles}, GitLab.com; a group Owner). A
     * self-managed GitLab answers 400 here: its roles are the instance's, see {@link #listInstance()}.
     *
     * @param group the top-level group
     * @return the roles
     */
    public List<MemberRole> list(GroupRef group) {
        return read(rest.get(rest.url("groups", group.segment(), "member_roles").build()));
    }

    /**
     * The instance's custom roles ({@code GET /member_roles}, self-managed; an administrator). GitLab.com answers
     * 400 here.
     *
     * @return the roles
     */
    public List<MemberRole> listInstance() {
        return read(rest.get(rest.url("member_roles").build()));
    }

    private static List<MemberRole> read(com.fasterxml.jackson.databind.JsonNode array) {
        List<MemberRole> roles = new ArrayList<>();
        array.forEach(n -> roles.add(GitLabJson.memberRole(n)));
        return List.copyOf(roles);
    }
}
