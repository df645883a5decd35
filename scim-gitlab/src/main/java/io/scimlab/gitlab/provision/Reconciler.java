package io.scimlab.gitlab.provision;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.UserRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares the desired state (the {@link io.scimlab.gitlab.state.StateStore}'s users and groups through the role
 * mapping) with GitLab (each mapped group's direct members, and on self-managed instances every user's state),
 * and plans the fewest changes: one batched add per group and level, one call per edit or removal.
 *
 * <p>Only memberships with a marker are changed or removed. A membership the bridge should hold but has no marker
 * for is pending (a failed or interrupted call) and is added; one with a marker that GitLab no longer has, or has
 * at another level, was changed by hand: that is drift, reported and, under {@link DriftPolicy#REVERT}, put back.
 * GitLab pages are streamed one at a time, so memory grows with the number of mapped memberships, not users.
 */
public final class Reconciler {
    private final Env env;
    private final Memberships memberships;
    private final ChangeRunner runner;

    Reconciler(Env env) {
        this.env = env;
        this.memberships = new Memberships(env);
        this.runner = new ChangeRunner(env, false);
    }

    /**
     * Computes the plan without changing anything (the dry run); only GETs reach GitLab.
     *
     * @return the plan
     */
    public ReconcilePlan plan() {
        List<Change> changes = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Map<Long, Grant>> desired = desired();
        Map<String, Map<Long, ManagedMembership>> markers = new TreeMap<>();
        try (Stream<ManagedMembership> all = env.store().managed()) {
            all.forEach(m -> markers.computeIfAbsent(m.groupPath(), k -> new HashMap<>()).put(m.gitlabUserId(), m));
        }
        Set<String> paths = new LinkedHashSet<>(new TreeMap<>(desired).keySet());
        paths.addAll(markers.keySet());
        Map<String, Map<MembershipSpec, List<Long>>> adds = new LinkedHashMap<>();
        List<Change> edits = new ArrayList<>();
        List<Change> removes = new ArrayList<>();
        boolean revert = env.drift() == DriftPolicy.REVERT;
        for (String path : paths) {
            Map<Long, Member> actual = new HashMap<>();
            try (Stream<Member> s = env.client().members().list(GroupRef.path(path))) {
                s.forEach(m -> actual.put(m.userId(), m));
            } catch (GitLabException e) {
                if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                    problems.add("GitLab group " + path + " does not exist");
                    continue;
                }
                throw Errors.toScim(e);
            }
            Map<Long, Grant> want = desired.getOrDefault(path, Map.of());
            Map<Long, ManagedMembership> have = markers.getOrDefault(path, Map.of());
            for (Map.Entry<Long, Grant> e : want.entrySet()) {
                long uid = e.getKey();
                MembershipSpec spec = e.getValue().spec();
                Member m = actual.get(uid);
                ManagedMembership marker = have.get(uid);
                if (m == null) {
                    if (marker != null) {
                        drift.add("user " + uid + " was removed from " + path + " by hand");
                        if (!revert) {
                            continue;
                        }
                    }
                    adds.computeIfAbsent(path, k -> new LinkedHashMap<>()).computeIfAbsent(spec,
                            k -> new ArrayList<>()).add(uid);
                } else if (m.accessLevel() != spec.accessLevel()) {
                    if (marker == null) {
                        unmanaged(path, uid, m, spec, edits, drift);
                    } else if (Memberships.spec(marker).accessLevel() == spec.accessLevel()) {
                        drift.add("user " + uid + " in " + path + " was changed by hand to " + m.accessLevel()
                                + " (mapped: " + spec.accessLevel() + ")");
                        if (revert) {
                            edits.add(new Change.EditMember(path, uid, spec, "revert drift"));
                        }
                    } else {
                        edits.add(new Change.EditMember(path, uid, spec, "pending change"));
                    }
                } else if (marker == null && env.adopt() == AdoptPolicy.ADOPT) {
                    edits.add(new Change.MarkManaged(path, uid, spec));
                } else if (marker != null && !Memberships.spec(marker).equals(spec)) {
                    edits.add(new Change.MarkManaged(path, uid, spec));
                }
            }
            for (ManagedMembership marker : have.values()) {
                if (want.containsKey(marker.gitlabUserId())) {
                    continue;
                }
                removes.add(actual.containsKey(marker.gitlabUserId())
                        ? new Change.RemoveMember(path, marker.gitlabUserId())
                        : new Change.ForgetMarker(path, marker.gitlabUserId()));
            }
        }
        changes.addAll(removes);
        changes.addAll(edits);
        changes.addAll(Memberships.batches(adds));
        if (env.selfManaged()) {
            userStates(changes, drift, problems);
        }
        return new ReconcilePlan(changes, drift, problems);
    }

    private void unmanaged(String path, long uid, Member m, MembershipSpec spec, List<Change> edits,
            List<String> drift) {
        if (env.adopt() == AdoptPolicy.ADOPT) {
            edits.add(new Change.EditMember(path, uid, spec, "adopt"));
        } else {
            drift.add("user " + uid + " in " + path + " has an unmanaged membership at " + m.accessLevel()
                    + " (mapped: " + spec.accessLevel() + "; left alone)");
        }
    }

    /** Desired memberships per GitLab group path: user id to grant. */
    private Map<String, Map<Long, Grant>> desired() {
        Set<String> scimIds = new LinkedHashSet<>();
        try (Stream<UserRecord> users = env.store().users()) {
            users.forEach(u -> scimIds.add(u.scimId()));
        }
        try (Stream<GroupRecord> groups = env.store().groups()) {
            groups.forEach(g -> scimIds.addAll(g.members()));
        }
        Map<String, Map<Long, Grant>> out = new HashMap<>();
        for (String id : scimIds) {
            OptionalLong uid = memberships.gitlabId(id);
            if (uid.isEmpty()) {
                continue;
            }
            memberships.desired(id, null, null).forEach((path, grant) -> out.computeIfAbsent(path,
                    k -> new HashMap<>()).put(uid.getAsLong(), grant));
        }
        return out;
    }

    /** Self-managed: every provisioned user's GitLab state against its SCIM active flag, streamed. */
    private void userStates(List<Change> changes, List<String> drift, List<String> problems) {
        Map<Long, UserRecord> records = new HashMap<>();
        try (Stream<UserRecord> users = env.store().users()) {
            users.forEach(u -> records.put(u.gitlabUserId(), u));
        }
        boolean revert = env.drift() == DriftPolicy.REVERT;
        try (Stream<GitLabUser> users = env.client().users().list()) {
            users.forEach(u -> {
                UserRecord r = records.remove(u.id());
                if (r == null) {
                    return;
                }
                Optional<String> want = wantedState(r);
                if (want.isEmpty() || want.get().equals(u.state())
                        || want.get().equals("deactivated") && u.state().equals("blocked")) {
                    // Blocked satisfies deactivated: it is stricter, and what a refused deactivate leaves.
                    return;
                }
                if (!List.of("active", "blocked", "deactivated").contains(u.state())) {
                    problems.add("user " + u.id() + " is " + u.state() + " in GitLab; the bridge cannot change it");
                    return;
                }
                drift.add("user " + u.id() + " is " + u.state() + " in GitLab, SCIM says " + want.get());
                if (revert) {
                    changes.add(new Change.SetUserState(u.id(), u.state(), want.get()));
                }
            });
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
        records.values().stream().filter(r -> r.active() || env.deprovision() != DeprovisionPolicy.DELETE)
                .forEach(r -> problems.add("GitLab user " + r.gitlabUserId() + " of SCIM user " + r.scimId()
                        + " does not exist"));
    }

    private Optional<String> wantedState(UserRecord r) {
        if (r.active()) {
            return Optional.of("active");
        }
        if (GitLabUserProvider.isServiceAccount(r)) {
            // Service accounts are blocked under both BLOCK and DEACTIVATE (see ServiceAccountUsers).
            return switch (env.deprovision()) {
                case BLOCK, DEACTIVATE -> Optional.of("blocked");
                default -> Optional.empty();
            };
        }
        return switch (env.deprovision()) {
            case BLOCK -> Optional.of("blocked");
            case DEACTIVATE -> Optional.of("deactivated");
            default -> Optional.empty();
        };
    }

    /**
     * Applies a plan; the first GitLab failure stops it (a later run picks up where it stopped). Each change runs as
     * a SCIM write does, inside {@link io.scimlab.gitlab.state.StateStore#exclusive} and the bridge's lock, and only
     * the part of it that still holds against the store then: a SCIM write (on this replica or another) since the
     * plan was made wins, and the rest of the change is skipped.
     *
     * @param plan    the plan
     * @param context who is acting, for the audit events
     */
    public void apply(ReconcilePlan plan, RequestContext context) {
        Calls.Op op = new Calls.Op(context, "reconcile");
        for (Change change : plan.changes()) {
            env.write(() -> stillHolds(change).ifPresent(c -> runner.apply(op, c)));
        }
    }

    /** The part of a planned change that the store still wants now, or empty when none of it does. */
    private Optional<Change> stillHolds(Change change) {
        if (change instanceof Change.AddMembers a) {
            List<Long> ids = a.userIds().stream().filter(uid -> wanted(a.groupPath(), uid)
                    .filter(a.spec()::equals).isPresent()).toList();
            return ids.isEmpty() ? Optional.empty() : Optional.of(ids.size() == a.userIds().size() ? a
                    : new Change.AddMembers(a.groupPath(), a.spec(), ids));
        }
        if (change instanceof Change.EditMember e) {
            return wanted(e.groupPath(), e.userId()).filter(e.spec()::equals).map(x -> change);
        }
        if (change instanceof Change.MarkManaged m) {
            return wanted(m.groupPath(), m.userId()).filter(m.spec()::equals).map(x -> change);
        }
        if (change instanceof Change.RemoveMember r) {
            return removable(r.groupPath(), r.userId()) ? Optional.of(change) : Optional.empty();
        }
        if (change instanceof Change.ForgetMarker f) {
            return removable(f.groupPath(), f.userId()) ? Optional.of(change) : Optional.empty();
        }
        if (change instanceof Change.SetUserState s) {
            return recordOf(s.userId()).flatMap(this::wantedState).filter(s.to()::equals).map(x -> change);
        }
        return Optional.of(change);
    }

    /** The membership the store wants now for a GitLab user in a group, if any. */
    private Optional<MembershipSpec> wanted(String path, long gitlabUserId) {
        String scimId = recordOf(gitlabUserId).map(UserRecord::scimId).orElse(Long.toString(gitlabUserId));
        return Optional.ofNullable(memberships.desired(scimId, null, null).get(path)).map(Grant::spec);
    }

    /** Whether the bridge still holds a marker for the membership and the store no longer wants it. */
    private boolean removable(String path, long gitlabUserId) {
        return env.store().managedOf(gitlabUserId).stream().anyMatch(m -> m.groupPath().equals(path))
                && wanted(path, gitlabUserId).isEmpty();
    }

    private Optional<UserRecord> recordOf(long gitlabUserId) {
        Optional<UserRecord> direct = env.store().user(Long.toString(gitlabUserId))
                .filter(r -> r.gitlabUserId() == gitlabUserId);
        if (direct.isPresent()) {
            return direct;
        }
        try (Stream<UserRecord> all = env.store().users()) {
            return all.filter(r -> r.gitlabUserId() == gitlabUserId).findFirst();
        }
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
