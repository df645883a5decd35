package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The membership rules, in one place for the providers and the {@link Reconciler}: what a user should hold in
 * GitLab (desired state), and the fewest {@link PlanStep}s from what they hold to that.
 *
 * <p>Effective access per (user, GitLab group) is the highest level over all mapped SCIM groups the user is in.
 * Nested GitLab groups are flattened: a direct membership in a subgroup is only wanted when it is higher than
 * what the user gets in an ancestor group from the same mapping; otherwise the inherited membership already gives
 * it, and GitLab would refuse a lower direct one anyway.
 *
 * <p>A member write whose answer was lost ({@link PendingWrites}) counts as managed at an unknown level: wanted, it
 * is added again (the add finds what GitLab holds); no longer wanted, it is removed.
 *
 * <p>What a user holds is known two ways. The providers do not read GitLab: they take the bridge's markers as
 * what GitLab holds. The reconciler reads each group's members and compares the three: wanted, marked, held; a
 * difference between marked and held is drift.
 */
final class MembershipPlanner {
    private final StateStore store;
    private final RoleMapping mapping;
    private final boolean inactiveKeepsMemberships;
    private final AdoptPolicy adopt;
    private final DriftPolicy drift;
    private final PendingWrites pending;
    private final @Nullable Capabilities capabilities;

    MembershipPlanner(StateStore store, RoleMapping mapping, boolean inactiveKeepsMemberships, AdoptPolicy adopt,
            DriftPolicy drift) {
        this(store, mapping, inactiveKeepsMemberships, adopt, drift, new PendingWrites(store, Clock.systemUTC(),
                GitLabBridge.DEFAULT_PENDING_WRITE_EXPIRY), null);
    }

    /**
     * @param pending      writes whose answers may have been lost: the bridge's own until settled
     * @param capabilities what the GitLab can hold: a plan that adds or changes a membership to a role GitLab does
     *                     not have (Planner before 17.7) is refused before any call; null checks nothing
     */
    MembershipPlanner(StateStore store, RoleMapping mapping, boolean inactiveKeepsMemberships, AdoptPolicy adopt,
            DriftPolicy drift, PendingWrites pending, @Nullable Capabilities capabilities) {
        this.store = store;
        this.mapping = mapping;
        this.inactiveKeepsMemberships = inactiveKeepsMemberships;
        this.adopt = adopt;
        this.drift = drift;
        this.capabilities = capabilities;
        this.pending = pending;
    }

    /**
     * A group change not yet stored: the providers compute memberships as if it were.
     *
     * @param groupId the group
     * @param next    the new record, or null when the group is being deleted
     */
    record Pending(String groupId, @Nullable GroupRecord next) {
    }

