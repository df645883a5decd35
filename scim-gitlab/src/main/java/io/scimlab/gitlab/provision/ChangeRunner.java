package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MembersAdded;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Applies {@link PlanStep}s to GitLab, one audited call each, and moves the managed-membership markers with each
 * call's outcome, so the state store never claims more than GitLab holds. The first failure stops the run (as a
 * {@link GitLabException}, translated at the entry point); replaying the same steps converges (adds of existing
 * members, removes of missing ones and state changes to the current state are all no-ops).
 *
 * <p>Every member add or edit is recorded as a {@link PendingWrites pending write} before it is sent and forgotten
 * when GitLab's answer says what happened. When the answer is lost (and the client's confirming reads fail too),
 * the record stays: the IdP's retry then finds the membership and takes it as the bridge's own write, so it is
 * managed, and removed when the IdP removes it, instead of being left alone as someone else's.
 *
 * <p>GitLab's multi-user add ({@code user_id=a,b}) re-assigns the level and expiry of users who already are members,
 * so a batch never includes one: the group's direct members are read right before, and a member found there is
 * handled alone (left alone, adopted, or claimed as the bridge's own). Users GitLab reports as failed inside its 201
 * answer are added one by one, so each gets GitLab's own error and its handling.
 */
final class ChangeRunner {
    private final GitLabClient gl;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;
    private final AdoptPolicy adopt;
    private final PendingWrites pending;

    ChangeRunner(GitLabClient gl, StateStore store, AuditTrail audit, UserStates states, AdoptPolicy adopt,
            PendingWrites pending) {
        this.gl = gl;
        this.store = store;
        this.audit = audit;
        this.states = states;
        this.adopt = adopt;
        this.pending = pending;
    }

    void apply(AuditTrail.Op op, List<PlanStep> steps) {
        for (PlanStep s : steps) {
            apply(op, s);
        }
    }

    void apply(AuditTrail.Op op, PlanStep step) {
        step.accept(new PlanStep.Visitor<Void>() {
            @Override
            public Void addMembers(PlanStep.AddMembers a) {
                add(op, a);
                return null;
            }

            @Override
            public Void editMember(PlanStep.EditMember e) {
                edit(op, e.groupPath(), e.userId(), e.spec());
                return null;
            }

            @Override
            public Void removeMember(PlanStep.RemoveMember r) {
                try {
                    // skip_subresources: the bridge's own subgroup memberships are planned separately.
                    audit.run(op.on(r.groupPath(), List.of(r.userId())), "member", "",
                            () -> gl.members().remove(GroupRef.path(r.groupPath()), r.userId(), true));
                } catch (GitLabException x) {
                    if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                        throw x;
                    }
                }
                forget(r.userId(), r.groupPath());
                return null;
            }

            @Override
            public Void markManaged(PlanStep.MarkManaged m) {
                managed(m.userId(), m.groupPath(), m.spec());
                return null;
            }

            @Override
            public Void forgetMarker(PlanStep.ForgetMarker f) {
                forget(f.userId(), f.groupPath());
                return null;
            }

            @Override
            public Void setUserState(PlanStep.SetUserState s) {
                states.move(op, s.userId(), s.from(), s.to());
                return null;
            }
        });
    }

    /** GitLab holds the membership as the bridge wants it: marked as managed, the pending write settled. */
    private void managed(long userId, String path, MembershipSpec spec) {
        store.putManaged(MembershipPlanner.marker(userId, path, spec));
        pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(userId, path));
    }

    /** GitLab no longer holds the membership: neither marker nor pending write. */
    private void forget(long userId, String path) {
        store.removeManaged(userId, path);
        pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(userId, path));
    }

    private void edit(AuditTrail.Op op, String path, long userId, MembershipSpec spec) {
        GroupRef group = GroupRef.path(path);
        String key = PendingWrites.memberKey(userId, path);
        pending.begin(op, PendingWrites.MEMBER, key);
        try {
            audit.run(op.on(path, List.of(userId)), "", level(spec), () -> gl.members().edit(group, userId, spec));
        } catch (GitLabException x) {
            if (!PendingWrites.refused(x, "PUT")) {
                throw x;
            }
            pending.done(PendingWrites.MEMBER, key);
            if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                throw x;
            }
            // Removed by hand since: put it back.
            addOne(op, path, userId, spec);
            return;
        }
        managed(userId, path, spec);
    }

    private void add(AuditTrail.Op op, PlanStep.AddMembers a) {
        List<Long> ids = a.userIds();
        if (ids.size() == 1) {
            addOne(op, a.groupPath(), ids.get(0), a.spec());
            return;
        }
        // Read right before the batch: GitLab's multi-user add would re-assign the level of existing members.
        Map<Long, Member> present = directMembers(a.groupPath());
        List<Long> absent = new ArrayList<>();
        for (long id : ids) {
            Member m = present.get(id);
            if (m == null) {
                absent.add(id);
            } else {
                alreadyMember(op, a.groupPath(), id, a.spec(), m);
            }
        }
        if (absent.size() == 1) {
            addOne(op, a.groupPath(), absent.get(0), a.spec());
        } else if (!absent.isEmpty()) {
            addBatch(op, a.groupPath(), a.spec(), absent);
        }
    }

    private Map<Long, Member> directMembers(String path) {
        Map<Long, Member> out = new HashMap<>();
        try (Stream<Member> s = gl.members().list(GroupRef.path(path))) {
            s.forEach(m -> out.put(m.userId(), m));
        } catch (GitLabException x) {
            if (x.kind() == GitLabException.Kind.NOT_FOUND) {
                throw ScimException.invalidValue("GitLab group " + Bounds.echo(path) + " does not exist");
            }
            throw x;
        }
        return out;
    }

    /**
     * A user the bridge wants to add is a direct member already: the bridge's own earlier write whose answer was lost
     * (claimed), else someone else's membership (adopted or left alone, as the {@link AdoptPolicy} says).
     */
    private void alreadyMember(AuditTrail.Op op, String path, long id, MembershipSpec spec, Member m) {
        boolean ours = pending.find(PendingWrites.MEMBER, PendingWrites.memberKey(id, path)).isPresent();
        if (!ours && adopt != AdoptPolicy.ADOPT) {
            audit.decided(op.on(path, List.of(id)), "unmanaged member " + id + " in " + path, "",
                    AuditEvent.Outcome.NO_CHANGE,
                    "left alone (adopt policy LEAVE)");
            return;
        }
        if (matches(m, spec)) {
            audit.decided(op.on(path, List.of(id)), "", "member " + id + " in " + path + " " + level(spec),
                    AuditEvent.Outcome.NO_CHANGE,
                    ours ? "an earlier write of the bridge, whose answer was lost, added it: managed now"
                            : "adopted (adopt policy ADOPT)");
            managed(id, path, spec);
            return;
        }
        edit(op, path, id, spec);
    }

    private static boolean matches(Member m, MembershipSpec spec) {
        return m.accessLevel() == spec.accessLevel() && m.expiresAt().equals(spec.expiresAt())
                && (spec.memberRoleId().isEmpty() || m.memberRoleId().equals(spec.memberRoleId()));
    }

    private void addOne(AuditTrail.Op op, String path, long id, MembershipSpec spec) {
        GroupRef group = GroupRef.path(path);
        AuditTrail.Op at = op.on(path, List.of(id));
        String key = PendingWrites.memberKey(id, path);
        boolean earlier = pending.find(PendingWrites.MEMBER, key).isPresent();
        pending.begin(op, PendingWrites.MEMBER, key);
        try {
            audit.run(at, "", id + " " + level(spec), () -> gl.members().add(group, id, spec));
        } catch (GitLabException x) {
            if (!PendingWrites.refused(x, "POST")) {
                throw x;
            }
            pending.done(PendingWrites.MEMBER, key);
            switch (x.kind()) {
                case CONFLICT -> {
                    if (!earlier && adopt != AdoptPolicy.ADOPT) {
                        // A membership the bridge did not create: only adopted when configured.
                        audit.note(at, "unmanaged member", "", AuditEvent.Outcome.NO_CHANGE,
                                "left alone (adopt policy LEAVE)");
                        return;
                    }
                    if (earlier) {
                        // An earlier attempt whose answer was lost did add it: the bridge's own, at the level wanted
                        // now.
                        pending.begin(op, PendingWrites.MEMBER, key);
                    }
                    gl.members().find(group, id).ifPresentOrElse(m -> alreadyMember(op, path, id, spec, m),
                            () -> addOne(op, path, id, spec));
                    return;
                }
                case VALIDATION -> {
                    if (!belowInherited(x)) {
                        throw x;
                    }
                    // Lower than an inherited membership: the inherited one already gives more.
                    audit.note(at, "", "", AuditEvent.Outcome.NO_CHANGE, "covered by an inherited membership");
                    return;
                }
                case NOT_FOUND -> throw ScimException.invalidValue("GitLab group " + Bounds.echo(path)
                        + " or user " + id + " does not exist");
                default -> throw x;
            }
        }
        managed(id, path, spec);
    }

    private void addBatch(AuditTrail.Op op, String path, MembershipSpec spec, List<Long> batch) {
        GroupRef group = GroupRef.path(path);
        List<String> keys = batch.stream().map(id -> PendingWrites.memberKey(id, path)).toList();
        pending.begin(op, PendingWrites.MEMBER, keys);
        MembersAdded answer;
        try {
            answer = audit.run(op.on(path, batch), "", batch + " " + level(spec),
                    () -> gl.members().addAll(group, batch, spec));
        } catch (GitLabException x) {
            if (PendingWrites.refused(x, "POST")) {
                pending.done(PendingWrites.MEMBER, keys);
            }
            throw x;
        }
        // Mark only the users the group now holds directly at the requested level.
        Map<Long, Member> now = directMembers(path);
        List<Long> missing = new ArrayList<>();
        for (long id : batch) {
            Member m = now.get(id);
            if (m != null && m.accessLevel() == spec.accessLevel()) {
                managed(id, path, spec);
            } else {
                if (m == null) {
                    // Not a member at all: the store must not claim a membership GitLab does not hold.
                    forget(id, path);
                } else {
                    pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(id, path));
                }
                missing.add(id);
            }
        }
        if (!answer.complete()) {
            // GitLab names the users it refused inside its 201: add each alone, to get (and handle) its own error.
            audit.note(op.on(path, missing), "", missing + " " + level(spec), AuditEvent.Outcome.FAILURE,
                    "GitLab did not add every user: " + Bounds.cut(answer.message()));
            for (long id : missing) {
                addOne(op, path, id, spec);
            }
        } else if (!missing.isEmpty()) {
            // Unknown or deleted users: GitLab drops them silently.
            audit.note(op.on(path, missing), "", missing + " " + level(spec), AuditEvent.Outcome.NO_CHANGE,
                    "GitLab did not add " + missing + "; not marked as managed");
        }
    }

    /**
     * Whether GitLab refused the add only because the access level is below an inherited membership
     * ({@code access_level: ["should be greater than or equal to ... inherited membership from group ..."]}).
     */
    static boolean belowInherited(GitLabException x) {
        List<String> errors = x.fieldErrors().getOrDefault("access_level", List.of());
        return x.fieldErrors().size() == 1 && !errors.isEmpty()
                && errors.stream().allMatch(m -> m.toLowerCase(Locale.ROOT).contains("inherited"));
    }

    static String level(MembershipSpec spec) {
        return "access_level=" + spec.accessLevel().value();
    }
}
