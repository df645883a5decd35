package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.StateStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The SCIM groups as a graph: users in groups, groups in groups (nested groups). One per request, or per reconcile
 * run: every group, parent list and user's group list is read from the store at most once.
 *
 * <p>A change not yet stored ({@link MembershipPlanner.Pending}) is seen as if it were: its group reads as the new
 * record, or as gone. Every walk keeps a set of the groups it has seen, so a group reached twice (a diamond)
 * counts once, and a cycle in stored data (which the bridge refuses to write) ends the walk instead of looping.
 */
final class GroupGraph {
    private final StateStore store;
    private final MembershipPlanner.@Nullable Pending pending;
    // A snapshot knows every group: what the maps lack does not exist.
    private final boolean complete;
    private final Map<String, Optional<GroupRecord>> groups = new HashMap<>();
    private final Map<String, List<GroupRecord>> parents = new HashMap<>();
    private final Map<String, List<GroupRecord>> groupsOfUser = new HashMap<>();

    private GroupGraph(StateStore store, MembershipPlanner.@Nullable Pending pending, boolean complete) {
        this.store = store;
        this.pending = pending;
        this.complete = complete;
    }

    /** The stored groups, read as needed, with a change not yet stored. */
    static GroupGraph of(StateStore store, MembershipPlanner.@Nullable Pending pending) {
        return new GroupGraph(store, pending, false);
    }

    /** Every stored group, read once: for the reconciler, which needs all of them. */
    static GroupGraph snapshot(StateStore store) {
        GroupGraph g = new GroupGraph(store, null, true);
        try (Stream<GroupRecord> all = store.groups()) {
            all.forEach(r -> {
                g.groups.put(r.scimId(), Optional.of(r));
                r.members().forEach(u -> g.groupsOfUser.computeIfAbsent(u, k -> new ArrayList<>()).add(r));
                r.memberGroups().forEach(c -> g.parents.computeIfAbsent(c, k -> new ArrayList<>()).add(r));
            });
        }
        return g;
    }

    /** A snapshot's users: every user some group has as a member (empty for a graph read as needed). */
    Set<String> memberUsers() {
        return complete ? Set.copyOf(groupsOfUser.keySet()) : Set.of();
    }

    /** A snapshot's groups, every stored one (empty for a graph read as needed). */
    List<GroupRecord> all() {
        return complete ? groups.values().stream().flatMap(Optional::stream).toList() : List.of();
    }

    Optional<GroupRecord> group(String id) {
        if (pending != null && pending.groupId().equals(id)) {
            return Optional.ofNullable(pending.next());
        }
        Optional<GroupRecord> known = groups.get(id);
        if (known != null) {
            return known;
        }
        Optional<GroupRecord> read = complete ? Optional.empty() : store.group(id);
        groups.put(id, read);
        return read;
    }

    /** The groups a user is a direct member of. */
    List<GroupRecord> groupsOf(String userScimId) {
        List<GroupRecord> stored = groupsOfUser.computeIfAbsent(userScimId, u -> complete ? List.of()
                : store.groupsOf(u));
        return withPending(stored, g -> g.members().contains(userScimId));
    }

    /** The groups a group is a direct member of. */
    List<GroupRecord> parentsOf(String groupId) {
        List<GroupRecord> stored = parents.computeIfAbsent(groupId, g -> complete ? List.of() : store.parentsOf(g));
        return withPending(stored, g -> g.memberGroups().contains(groupId));
    }

    private List<GroupRecord> withPending(List<GroupRecord> stored, Predicate<GroupRecord> has) {
        if (pending == null) {
            return stored;
        }
        List<GroupRecord> out = new ArrayList<>(stored.size() + 1);
        stored.stream().filter(g -> !g.scimId().equals(pending.groupId())).forEach(out::add);
        if (pending.next() != null && has.test(pending.next())) {
            out.add(pending.next());
        }
        return out;
    }

