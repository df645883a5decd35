package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.stream.Stream;

/** GitLab's groups ({@code /groups}); obtain it from {@link GitLabClient#groups()}. */
public final class GroupsApi {
    private final Rest rest;

    GroupsApi(Rest rest) {
        this.rest = rest;
    }

    /**
     * One group.
     *
     * @param group the group
     * @return the group
     * @throws GitLabException {@code NOT_FOUND} when there is none
     */
    public GitLabGroup get(GroupRef group) {
        return GitLabJson.group(rest.get(rest.url("groups", group.segment()).build()));
    }

    /**
     * One group, or empty on 404.
     *
     * @param group the group
     * @return the group
     */
    public Optional<GitLabGroup> find(GroupRef group) {
        return Rest.optional(() -> get(group));
    }

    /**
     * The direct subgroups.
     *
     * @param group the parent
     * @return a lazy stream
     */
    public Stream<GitLabGroup> subgroups(GroupRef group) {
        return rest.stream(rest.paged("groups", group.segment(), "subgroups"), GitLabJson::group);
    }

    /**
     * Every group below this one, at any depth.
     *
     * @param group the ancestor
     * @return a lazy stream
     */
    public Stream<GitLabGroup> descendants(GroupRef group) {
        return rest.stream(rest.paged("groups", group.segment(), "descendant_groups"), GitLabJson::group);
    }

    /**
     * Creates a subgroup ({@code POST /groups} with {@code parent_id}).
     *
     * <p>Retry rule: after a failure the client lists the parent's subgroups; one with this path is the earlier
     * attempt's result.
     *
     * @param parentId the parent group id
     * @param name     the display name
     * @param path     the path segment
     * @return the new group
     */
    public GitLabGroup createSubgroup(long parentId, String name, String path) {
        ObjectNode body = rest.object().put("name", name).put("path", path).put("parent_id", parentId);
        return rest.confirmedPost(() -> GitLabJson.group(rest.send("POST", rest.url("groups").build(), body, false)),
                () -> {
                    try (Stream<GitLabGroup> s = subgroups(GroupRef.id(parentId))) {
                        return s.filter(g -> g.path().equalsIgnoreCase(path)).findFirst();
                    }
                });
    }
}
