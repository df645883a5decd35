package io.scimlab.gitlab.api;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Group memberships ({@code /groups/:id/members}); obtain it from {@link GitLabClient#members()}. Project
 * memberships, the same calls on projects: {@link GitLabClient#projectMembers()}.
 */
public final class MembersApi {
    private final Rest rest;
    private final MemberCalls calls;

    MembersApi(Rest rest) {
        this.rest = rest;
        this.calls = new MemberCalls(rest, "groups");
    }

    /**
     * Direct members ({@code GET /groups/:id/members}).
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<Member> list(GroupRef group) {
        return calls.list(group.segment());
    }

    /**
     * The direct members among these users ({@code GET /groups/:id/members?user_ids=a,b,c}, GitLab's
     * {@code user_ids} filter): one request per 100 users, however many members the group has.
     *
     * @param group   the group
     * @param userIds the users to look for
     * @return a lazy stream of those of them who are direct members
     */
    public Stream<Member> listAmong(GroupRef group, Collection<Long> userIds) {
        return calls.listAmong(group.segment(), userIds);
    }

    /**
     * Direct members whose name or username contains the term, or whose public email is it
     * ({@code GET /groups/:id/members?query=}, GitLab's {@code User.search}: exact matches first).
     *
     * @param group the group
     * @param query the search term
     * @return a lazy stream
     */
    public Stream<Member> search(GroupRef group, String query) {
        return calls.search(group.segment(), query);
    }

    /**
     * Direct and inherited members, one entry per user with the highest level
     * ({@code GET /groups/:id/members/all}).
     *
     * @param group the group
     * @return a lazy stream
     */
    public Stream<Member> listAll(GroupRef group) {
        return calls.listAll(group.segment());
    }

    /**
     * A member, direct or inherited from an ancestor group, at the highest level they hold
     * ({@code GET /groups/:id/members/all/:user_id}), or empty when the user is neither.
     *
     * @param group  the group
     * @param userId the user id
     * @return the member
     */
    public Optional<Member> findInherited(GroupRef group, long userId) {
        return calls.findInherited(group.segment(), userId);
    }

    /**
     * A direct member, or empty when the user is not a direct member.
     *
     * @param group  the group
     * @param userId the user id
     * @return the member
     */
    public Optional<Member> find(GroupRef group, long userId) {
        return calls.find(group.segment(), userId);
    }

    /**
     * Adds a direct member.
     *
     * <p>Retry rule: after a failure the client reads the membership; if it exists with the requested level it is
     * the earlier attempt's result. A 409 "Member already exists" on a retried attempt counts as success when the
     * level matches, and stays a {@code CONFLICT} otherwise.
     *
     * @param group  the group
     * @param userId the user id
     * @param spec   level, expiry and custom role
     * @return the member
     */
    public Member add(GroupRef group, long userId, MembershipSpec spec) {
        return calls.add(group.segment(), userId, spec);
    }

    /**
     * Adds several users with the same level in one request ({@code user_id=1,2}).
     *
     * <p>Mind GitLab's rules for this request: users who already are members are <em>re-assigned</em> the level and
     * expiry (a manual Owner would be demoted), unknown user ids are dropped silently, and users GitLab cannot add
     * are reported inside the 201 answer ({@link MembersAdded}). Leave existing members out.
     *
     * <p>Retry rule: after a failure the client reads each membership; when all exist with the requested level
     * the earlier attempt took effect.
     *
     * @param group   the group
     * @param userIds the user ids
     * @param spec    level, expiry and custom role
     * @return what GitLab reported
     */
    public MembersAdded addAll(GroupRef group, Collection<Long> userIds, MembershipSpec spec) {
        return calls.addAll(group.segment(), userIds, spec);
    }

    /**
     * Changes a direct member's level, expiry or custom role.
     *
     * @param group  the group
     * @param userId the user id
     * @param spec   the new values
     * @return the member
     */
    public Member edit(GroupRef group, long userId, MembershipSpec spec) {
        return calls.edit(group.segment(), userId, spec);
    }

    /**
     * Removes a direct member, and their subgroup memberships too.
     *
     * @param group  the group
     * @param userId the user id
     */
    public void remove(GroupRef group, long userId) {
        remove(group, userId, false);
    }

    /**
     * Removes a direct member.
     *
     * @param group            the group
     * @param userId           the user id
     * @param skipSubresources keep the user's memberships in subgroups
     */
    public void remove(GroupRef group, long userId, boolean skipSubresources) {
        calls.remove(group.segment(), userId, skipSubresources);
    }

    /**
     * Removes a user from a top-level group's whole hierarchy: every group and project membership below it
     * ({@code DELETE /groups/:id/billable_members/:user_id}, a group Owner). Unlike member deletions it is one
     * request per user, and GitLab does not rate-limit it. GitLab answers 400 for a subgroup
     * ({@code Invalid group provided, must be top-level}), a caller who is not an Owner
     * ({@code User unauthorized to remove member}) and a user with no membership there
     * ({@code No member found for the given user_id}), and refuses the last Owner; with its
     * {@code billable_member_async_deletion} flag it only schedules the removals.
     *
     * @param topLevelGroup the top-level group
     * @param userId        the user id
     */
    public void removeFromHierarchy(GroupRef topLevelGroup, long userId) {
        rest.send("DELETE", rest.url("groups", topLevelGroup.segment(), "billable_members", Long.toString(userId))
                .build(), null, true);
    }
}
