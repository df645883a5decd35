package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.UserRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The membership rules: what a user should hold in GitLab (desired state), and the fewest changes from what the
 * bridge holds for them (its markers) to that.
 *
 * <p>Effective access per (user, GitLab group) is the highest level over all mapped SCIM groups the user is in.
 * Nested GitLab groups are flattened: a direct membership in a subgroup is only wanted when it is higher than
 * what the user gets in an ancestor group from the same mapping; otherwise the inherited membership already gives
 * it, and GitLab would refuse a lower direct one anyway.
 */
final class Memberships {
    private final Env env;

    Memberships(Env env) {
        this.env = env;
    }

    /**
     * A group change not yet stored: the providers compute memberships as if it were.
     *
     * @param groupId the group
     * @param next    the new record, or null when the group is being deleted
     */
    record Pending(String groupId, @Nullable GroupRecord next) {
    }

    /** The GitLab user id behind a SCIM user id: the record's, or the id itself for unrecorded GitLab users. */
    OptionalLong gitlabId(String scimId) {
        Optional<UserRecord> rec = env.store().user(scimId);
        if (rec.isPresent()) {
            return OptionalLong.of(rec.get().gitlabUserId());
        }
        try {
            return OptionalLong.of(Long.parseLong(scimId));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The direct memberships a user should hold: GitLab group path to grant. */
    Map<String, Grant> desired(String scimId, @Nullable Pending pending, @Nullable UserRecord override) {
        Optional<UserRecord> rec = override != null && override.scimId().equals(scimId) ? Optional.of(override)
                : env.store().user(scimId);
        if (rec.isPresent() && !rec.get().active() && !env.inactiveKeepsMemberships()) {
            return Map.of();
        }
        List<GroupRecord> groups = new ArrayList<>(env.store().groupsOf(scimId));
        if (pending != null) {
            groups.removeIf(g -> g.scimId().equals(pending.groupId()));
            if (pending.next() != null && pending.next().members().contains(scimId)) {
                groups.add(pending.next());
            }
        }
        Map<String, Grant> best = new HashMap<>();
        for (GroupRecord g : groups) {
            for (Grant grant : env.mapping().grantsFor(g.displayName(), g.externalId().orElse(null))) {
                best.merge(grant.groupPath(), grant, (a, b) -> b.accessLevel().value() > a.accessLevel().value()
                        ? b : a);
            }
        }
        return flatten(best);
    }

    /** Drops direct memberships that an ancestor's (equal or higher) membership already gives. */
    static Map<String, Grant> flatten(Map<String, Grant> grants) {
        Map<String, Grant> out = new LinkedHashMap<>(grants);
        for (Iterator<Map.Entry<String, Grant>> it = out.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Grant> e = it.next();
            int level = e.getValue().accessLevel().value();
            String path = e.getKey();
            for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
                Grant ancestor = grants.get(path.substring(0, slash));
                if (ancestor != null && ancestor.accessLevel().value() >= level) {
                    it.remove();
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The changes that bring the users' managed memberships to their desired state, batched: every user added to
     * one group at one level goes into a single {@link Change.AddMembers}.
     */
    List<Change> plan(Collection<String> scimIds, @Nullable Pending pending, @Nullable UserRecord override) {
        Map<String, Map<MembershipSpec, List<Long>>> adds = new LinkedHashMap<>();
        List<Change> edits = new ArrayList<>();
        List<Change> removes = new ArrayList<>();
        for (String scimId : scimIds) {
            OptionalLong uid = override != null && override.scimId().equals(scimId)
                    ? OptionalLong.of(override.gitlabUserId()) : gitlabId(scimId);
            if (uid.isEmpty()) {
                continue;
            }
            long id = uid.getAsLong();
            Map<String, Grant> want = desired(scimId, pending, override);
            Map<String, ManagedMembership> have = new HashMap<>();
            env.store().managedOf(id).forEach(m -> have.put(m.groupPath(), m));
            for (Map.Entry<String, Grant> e : want.entrySet()) {
                ManagedMembership m = have.remove(e.getKey());
                MembershipSpec spec = e.getValue().spec();
                if (m == null) {
                    adds.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(spec, k -> new ArrayList<>()).add(id);
                } else if (!spec(m).equals(spec)) {
                    edits.add(new Change.EditMember(e.getKey(), id, spec, "mapping changed"));
                }
            }
            have.keySet().forEach(path -> removes.add(new Change.RemoveMember(path, id)));
        }
        List<Change> out = new ArrayList<>(removes);
        out.addAll(edits);
        out.addAll(batches(adds));
        return out;
    }

    /** One AddMembers per (group, spec), parents before subgroups, at most 100 users each. */
    static List<Change> batches(Map<String, Map<MembershipSpec, List<Long>>> adds) {
        List<Change> out = new ArrayList<>();
        adds.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getKey().chars().filter(c -> c == '/')
                .count())).forEach(e -> e.getValue().forEach((spec, ids) -> {
                    // GitLab takes the ids as one comma-separated parameter; 100 keeps each request small.
                    for (int i = 0; i < ids.size(); i += 100) {
                        out.add(new Change.AddMembers(e.getKey(), spec, ids.subList(i, Math.min(ids.size(),
                                i + 100))));
                    }
                }));
        return out;
    }

    /** Removes every managed membership of a user (one DELETE each: GitLab has no batch removal). */
    List<Change> removeAll(long gitlabUserId) {
        List<Change> out = new ArrayList<>();
        env.store().managedOf(gitlabUserId).forEach(m -> out.add(new Change.RemoveMember(m.groupPath(),
                gitlabUserId)));
        return out;
    }

    static MembershipSpec spec(ManagedMembership m) {
        return new MembershipSpec(m.accessLevel(), m.expiresAt(), m.memberRoleId());
    }

    static ManagedMembership marker(long userId, String path, MembershipSpec spec) {
        return new ManagedMembership(userId, path, spec.accessLevel(), spec.memberRoleId(), spec.expiresAt());
    }

    static boolean higher(AccessLevel a, AccessLevel b) {
        return a.value() > b.value();
    }
}
