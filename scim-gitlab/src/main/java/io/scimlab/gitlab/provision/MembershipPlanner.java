package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
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
 * <p>Effective access per (user, GitLab group or project) is the highest level over all mapped SCIM groups whose
 * grants reach the user: the groups the user is in and, when the IdP nests SCIM groups, every group above them
 * ({@link GroupGraph}); a group reached several ways counts once. The GitLab hierarchy is flattened: a direct
 * membership in a subgroup or a project is only wanted when it is higher than what the user gets in an ancestor
 * group from the same mapping; otherwise the inherited membership already gives it, and GitLab would refuse a
 * lower direct one anyway.
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

    /** The groups as stored, with a change not yet stored; one per request. */
    GroupGraph graph(@Nullable Pending pending) {
        return GroupGraph.of(store, pending);
    }

    /** Every stored group, read once: for a reconcile run. */
    GroupGraph snapshot() {
        return GroupGraph.snapshot(store);
    }

    /** The direct memberships a user should hold: GitLab group or project to grant. */
    Map<MemberSource, Grant> desired(String scimId, UserRecords users, @Nullable Pending pending) {
        return desiredIn(scimId, users, graph(pending));
    }

    /** {@link #desired(String, UserRecords, Pending)} over a graph the caller reuses for several users. */
    Map<MemberSource, Grant> desiredIn(String scimId, UserRecords users, GroupGraph graph) {
        Optional<UserRecord> rec = users.get(scimId);
        if (rec.isPresent() && !rec.get().active() && !inactiveKeepsMemberships) {
            return Map.of();
        }
        Map<MemberSource, Grant> best = new HashMap<>();
        for (Reason r : reasons(scimId, graph)) {
            Grant grant = r.origin().grant();
            best.merge(grant.source(), grant, (a, b) -> higher(b.accessLevel(), a.accessLevel()) ? b : a);
        }
        return flatten(best);
    }

    /**
     * One mapped grant that reaches a user: the SCIM group it comes through and the mapping entry or rule.
     *
     * @param group  the SCIM group (the user's, or one above it when groups nest)
     * @param origin the grant and the entry or rule that gives it
     */
    record Reason(GroupRecord group, RoleMapping.Origin origin) {
    }

    /**
     * Every mapped grant that reaches a user, whether or not it is the highest or survives flattening: why the user
     * gets what {@link #desiredIn} says, for an access report. Ignores the user's active flag.
     */
    List<Reason> reasons(String scimId, GroupGraph graph) {
        List<Reason> out = new ArrayList<>();
        for (GroupRecord g : graph.reaching(scimId)) {
            for (RoleMapping.Origin o : mapping.explain(g.displayName(), g.externalId().orElse(null))) {
                out.add(new Reason(g, o));
            }
        }
        return out;
    }

    /** The mapping: which GitLab groups and projects a stored SCIM group grants in. */
    RoleMapping mapping() {
        return mapping;
    }

    /**
     * The users whose desired memberships a group change may alter: the users it plans, and the ones a per-user
     * write lock must cover. A new or deleted group, or one whose displayName or externalId changed (the mapping may
     * differ), affects everyone in its transitive membership, before and after. Otherwise: the users added or
     * removed, everyone below a member group added or removed (they gain or lose this group's grants and its
     * ancestors'), and the values the request's change names, in case the stored record lagged behind (a named
     * group: everyone below it). Read from the stored groups: the change's own group is in no member group's
     * membership (a cycle is refused first).
     *
     * @param cur   the stored group, null when it is being created
     * @param next  the group as it will be stored, null when it is being deleted
     * @param named the member values the request's change adds or removes (may be empty)
     * @return the SCIM ids of the users, in a stable order
     */
    Set<String> affectedUsers(@Nullable GroupRecord cur, @Nullable GroupRecord next, Collection<String> named) {
        GroupGraph stored = graph(null);
        // Numeric ids in numeric order: the order of the plan's steps and of the users in a batch.
        Set<String> out = new TreeSet<>(Comparator.comparingInt(String::length).thenComparing(Comparator
                .naturalOrder()));
        if (cur == null || next == null || !cur.displayName().equals(next.displayName())
                || !cur.externalId().equals(next.externalId())) {
            if (cur != null) {
                out.addAll(stored.usersUnder(cur));
            }
            if (next != null) {
                next.memberGroups().forEach(c -> out.addAll(stored.usersUnder(c)));
                out.addAll(next.members());
            }
            return out;
        }
        out.addAll(symmetricDifference(cur.members(), next.members()));
        symmetricDifference(cur.memberGroups(), next.memberGroups()).forEach(c -> out.addAll(stored.usersUnder(c)));
        for (String v : named) {
            if (cur.members().contains(v) || next.members().contains(v)) {
                out.add(v);
                continue;
            }
            // A member group, or a value the stored record did not have either way: a group's users, else a user.
            Optional<GroupRecord> g = stored.group(v);
            if (g.isPresent()) {
                out.addAll(stored.usersUnder(g.get()));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        b.stream().filter(x -> !a.contains(x)).forEach(out::add);
        return out;
    }

    /**
     * Drops direct memberships that an ancestor group's (equal or higher) membership already gives: in a subgroup,
     * and in a project, whose ancestors are its group and that group's ancestors.
     */
    static Map<MemberSource, Grant> flatten(Map<MemberSource, Grant> grants) {
        Map<MemberSource, Grant> out = new LinkedHashMap<>(grants);
        for (Iterator<Map.Entry<MemberSource, Grant>> it = out.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MemberSource, Grant> e = it.next();
            int level = e.getValue().accessLevel().value();
            for (String path = e.getKey().parentPath(); !path.isEmpty();
                    path = MemberSource.group(path).parentPath()) {
                Grant ancestor = grants.get(MemberSource.group(path));
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
     * markers stand for what GitLab holds), batched: every user added to one group or project at one level goes
     * into a single {@link PlanStep.AddMembers}.
     */
    List<PlanStep> plan(Collection<String> scimIds, UserRecords users, @Nullable Pending pending) {
        return planIn(scimIds, users, graph(pending));
    }

    /** {@link #plan(Collection, UserRecords, Pending)} over the request's graph ({@link #graph}), read once. */
    List<PlanStep> planIn(Collection<String> scimIds, UserRecords users, GroupGraph graph) {
        Plan plan = new Plan(false);
        for (String scimId : scimIds) {
            OptionalLong uid = users.gitlabId(scimId);
            if (uid.isEmpty()) {
                continue;
            }
            long id = uid.getAsLong();
            Map<MemberSource, ManagedMembership> have = new LinkedHashMap<>();
            store.managedOf(id).forEach(m -> have.put(m.source(), m));
            Set<MemberSource> unsure = new HashSet<>(plan.unconfirmed.getOrDefault(id, Set.of()));
            desiredIn(scimId, users, graph).forEach((source, grant) -> {
                ManagedMembership marker = have.remove(source);
                if (unsure.remove(source)) {
                    // An earlier write whose answer was lost: GitLab may hold anything; the add finds out.
                    plan.add(source, id, grant.spec());
                } else {
                    plan.decide(source, id, grant.spec(), marker, marker == null ? null : marker.accessLevel());
                }
            });
            have.values().forEach(m -> {
                unsure.remove(m.source());
                plan.decide(m.source(), id, null, m, m.accessLevel());
            });
            // Not wanted, and perhaps added by a write whose answer was lost: removed (a 404 is fine).
            unsure.forEach(source -> plan.removes.add(new PlanStep.RemoveMember(source, id)));
        }
        return plan.steps();
    }

    /**
     * Removes every membership of a user the bridge manages or may have added (a write whose answer was lost), in
     * groups and projects: one DELETE each, GitLab has no batch removal.
     */
    List<PlanStep> removeAll(long gitlabUserId) {
        Set<MemberSource> sources = new LinkedHashSet<>();
        store.managedOf(gitlabUserId).forEach(m -> sources.add(m.source()));
        pending.members().getOrDefault(gitlabUserId, Set.of()).stream()
                .sorted(Comparator.comparing(MemberSource::fullPath)).forEach(sources::add);
        List<PlanStep> out = new ArrayList<>();
        sources.forEach(s -> out.add(new PlanStep.RemoveMember(s, gitlabUserId)));
        return out;
    }

    /** Member writes whose answer was lost: GitLab user id to groups and projects (see {@link PendingWrites}). */
    Map<Long, Set<MemberSource>> unconfirmed() {
        return pending.members();
    }

    /** A plan the reconciler fills group by group with what GitLab holds. */
    Plan observedPlan() {
        return new Plan(true);
    }

    /**
     * The steps and drift of one plan. {@link #decide} is the one rule for a (group or project, user) membership;
     * the steps come out as removals, then edits and bookkeeping, then batched adds (parents before subgroups and
     * projects).
     */
    final class Plan {
        private final boolean observed;
        private final List<PlanStep> removes = new ArrayList<>();
        private final List<PlanStep> edits = new ArrayList<>();
        private final Map<MemberSource, Map<MembershipSpec, List<Long>>> adds = new LinkedHashMap<>();
        private final List<String> driftNotes = new ArrayList<>();
        // GitLab user id -> groups and projects of member writes whose answer was lost (see PendingWrites).
        private final Map<Long, Set<MemberSource>> unconfirmed;

        /**
         * @param observed whether {@code held} comes from GitLab (the reconciler) or from the markers (providers)
         */
        Plan(boolean observed) {
            this.observed = observed;
            this.unconfirmed = pending.members();
        }

        void add(MemberSource source, long uid, MembershipSpec want) {
            adds.computeIfAbsent(source, k -> new LinkedHashMap<>()).computeIfAbsent(want, k -> new ArrayList<>())
                    .add(uid);
        }

        /**
         * Plans one membership.
         *
         * @param want   the desired membership, null when none is wanted
         * @param marker the bridge's marker, null when it manages none
         * @param held   the level the user holds directly in GitLab, null when not a direct member
         */
        void decide(MemberSource source, long uid, @Nullable MembershipSpec want, @Nullable ManagedMembership marker,
                @Nullable AccessLevel held) {
            boolean revert = drift == DriftPolicy.REVERT;
            String path = PlanStep.where(source);
            if (marker == null && unconfirmed.getOrDefault(uid, Set.of()).contains(source)) {
                // The bridge's own write whose answer was lost: managed, at whatever level GitLab holds.
                if (want == null) {
                    removes.add(held != null ? new PlanStep.RemoveMember(source, uid)
                            : new PlanStep.ForgetMarker(source, uid));
                } else if (held == null) {
                    add(source, uid, want);
                } else {
                    edits.add(held == want.accessLevel() ? new PlanStep.MarkManaged(source, uid, want)
                            : new PlanStep.EditMember(source, uid, want, "unconfirmed earlier write"));
                }
                return;
            }
            if (want == null) {
                if (marker != null) {
                    removes.add(held != null ? new PlanStep.RemoveMember(source, uid)
                            : new PlanStep.ForgetMarker(source, uid));
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
                add(source, uid, want);
                return;
            }
            if (held != want.accessLevel()) {
                if (marker == null) {
                    if (adopt == AdoptPolicy.ADOPT) {
                        edits.add(new PlanStep.EditMember(source, uid, want, "adopt"));
                    } else {
                        driftNotes.add("user " + uid + " in " + path + " has an unmanaged membership at " + held
                                + " (mapped: " + want.accessLevel() + "; left alone)");
                    }
                } else if (marker.accessLevel() == want.accessLevel()) {
                    driftNotes.add("user " + uid + " in " + path + " was changed by hand to " + held + " (mapped: "
                            + want.accessLevel() + ")");
                    if (revert) {
                        edits.add(new PlanStep.EditMember(source, uid, want, "revert drift"));
                    }
                } else {
                    edits.add(new PlanStep.EditMember(source, uid, want, observed ? "pending change"
                            : "mapping changed"));
                }
                return;
            }
            if (marker == null) {
                if (adopt == AdoptPolicy.ADOPT) {
                    edits.add(new PlanStep.MarkManaged(source, uid, want));
                }
            } else if (!spec(marker).equals(want)) {
                // The level GitLab holds matches. Observed: only the marker is behind. Not observed: the expiry or
                // custom role changed, which only an edit brings to GitLab.
                edits.add(observed ? new PlanStep.MarkManaged(source, uid, want)
                        : new PlanStep.EditMember(source, uid, want, "mapping changed"));
            }
        }

        List<PlanStep> steps() {
            List<PlanStep> out = new ArrayList<>(removes);
            out.addAll(edits);
            out.addAll(batches(adds));
            if (capabilities != null) {
                for (PlanStep s : out) {
                    if (s instanceof PlanStep.AddMembers a) {
                        capabilities.requireLevel(a.spec().accessLevel(), a.source().toString());
                    } else if (s instanceof PlanStep.EditMember e) {
                        capabilities.requireLevel(e.spec().accessLevel(), e.source().toString());
                    }
                }
            }
            return out;
        }

        List<String> drift() {
            return List.copyOf(driftNotes);
        }
    }

    /**
     * One AddMembers per (group or project, spec), parents before subgroups and projects (a project at its group's
     * depth plus one), at most 100 users each.
     */
    static List<PlanStep> batches(Map<MemberSource, Map<MembershipSpec, List<Long>>> adds) {
        List<PlanStep> out = new ArrayList<>();
        adds.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getKey().fullPath().chars()
                .filter(c -> c == '/').count())).forEach(e -> e.getValue().forEach((spec, ids) -> {
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

    static ManagedMembership marker(long userId, MemberSource source, MembershipSpec spec) {
        return new ManagedMembership(userId, source, spec.accessLevel(), spec.memberRoleId(), spec.expiresAt());
    }

    static boolean higher(AccessLevel a, AccessLevel b) {
        return a.value() > b.value();
    }
}