    /** The direct memberships a user should hold: GitLab group path to grant. */
    Map<String, Grant> desired(String scimId, UserRecords users, @Nullable Pending pending) {
        Optional<UserRecord> rec = users.get(scimId);
        if (rec.isPresent() && !rec.get().active() && !inactiveKeepsMemberships) {
            return Map.of();
        }
        List<GroupRecord> groups = new ArrayList<>(store.groupsOf(scimId));
        if (pending != null) {
            groups.removeIf(g -> g.scimId().equals(pending.groupId()));
            if (pending.next() != null && pending.next().members().contains(scimId)) {
                groups.add(pending.next());
            }
        }
        Map<String, Grant> best = new HashMap<>();
        for (GroupRecord g : groups) {
            for (Grant grant : mapping.grantsFor(g.displayName(), g.externalId().orElse(null))) {
                best.merge(grant.groupPath(), grant, (a, b) -> higher(b.accessLevel(), a.accessLevel()) ? b : a);
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
     * The steps that bring the users' managed memberships to their desired state, without reading GitLab (the
     * markers stand for what GitLab holds), batched: every user added to one group at one level goes into a single
     * {@link PlanStep.AddMembers}.
     */
    List<PlanStep> plan(Collection<String> scimIds, UserRecords users, @Nullable Pending pending) {
        Plan plan = new Plan(false);
        for (String scimId : scimIds) {
            OptionalLong uid = users.gitlabId(scimId);
            if (uid.isEmpty()) {
                continue;
            }
            long id = uid.getAsLong();
            Map<String, ManagedMembership> have = new LinkedHashMap<>();
            store.managedOf(id).forEach(m -> have.put(m.groupPath(), m));
            Set<String> unsure = new HashSet<>(plan.unconfirmed.getOrDefault(id, Set.of()));
            desired(scimId, users, pending).forEach((path, grant) -> {
                ManagedMembership marker = have.remove(path);
                if (unsure.remove(path)) {
                    // An earlier write whose answer was lost: GitLab may hold anything; the add finds out.
                    plan.add(path, id, grant.spec());
                } else {
                    plan.decide(path, id, grant.spec(), marker, marker == null ? null : marker.accessLevel());
                }
            });
            have.values().forEach(m -> {
                unsure.remove(m.groupPath());
                plan.decide(m.groupPath(), id, null, m, m.accessLevel());
            });
            // Not wanted, and perhaps added by a write whose answer was lost: removed (a 404 is fine).
            unsure.forEach(path -> plan.removes.add(new PlanStep.RemoveMember(path, id)));
        }
        return plan.steps();
    }

    /**
     * Removes every membership of a user the bridge manages or may have added (a write whose answer was lost): one
     * DELETE each, GitLab has no batch removal.
     */
    List<PlanStep> removeAll(long gitlabUserId) {
        Set<String> paths = new LinkedHashSet<>();
        store.managedOf(gitlabUserId).forEach(m -> paths.add(m.groupPath()));
        paths.addAll(new TreeSet<>(pending.members().getOrDefault(gitlabUserId, Set.of())));
        List<PlanStep> out = new ArrayList<>();
        paths.forEach(p -> out.add(new PlanStep.RemoveMember(p, gitlabUserId)));
        return out;
    }

    /** Member writes whose answer was lost: GitLab user id to group paths (see {@link PendingWrites}). */
    Map<Long, Set<String>> unconfirmed() {
        return pending.members();
    }

    /** A plan the reconciler fills group by group with what GitLab holds. */
    Plan observedPlan() {
        return new Plan(true);
    }

    /**
     * The steps and drift of one plan. {@link #decide} is the one rule for a (group, user) membership; the steps
     * come out as removals, then edits and bookkeeping, then batched adds (parents before subgroups).
     */
    final class Plan {
        private final boolean observed;
        private final List<PlanStep> removes = new ArrayList<>();
        private final List<PlanStep> edits = new ArrayList<>();
        private final Map<String, Map<MembershipSpec, List<Long>>> adds = new LinkedHashMap<>();
        private final List<String> driftNotes = new ArrayList<>();
        // GitLab user id -> group paths of member writes whose answer was lost (see PendingWrites).
        private final Map<Long, Set<String>> unconfirmed;

        /**
         * @param observed whether {@code held} comes from GitLab (the reconciler) or from the markers (providers)
         */
        Plan(boolean observed) {
            this.observed = observed;
            this.unconfirmed = pending.members();
        }

        void add(String path, long uid, MembershipSpec want) {
            adds.computeIfAbsent(path, k -> new LinkedHashMap<>()).computeIfAbsent(want, k -> new ArrayList<>())
                    .add(uid);
        }

        /**
         * Plans one membership.
         *
         * @param want   the desired membership, null when none is wanted
         * @param marker the bridge's marker, null when it manages none
         * @param held   the level the user holds directly in GitLab, null when not a direct member
         */
        void decide(String path, long uid, @Nullable MembershipSpec want, @Nullable ManagedMembership marker,
                @Nullable AccessLevel held) {
            boolean revert = drift == DriftPolicy.REVERT;
            if (marker == null && unconfirmed.getOrDefault(uid, Set.of()).contains(path)) {
                // The bridge's own write whose answer was lost: managed, at whatever level GitLab holds.
                if (want == null) {
                    removes.add(held != null ? new PlanStep.RemoveMember(path, uid)
                            : new PlanStep.ForgetMarker(path, uid));
                } else if (held == null) {
                    add(path, uid, want);
                } else {
                    edits.add(held == want.accessLevel() ? new PlanStep.MarkManaged(path, uid, want)
                            : new PlanStep.EditMember(path, uid, want, "unconfirmed earlier write"));
                }
                return;
            }
            if (want == null) {
                if (marker != null) {
                    removes.add(held != null ? new PlanStep.RemoveMember(path, uid)
                            : new PlanStep.ForgetMarker(path, uid));
                }
                return;
            }
            if (held == null) {
                if (marker != null) {
                    driftNotes.add("user " + uid + " was removed from " + path + " by hand");
                    if (!revert) {
                        return;
                    }
                }
                add(path, uid, want);
                return;
            }
            if (held != want.accessLevel()) {
                if (marker == null) {
                    if (adopt == AdoptPolicy.ADOPT) {
                        edits.add(new PlanStep.EditMember(path, uid, want, "adopt"));
                    } else {
                        driftNotes.add("user " + uid + " in " + path + " has an unmanaged membership at " + held
                                + " (mapped: " + want.accessLevel() + "; left alone)");
                    }
                } else if (marker.accessLevel() == want.accessLevel()) {
                    driftNotes.add("user " + uid + " in " + path + " was changed by hand to " + held + " (mapped: "
                            + want.accessLevel() + ")");
                    if (revert) {
                        edits.add(new PlanStep.EditMember(path, uid, want, "revert drift"));
                    }
                } else {
                    edits.add(new PlanStep.EditMember(path, uid, want, observed ? "pending change"
                            : "mapping changed"));
                }
                return;
            }
            if (marker == null) {
                if (adopt == AdoptPolicy.ADOPT) {
                    edits.add(new PlanStep.MarkManaged(path, uid, want));
                }
            } else if (!spec(marker).equals(want)) {
                // The level GitLab holds matches. Observed: only the marker is behind. Not observed: the expiry or
                // custom role changed, which only an edit brings to GitLab.
                edits.add(observed ? new PlanStep.MarkManaged(path, uid, want)
                        : new PlanStep.EditMember(path, uid, want, "mapping changed"));
            }
        }

        List<PlanStep> steps() {
            List<PlanStep> out = new ArrayList<>(removes);
            out.addAll(edits);
            out.addAll(batches(adds));
            if (capabilities != null) {
                for (PlanStep s : out) {
                    if (s instanceof PlanStep.AddMembers a) {
                        capabilities.requireLevel(a.spec().accessLevel(), a.groupPath());
                    } else if (s instanceof PlanStep.EditMember e) {
                        capabilities.requireLevel(e.spec().accessLevel(), e.groupPath());
                    }
                }
            }
            return out;
        }

        List<String> drift() {
            return List.copyOf(driftNotes);
        }
    }

    /** One AddMembers per (group, spec), parents before subgroups, at most 100 users each. */
    static List<PlanStep> batches(Map<String, Map<MembershipSpec, List<Long>>> adds) {
        List<PlanStep> out = new ArrayList<>();
        adds.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getKey().chars().filter(c -> c == '/')
                .count())).forEach(e -> e.getValue().forEach((spec, ids) -> {
                    // GitLab takes the ids as one comma-separated parameter; 100 keeps each request small.
                    for (int i = 0; i < ids.size(); i += 100) {
                        out.add(new PlanStep.AddMembers(e.getKey(), spec, ids.subList(i, Math.min(ids.size(),
                                i + 100))));
                    }
                }));
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
