package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MembersAdded;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.ProjectRef;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The member calls the bridge makes, on a group or a project alike: the client's {@link GitLabClient#members()} or
 * {@link GitLabClient#projectMembers()} by the {@link MemberSource}'s kind, by full path.
 */
final class SourceMembers {
    private final GitLabClient gl;

    SourceMembers(GitLabClient gl) {
        this.gl = gl;
    }

    /** Direct members. */
    Stream<Member> direct(MemberSource s) {
        return s.isProject() ? gl.projectMembers().list(project(s)) : gl.members().list(group(s));
    }

    /** Direct members among these users: one read per 100 users, whatever the size of the group or project. */
    Stream<Member> directAmong(MemberSource s, Collection<Long> userIds) {
        return s.isProject() ? gl.projectMembers().listAmong(project(s), userIds)
                : gl.members().listAmong(group(s), userIds);
    }

    /** Direct and inherited members, each at the level GitLab takes as effective. */
    Stream<Member> all(MemberSource s) {
        return s.isProject() ? gl.projectMembers().listAll(project(s)) : gl.members().listAll(group(s));
    }

    Optional<Member> find(MemberSource s, long userId) {
        return s.isProject() ? gl.projectMembers().find(project(s), userId) : gl.members().find(group(s), userId);
    }

    Member add(MemberSource s, long userId, MembershipSpec spec) {
        return s.isProject() ? gl.projectMembers().add(project(s), userId, spec)
                : gl.members().add(group(s), userId, spec);
    }

    MembersAdded addAll(MemberSource s, Collection<Long> userIds, MembershipSpec spec) {
        return s.isProject() ? gl.projectMembers().addAll(project(s), userIds, spec)
                : gl.members().addAll(group(s), userIds, spec);
    }

    Member edit(MemberSource s, long userId, MembershipSpec spec) {
        return s.isProject() ? gl.projectMembers().edit(project(s), userId, spec)
                : gl.members().edit(group(s), userId, spec);
    }

    /**
     * Removes a direct member; from a group with {@code skip_subresources}: the bridge plans the memberships it
     * manages in subgroups and projects on their own, and leaves everyone else's alone.
     */
    void remove(MemberSource s, long userId) {
        if (s.isProject()) {
            gl.projectMembers().remove(project(s), userId);
        } else {
            gl.members().remove(group(s), userId, true);
        }
    }

    private static GroupRef group(MemberSource s) {
        return GroupRef.path(s.fullPath());
    }

    private static ProjectRef project(MemberSource s) {
        return ProjectRef.path(s.fullPath());
    }
}
