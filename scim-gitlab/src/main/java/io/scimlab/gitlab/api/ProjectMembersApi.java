package io.scimlab.gitlab.api;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Project memberships ({@code /projects/:id/members}); obtain it from {@link GitLabClient#projectMembers()}. The same
 * calls as {@link MembersApi} for groups (GitLab serves both from {@code lib/api/members.rb}), with the rule that
 * matters most for projects: a project inherits the members of its group and the group's ancestors, and GitLab
 * refuses a direct project membership below an inherited one (400, {@code access_level: ["should be greater than or
 * equal to <Role> inherited membership from group <name>"]}). {@link #listAll} shows the effective level.
 */
public final class ProjectMembersApi {
    private final MemberCalls calls;

    ProjectMembersApi(Rest rest) {
        this.calls = new MemberCalls(rest, "projects");
    }

    /**
     * Direct members ({@code GET /projects/:id/members}).
     *
     * @param project the project
     * @return a lazy stream
     */
    public Stream<Member> list(ProjectRef project) {
        return calls.list(project.segment());
    }

    /**
     * The direct members among these users ({@code GET /projects/:id/members?user_ids=a,b,c}, GitLab's
     * {@code user_ids} filter): one request per 100 users, however many members the project has.
     *
     * @param project   the project
     * @param userIds the users to look for
     * @return a lazy stream of those of them who are direct members
     */
    public Stream<Member> listAmong(ProjectRef project, Collection<Long> userIds) {
        return calls.listAmong(project.segment(), userIds);
    }

    /**
     * Direct members and those inherited from the project's group hierarchy, one entry per user with the highest
     * level ({@code GET /projects/:id/members/all}).
     *
     * @param project the project
     * @return a lazy stream
     */
    public Stream<Member> listAll(ProjectRef project) {
        return calls.listAll(project.segment());
    }

    /**
     * A member, direct or inherited, at the highest level they hold ({@code GET /projects/:id/members/all/:user_id}),
     * or empty when the user is neither.
     *
     * @param project the project
     * @param userId  the user id
     * @return the member
     */
    public Optional<Member> findInherited(ProjectRef project, long userId) {
        return calls.findInherited(project.segment(), userId);
    }

    /**
     * A direct member, or empty when the user is not a direct member.
     *
     * @param project the project
     * @param userId  the user id
     * @return the member
     */
    public Optional<Member> find(ProjectRef project, long userId) {
        return calls.find(project.segment(), userId);
    }

    /**
     * Adds a direct member.
     *
     * <p>Retry rule: after a failure the client reads the membership; if it exists with the requested level it is
     * the earlier attempt's result. A 409 "Member already exists" on a retried attempt counts as success when the
     * level matches, and stays a {@code CONFLICT} otherwise.
     *
     * @param project the project
     * @param userId  the user id
     * @param spec    level, expiry and custom role
     * @return the member
     */
    public Member add(ProjectRef project, long userId, MembershipSpec spec) {
        return calls.add(project.segment(), userId, spec);
    }

    /**
     * Adds several users with the same level in one request ({@code user_id=1,2}). GitLab's rules are those of
     * {@link MembersApi#addAll}: existing members are <em>re-assigned</em> the level and expiry, unknown ids are
     * dropped silently, and users GitLab cannot add are reported inside the 201 answer. Leave existing members out.
     *
     * @param project the project
     * @param userIds the user ids
     * @param spec    level, expiry and custom role
     * @return what GitLab reported
     */
    public MembersAdded addAll(ProjectRef project, Collection<Long> userIds, MembershipSpec spec) {
        return calls.addAll(project.segment(), userIds, spec);
    }

    /**
     * Changes a direct member's level, expiry or custom role.
     *
     * @param project the project
     * @param userId  the user id
     * @param spec    the new values
     * @return the member
     */
    public Member edit(ProjectRef project, long userId, MembershipSpec spec) {
        return calls.edit(project.segment(), userId, spec);
    }

    /**
     * Removes a direct member (a project has no subresources to keep or remove).
     *
     * @param project the project
     * @param userId  the user id
     */
    public void remove(ProjectRef project, long userId) {
        calls.remove(project.segment(), userId, false);
    }
}