    /**
     * Every group whose grants reach a user: the groups the user is in and, through nesting, all their ancestors,
     * each once.
     */
    List<GroupRecord> reaching(String userScimId) {
        Map<String, GroupRecord> seen = new LinkedHashMap<>();
        Deque<GroupRecord> todo = new ArrayDeque<>(groupsOf(userScimId));
        while (!todo.isEmpty()) {
            GroupRecord g = todo.pop();
            if (seen.putIfAbsent(g.scimId(), g) == null) {
                todo.addAll(parentsOf(g.scimId()));
            }
        }
        return List.copyOf(seen.values());
    }

    /** Every group above a group: the groups it is a member of, theirs, and so on, each once. */
    Set<String> ancestors(String groupId) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(groupId));
        while (!todo.isEmpty()) {
            for (GroupRecord p : parentsOf(todo.pop())) {
                if (out.add(p.scimId())) {
                    todo.push(p.scimId());
                }
            }
        }
        return out;
    }

    /** Every user in a group's transitive membership: its users and those of its member groups, at any depth. */
    Set<String> usersUnder(GroupRecord top) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<GroupRecord> todo = new ArrayDeque<>(List.of(top));
        while (!todo.isEmpty()) {
            GroupRecord g = todo.pop();
            if (!seen.add(g.scimId())) {
                continue;
            }
            users.addAll(g.members());
            g.memberGroups().forEach(c -> group(c).ifPresent(todo::push));
        }
        return users;
    }

    /** {@link #usersUnder(GroupRecord)} of a group by id; nobody for a group that does not exist. */
    Set<String> usersUnder(String groupId) {
        return group(groupId).map(this::usersUnder).orElse(Set.of());
    }

    /**
     * A chain of member groups from {@code from} down to {@code to} ({@code from} first, {@code to} last), if
     * {@code to} is in {@code from}'s transitive membership: the groups a cycle would run through.
     */
    Optional<List<GroupRecord>> chain(GroupRecord from, String to) {
        Map<String, @Nullable GroupRecord> cameFrom = new HashMap<>();
        cameFrom.put(from.scimId(), null);
        Deque<GroupRecord> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            GroupRecord g = todo.removeFirst();
            if (g.scimId().equals(to)) {
                List<GroupRecord> path = new ArrayList<>();
                for (GroupRecord at = g; at != null; at = cameFrom.get(at.scimId())) {
                    path.add(0, at);
                }
                return Optional.of(path);
            }
            for (String c : g.memberGroups()) {
                Optional<GroupRecord> child = group(c);
                if (child.isPresent() && !cameFrom.containsKey(c)) {
                    cameFrom.put(c, g);
                    todo.addLast(child.get());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The most groups in one chain from {@code g} down through its member groups ({@code g} counted; a group
     * without member groups: 1). Stops counting past {@code bound}.
     */
    int height(GroupRecord g, int bound) {
        return longest(g, bound, true, new HashMap<>(), new HashSet<>());
    }

    /** The most groups in one chain from {@code g} up through the groups it is in ({@code g} counted). */
    int depth(GroupRecord g, int bound) {
        return longest(g, bound, false, new HashMap<>(), new HashSet<>());
    }

    private int longest(GroupRecord g, int bound, boolean down, Map<String, Integer> memo, Set<String> onPath) {
        Integer known = memo.get(g.scimId());
        if (known != null) {
            return known;
        }
        if (!onPath.add(g.scimId()) || onPath.size() > bound) {
            // A cycle (never written by the bridge) or deeper than anyone may go: as long as allowed and one more.
            onPath.remove(g.scimId());
            return bound + 1;
        }
        int best = 0;
        List<GroupRecord> next = down ? g.memberGroups().stream().map(this::group).flatMap(Optional::stream).toList()
                : parentsOf(g.scimId());
        for (GroupRecord n : next) {
            best = Math.max(best, longest(n, bound, down, memo, onPath));
            if (best > bound) {
                break;
            }
        }
        onPath.remove(g.scimId());
        int result = Math.min(best + 1, bound + 1);
        memo.put(g.scimId(), result);
        return result;
    }
}
