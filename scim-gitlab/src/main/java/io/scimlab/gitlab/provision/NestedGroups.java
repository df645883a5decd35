package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.state.GroupRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The bridge's rules for groups in groups ({@link NestedGroupPolicy}, {@link NestedGroupLimits}), checked before a
 * group change reaches GitLab or the store: a refused change changes nothing.
 */
final class NestedGroups {
    private final NestedGroupPolicy policy;
    private final NestedGroupLimits limits;

    NestedGroups(NestedGroupPolicy policy, NestedGroupLimits limits) {
        this.policy = policy;
        this.limits = limits;
    }

    /**
     * Checks the member groups a change gives a group: none new under {@link NestedGroupPolicy#REJECT}; otherwise
     * each exists, the group has no more than {@link NestedGroupLimits#maxMemberGroups()}, none contains the group
     * (a cycle) and no chain of nesting through the group grows beyond {@link NestedGroupLimits#maxDepth()}. Member
     * groups the group had already are not checked again: removing some, or changing anything else, always goes
     * through.
     *
     * @param next  the group as it would be stored
     * @param cur   the stored group, null when it is being created
     * @param graph the groups with {@code next} as if stored
     * @throws ScimException 400 {@code invalidValue} naming the group, the cycle or the limit
     */
    void check(GroupRecord next, @Nullable GroupRecord cur, GroupGraph graph) {
        Set<String> added = new LinkedHashSet<>(next.memberGroups());
        if (cur != null) {
            added.removeAll(cur.memberGroups());
        }
        if (added.isEmpty()) {
            return;
        }
        if (policy == NestedGroupPolicy.REJECT) {
            throw ScimException.invalidValue("members: " + Bounds.echo(added.iterator().next()) + " is a group; this "
                    + "bridge takes users only as group members (NestedGroupPolicy.REJECT)");
        }
        List<GroupRecord> children = new ArrayList<>();
        for (String id : added) {
            if (id.equals(next.scimId())) {
                throw cycle(List.of(next, next));
            }
            children.add(graph.group(id).orElseThrow(() -> ScimException.invalidValue("members: no user or group "
                    + "with id " + Bounds.echo(id))));
        }
        if (next.memberGroups().size() > limits.maxMemberGroups()) {
            throw ScimException.invalidValue("members: group " + Bounds.echo(next.displayName()) + " would have "
                    + next.memberGroups().size() + " member groups; at most " + limits.maxMemberGroups()
                    + " (NestedGroupLimits.maxMemberGroups)");
        }
        for (GroupRecord child : children) {
            Optional<List<GroupRecord>> back = graph.chain(child, next.scimId());
            if (back.isPresent()) {
                List<GroupRecord> cycle = new ArrayList<>(List.of(next));
                cycle.addAll(back.get());
                throw cycle(cycle);
            }
        }
        int max = limits.maxDepth();
        // Counted exactly up to one past the limit, so a chain one too long is named with its length.
        int above = graph.depth(next, max + 1);
        int below = graph.height(next, max + 1);
        if (above + below - 1 > max) {
            // A count past that stopped: the chain is known to be too long, not how long.
            String length = above > max + 1 || below > max + 1 ? "more than " + (max + 1)
                    : Integer.toString(above + below - 1);
            throw ScimException.invalidValue("members: nesting these groups in " + Bounds.echo(next.displayName())
                    + " makes a chain of " + length + " nested groups; at most " + max
                    + " (NestedGroupLimits.maxDepth)");
        }
    }

    /** 400 naming the groups of a cycle, first and last the same. */
    private static ScimException cycle(List<GroupRecord> groups) {
        return ScimException.invalidValue("members: groups may not contain themselves; this change makes the cycle "
                + groups.stream().map(g -> Bounds.echo(g.displayName())).collect(Collectors.joining(" -> ")));
    }
}
