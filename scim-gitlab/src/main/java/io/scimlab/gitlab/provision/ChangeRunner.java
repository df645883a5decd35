package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.state.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Applies {@link PlanStep}s to GitLab, one audited call each, and moves the managed-membership markers with each
 * call's outcome, so the state store never claims more than GitLab holds. The first failure stops the run (as a
 * {@link GitLabException}, translated at the entry point); replaying the same steps converges (adds of existing
 * members, removes of missing ones and state changes to the current state are all no-ops).
 */
final class ChangeRunner {
    private final GitLabClient gl;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;
    private final AdoptPolicy adopt;
    private final boolean checkExisting;

    /**
     * @param checkExisting whether batched adds first read the group's direct members: GitLab's multi-user add
     *                      silently skips users who already are members, so without the read the bridge could not
     *                      tell its own memberships from someone else's (the reconciler has already read them)
     */
    ChangeRunner(GitLabClient gl, StateStore store, AuditTrail audit, UserStates states, AdoptPolicy adopt,
            boolean checkExisting) {
        this.gl = gl;
        this.store = store;
        this.audit = audit;
        this.states = states;
        this.adopt = adopt;
        this.checkExisting = checkExisting;
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
                GroupRef group = GroupRef.path(e.groupPath());
                AuditTrail.Op at = op.on(e.groupPath(), List.of(e.userId()));
                try {
                    audit.run(at, "", level(e.spec()), () -> gl.members().edit(group, e.userId(), e.spec()));
                } catch (GitLabException x) {
                    if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                        throw x;
                    }
                    // Removed by hand since: put it back.
                    audit.run(at, "", e.userId() + " " + level(e.spec()),
                            () -> gl.members().add(group, e.userId(), e.spec()));
                }
                store.putManaged(MembershipPlanner.marker(e.userId(), e.groupPath(), e.spec()));
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
                store.removeManaged(r.userId(), r.groupPath());
                return null;
            }

            @Override
            public Void markManaged(PlanStep.MarkManaged m) {
                store.putManaged(MembershipPlanner.marker(m.userId(), m.groupPath(), m.spec()));
                return null;
            }

            @Override
            public Void forgetMarker(PlanStep.ForgetMarker f) {
                store.removeManaged(f.userId(), f.groupPath());
                return null;
            }

            @Override
            public Void setUserState(PlanStep.SetUserState s) {
                states.move(op, s.userId(), s.from(), s.to());
                return null;
            }
        });
    }

    private void add(AuditTrail.Op op, PlanStep.AddMembers a) {
        GroupRef group = GroupRef.path(a.groupPath());
        List<Long> ids = a.userIds();
        if (ids.size() > 1 && checkExisting) {
            Set<Long> present = new HashSet<>();
            try (Stream<Member> s = gl.members().list(group)) {
                s.forEach(m -> present.add(m.userId()));
            } catch (GitLabException x) {
                if (x.kind() == GitLabException.Kind.NOT_FOUND) {
                    throw ScimException.invalidValue("GitLab group " + Bounds.echo(a.groupPath()) + " does not exist");
                }
                throw x;
            }
            List<Long> absent = ids.stream().filter(i -> !present.contains(i)).toList();
            for (long taken : ids) {
                if (present.contains(taken)) {
                    add(op, new PlanStep.AddMembers(a.groupPath(), a.spec(), List.of(taken)));
                }
            }
            ids = absent;
        }
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > 1) {
            addBatch(op, a, group, ids);
            return;
        }
        long id = ids.get(0);
        AuditTrail.Op at = op.on(a.groupPath(), List.of(id));
        try {
            audit.run(at, "", id + " " + level(a.spec()), () -> gl.members().add(group, id, a.spec()));
        } catch (GitLabException x) {
            switch (x.kind()) {
                case CONFLICT -> {
                    // A membership the bridge did not create: only adopted when configured.
                    if (adopt != AdoptPolicy.ADOPT) {
                        audit.note(at, "unmanaged member", "", AuditEvent.Outcome.NO_CHANGE,
                                "left alone (adopt policy LEAVE)");
                        return;
                    }
                    audit.run(at, "unmanaged", level(a.spec()), () -> gl.members().edit(group, id, a.spec()));
                }
                case VALIDATION -> {
                    if (!belowInherited(x)) {
                        throw x;
                    }
                    // Lower than an inherited membership: the inherited one already gives more.
                    audit.note(at, "", "", AuditEvent.Outcome.NO_CHANGE, "covered by an inherited membership");
                    return;
                }
                case NOT_FOUND -> throw ScimException.invalidValue("GitLab group " + Bounds.echo(a.groupPath())
                        + " or user " + id + " does not exist");
                default -> throw x;
            }
        }
        store.putManaged(MembershipPlanner.marker(id, a.groupPath(), a.spec()));
    }

    private void addBatch(AuditTrail.Op op, PlanStep.AddMembers a, GroupRef group, List<Long> batch) {
        audit.run(op.on(a.groupPath(), batch), "", batch + " " + level(a.spec()),
                () -> gl.members().addAll(group, batch, a.spec()));
        // GitLab's batch add answers success while skipping users it could not add: mark only the users the
        // group now holds directly at the requested level.
        Map<Long, Member> now = new HashMap<>();
        try (Stream<Member> s = gl.members().list(group)) {
            s.forEach(m -> now.put(m.userId(), m));
        }
        List<Long> missing = new ArrayList<>();
        for (long id : batch) {
            Member m = now.get(id);
            if (m != null && m.accessLevel() == a.spec().accessLevel()) {
                store.putManaged(MembershipPlanner.marker(id, a.groupPath(), a.spec()));
            } else {
                if (m == null) {
                    // Not a member at all: the store must not claim a membership GitLab does not hold.
                    store.removeManaged(id, a.groupPath());
                }
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            audit.note(op.on(a.groupPath(), missing), "", missing + " " + level(a.spec()),
                    AuditEvent.Outcome.NO_CHANGE,
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
