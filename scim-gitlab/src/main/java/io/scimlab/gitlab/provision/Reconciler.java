package io.scimlab.gitlab.provision;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.UserState;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Compares the desired state (the {@link io.scimlab.gitlab.state.StateStore}'s users and groups, nested groups
 * included, through the role mapping) with GitLab (each mapped group's and project's direct members, and on
 * self-managed instances every user's state), and plans the fewest changes: one batched add per group or project
 * and level, one call per edit or removal. A wanted member who is no direct member is looked up in
 * {@code /members/all}: when an inherited membership already gives as much (GitLab would refuse a lower direct
 * one), nothing is planned.
 *
 * <p>Only memberships with a marker are changed or removed. A membership the bridge should hold but has no marker
 * for is pending (a failed or interrupted call) and is added; one with a marker that GitLab no longer has, or has
 * at another level, was changed by hand: that is drift, reported and, under {@link DriftPolicy#REVERT}, put back.
 * GitLab pages are streamed one at a time. Memory: the plan holds the desired memberships and the markers (both
 * proportional to the mapped memberships) and, on self-managed instances while the user states are compared, the user
 * records (proportional to the users); about 55 MB at 50,000 users and 250,000 memberships
 * ({@code ReconcileBenchmark}). The plan takes no lock; {@link #apply} takes the write section once per change.
 */
public final class Reconciler {
    private final GitLabTarget target;
    private final Policies policies;
    private final StateStore store;
    private final WriteSection section;
    private final MembershipPlanner planner;
    private final ChangeRunner runner;
    private final Pause pause;
    private final SourceMembers members;

    /** Groups and projects by path; a group before a project of the same path (which GitLab cannot have). */
    static final Comparator<MemberSource> ORDER = Comparator.comparing(MemberSource::fullPath)
            .thenComparing(MemberSource::kind);

    Reconciler(GitLabTarget target, Policies policies, StateStore store, WriteSection section,
            MembershipPlanner planner, ChangeRunner runner, Pause pause) {
        this.target = target;
        this.policies = policies;
        this.store = store;
        this.section = section;
        this.planner = planner;
        this.runner = runner;
        this.pause = pause;
        this.members = new SourceMembers(target.client());
    }

    /**
     * Computes the plan without changing anything (the dry run); only GETs reach GitLab.
     *
     * @return the plan
     */
    public ReconcilePlan plan() {
        return ScimErrors.translated(this::computePlan);
    }

    private ReconcilePlan computePlan() {
        List<String> problems = new ArrayList<>();
        // The user records serve the desired state only: not kept while GitLab is read.
        Map<MemberSource, Map<Long, Grant>> desired = desired(new UserRecords(store));
        Map<MemberSource, Map<Long, ManagedMembership>> markers = new TreeMap<>(ORDER);
        try (Stream<ManagedMembership> all = store.managed()) {
            all.forEach(m -> markers.computeIfAbsent(m.source(), k -> new HashMap<>()).put(m.gitlabUserId(), m));
        }
        Set<MemberSource> sources = new TreeSet<>(ORDER);
        sources.addAll(desired.keySet());
        sources.addAll(markers.keySet());
        // Member writes whose answer was lost count as managed: the plan removes those no longer wanted.
        Map<MemberSource, Set<Long>> unconfirmed = new HashMap<>();
        planner.unconfirmed().forEach((uid, ps) -> ps.forEach(p -> unconfirmed.computeIfAbsent(p,
                k -> new HashSet<>()).add(uid)));
        sources.addAll(unconfirmed.keySet());
        MembershipPlanner.Plan plan = planner.observedPlan();
        for (MemberSource source : sources) {
            Optional<Map<Long, Member>> direct = read(source, members::direct, problems);
            if (direct.isEmpty()) {
                continue;
            }
            Map<Long, Member> actual = direct.get();
            Map<Long, Grant> want = desired.getOrDefault(source, Map.of());
            Map<Long, ManagedMembership> have = markers.getOrDefault(source, Map.of());
            Set<Long> unsure = unconfirmed.getOrDefault(source, Set.of());
            Map<Long, Member> effective = null;
            for (Map.Entry<Long, Grant> w : want.entrySet()) {
                long uid = w.getKey();
                boolean inherits = source.isProject() || !source.parentPath().isEmpty();
                if (inherits && !actual.containsKey(uid) && !have.containsKey(uid) && !unsure.contains(uid)) {
                    // Not a direct member: GitLab may give as much or more through an inherited membership (of a
                    // subgroup's ancestors, of a project's groups), the effective level /members/all shows; then it
                    // refuses a direct one below it, and nothing is to do. Read once per subgroup or project (a
                    // top-level group inherits nothing).
                    if (effective == null) {
                        effective = read(source, members::all, problems).orElse(Map.of());
                    }
                    Member inherited = effective.get(uid);
                    if (inherited != null && inherited.accessLevel().value() >= w.getValue().accessLevel().value()) {
                        continue;
                    }
                }
                plan.decide(source, uid, w.getValue().spec(), have.get(uid), held(actual, uid));
            }
            have.values().stream().filter(m -> !want.containsKey(m.gitlabUserId()))
                    .forEach(m -> plan.decide(source, m.gitlabUserId(), null, m, held(actual, m.gitlabUserId())));
            unsure.stream().filter(uid -> !want.containsKey(uid) && !have.containsKey(uid)).sorted()
                    .forEach(uid -> plan.decide(source, uid, null, null, held(actual, uid)));
        }
        List<Change> changes = new ArrayList<>(plan.steps());
        List<String> drift = new ArrayList<>(plan.drift());
        if (target.selfManaged()) {
            userStates(changes, drift, problems);
        }
        return new ReconcilePlan(changes, drift, problems);
    }

    /**
     * The members of a group or project by user id, one page at a time; empty with a problem noted when GitLab has
     * no such group or project.
     */
    private static Optional<Map<Long, Member>> read(MemberSource source, Function<MemberSource, Stream<Member>> list,
            List<String> problems) {
        Map<Long, Member> out = new HashMap<>();
        try (Stream<Member> s = list.apply(source)) {
            s.forEach(m -> out.put(m.userId(), m));
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                problems.add("GitLab " + source + " does not exist");
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(out);
    }

    private static @Nullable AccessLevel held(Map<Long, Member> actual, long uid) {
        Member m = actual.get(uid);
        return m == null ? null : m.accessLevel();
    }

    /**
     * Desired memberships per GitLab group or project: user id to grant; reads every record once, into
     * {@code users}, and every group once.
     */
    private Map<MemberSource, Map<Long, Grant>> desired(UserRecords users) {
        Set<String> scimIds = new LinkedHashSet<>();
        try (Stream<UserRecord> all = store.users()) {
            all.forEach(u -> {
                users.with(u);
                scimIds.add(u.scimId());
            });
        }
        GroupGraph groups = planner.snapshot();
        scimIds.addAll(new TreeSet<>(groups.memberUsers()));
        Map<MemberSource, Map<Long, Grant>> out = new HashMap<>();
        for (String id : scimIds) {
            OptionalLong uid = users.gitlabId(id);
            if (uid.isEmpty()) {
                continue;
            }
            planner.desiredIn(id, users, groups).forEach((source, grant) -> out.computeIfAbsent(source,
                    k -> new HashMap<>()).put(uid.getAsLong(), grant));
        }
        return out;
    }

    /** Self-managed: every provisioned user's GitLab state against its SCIM active flag, streamed. */
    private void userStates(List<Change> changes, List<String> drift, List<String> problems) {
        Map<Long, UserRecord> records = new HashMap<>();
        try (Stream<UserRecord> all = store.users()) {
            all.forEach(u -> records.put(u.gitlabUserId(), u));
        }
        boolean revert = policies.drift() == DriftPolicy.REVERT;
        try (Stream<GitLabUser> gitlabUsers = target.client().users().list()) {
            gitlabUsers.forEach(u -> {
                UserRecord r = records.remove(u.id());
                if (r == null) {
                    return;
                }
                Optional<UserState> want = wantedState(r);
                if (want.isEmpty() || want.get() == u.state()
                        || (want.get() != UserState.ACTIVE && UserStates.withoutAccess(u.state()))) {
                    // Any state without access satisfies a deprovisioning: blocked is stricter than deactivated
                    // (and what a refused deactivate leaves); ldap_blocked, banned and pending approval are an
                    // administrator's, and no less strict.
                    return;
                }
                if (!UserStates.settable(u.state())) {
                    problems.add("user " + u.id() + " is " + u.state() + " in GitLab; the bridge cannot change it");
                    return;
                }
                drift.add("user " + u.id() + " is " + u.state() + " in GitLab, SCIM says " + want.get());
                if (revert) {
                    changes.add(new PlanStep.SetUserState(u.id(), u.state(), want.get()));
                }
            });
        }
        records.values().stream().filter(r -> r.active() || policies.deprovision() != DeprovisionPolicy.DELETE)
                .forEach(r -> problems.add("GitLab user " + r.gitlabUserId() + " of SCIM user " + r.scimId()
                        + " does not exist"));
    }

    private Optional<UserState> wantedState(UserRecord r) {
        if (r.active()) {
            return Optional.of(UserState.ACTIVE);
        }
        if (GitLabUserProvider.isServiceAccount(r)) {
            // Service accounts are blocked under both BLOCK and DEACTIVATE (see ServiceAccountUsers).
            return switch (policies.deprovision()) {
                case BLOCK, DEACTIVATE -> Optional.of(UserState.BLOCKED);
                default -> Optional.empty();
            };
        }
        return switch (policies.deprovision()) {
            case BLOCK -> Optional.of(UserState.BLOCKED);
            case DEACTIVATE -> Optional.of(UserState.DEACTIVATED);
            default -> Optional.empty();
        };
    }

    /**
     * Applies a plan; the first GitLab failure stops it (a later run picks up where it stopped). Each change runs as
     * a SCIM write does, holding the keys of its users ({@link io.scimlab.gitlab.state.StateStore#locked}) for that
     * change only, never for the run, so SCIM writes to other users go on meanwhile; and only
     * the part of it that still holds against the store then: a SCIM write (on this replica or another) since the
     * plan was made wins, and the rest of the change is skipped.
     *
     * <p>GitLab's rate limit does not stop a run: a step GitLab holds back (a 429, or the next free slot of its
     * member deletions) is waited out between steps, outside the lock, so SCIM writes go on meanwhile, and tried
     * again, as often as the client's {@link io.scimlab.gitlab.api.RetryPolicy#maxRateLimitRetries()} allows.
     *
     * @param plan    the plan
     * @param context who is acting, for the audit events
     */
    public void apply(ReconcilePlan plan, RequestContext context) {
        AuditTrail.Op op = new AuditTrail.Op(context, "reconcile");
        int patience = target.client().retryPolicy().maxRateLimitRetries();
        ScimErrors.translated(() -> {
            for (PlanStep step : plan.steps()) {
                for (int waited = 0; ; waited++) {
                    try {
                        // The step's users, by their GitLab ids (a user's SCIM id nearly always); under the
                        // locks, each by the SCIM id its record has, before anything changes.
                        section.run(keys(step, id -> Long.toString(id)), () -> {
                            UserRecords users = new UserRecords(store);
                            section.require(keys(step, id -> users.byGitLabId(id).map(UserRecord::scimId)
                                    .orElse(Long.toString(id))));
                            stillHolds(step, users).ifPresent(s -> runner.apply(op.resolving(users), s));
                            return null;
                        }, "reconcile");
                        break;
                    } catch (GitLabException e) {
                        if (e.kind() != GitLabException.Kind.RATE_LIMITED || e.retryAfter().isEmpty()
                                || waited >= patience) {
                            throw e;
                        }
                        waitOut(e);
                    }
                }
            }
            return null;
        });
    }

    /** The keys of a step: the users whose memberships or state it changes, by SCIM id. */
    private static Set<LockKey> keys(PlanStep step, LongFunction<String> scimId) {
        List<Long> ids = step.accept(new PlanStep.Visitor<List<Long>>() {
            @Override
            public List<Long> addMembers(PlanStep.AddMembers a) {
                return a.userIds();
            }

            @Override
            public List<Long> editMember(PlanStep.EditMember e) {
                return List.of(e.userId());
            }

            @Override
            public List<Long> removeMember(PlanStep.RemoveMember r) {
                return List.of(r.userId());
            }

            @Override
            public List<Long> markManaged(PlanStep.MarkManaged m) {
                return List.of(m.userId());
            }

            @Override
            public List<Long> forgetMarker(PlanStep.ForgetMarker f) {
                return List.of(f.userId());
            }

            @Override
            public List<Long> setUserState(PlanStep.SetUserState u) {
                return List.of(u.userId());
            }
        });
        Set<LockKey> keys = new HashSet<>();
        ids.forEach(id -> keys.add(LockKey.user(scimId.apply(id))));
        return keys;
    }

    private void waitOut(GitLabException limited) {
        try {
            pause.sleep(limited.retryAfter().orElseThrow());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw limited;
        }
    }

    /** The part of a planned step that the store still wants now, or empty when none of it does. */
    private Optional<PlanStep> stillHolds(PlanStep step, UserRecords users) {
        return step.accept(new PlanStep.Visitor<Optional<PlanStep>>() {
            @Override
            public Optional<PlanStep> addMembers(PlanStep.AddMembers a) {
                List<Long> ids = a.userIds().stream().filter(uid -> wanted(a.source(), uid, users)
                        .filter(a.spec()::equals).isPresent()).toList();
                return ids.isEmpty() ? Optional.empty() : Optional.of(ids.size() == a.userIds().size() ? a
                        : new PlanStep.AddMembers(a.source(), a.spec(), ids));
            }

            @Override
            public Optional<PlanStep> editMember(PlanStep.EditMember e) {
                return wanted(e.source(), e.userId(), users).filter(e.spec()::equals).map(x -> e);
            }

            @Override
            public Optional<PlanStep> removeMember(PlanStep.RemoveMember r) {
                return removable(r.source(), r.userId(), users) ? Optional.of(r) : Optional.empty();
            }

            @Override
            public Optional<PlanStep> markManaged(PlanStep.MarkManaged m) {
                return wanted(m.source(), m.userId(), users).filter(m.spec()::equals).map(x -> m);
            }

            @Override
            public Optional<PlanStep> forgetMarker(PlanStep.ForgetMarker f) {
                return removable(f.source(), f.userId(), users) ? Optional.of(f) : Optional.empty();
            }

            @Override
            public Optional<PlanStep> setUserState(PlanStep.SetUserState s) {
                return users.byGitLabId(s.userId()).flatMap(Reconciler.this::wantedState).filter(s.to()::equals)
                        .map(x -> s);
            }
        });
    }

    /** The membership the store wants now for a GitLab user in a group or project, if any. */
    private Optional<MembershipSpec> wanted(MemberSource source, long gitlabUserId, UserRecords users) {
        String scimId = users.byGitLabId(gitlabUserId).map(UserRecord::scimId).orElse(Long.toString(gitlabUserId));
        return Optional.ofNullable(planner.desired(scimId, users, null).get(source))
                .map(Grant::spec);
    }

    /**
     * Whether the bridge still holds a marker for the membership (or a member write of it whose answer was lost) and
     * the store no longer wants it.
     */
    private boolean removable(MemberSource source, long gitlabUserId, UserRecords users) {
        return (store.managedOf(gitlabUserId).stream().anyMatch(m -> m.source().equals(source))
                || planner.unconfirmed().getOrDefault(gitlabUserId, Set.of()).contains(source))
                && wanted(source, gitlabUserId, users).isEmpty();
    }

    /**
     * Plans and applies.
     *
     * @param context who is acting
     * @return the plan that was applied
     */
    public ReconcilePlan reconcile(RequestContext context) {
        ReconcilePlan plan = plan();
        apply(plan, context);
        return plan;
    }
}
