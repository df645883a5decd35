package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
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
 * Applies {@link PlanStep}s to GitLab (members of groups and projects alike), one audited call each, and moves the
 * managed-membership markers with each call's outcome, so the state store never claims more than GitLab holds. The
 * first failure stops the run (as a {@link GitLabException}, translated at the entry point); replaying the same steps
 * converges (adds of existing members, removes of missing ones and state changes to the current state are all
 * no-ops).
 *
 * <p>Every member add or edit (of a group or a project) is recorded as a {@link PendingWrites pending write} before
 * it is sent and forgotten when GitLab's answer says what happened. When the answer is lost (and the client's
 * confirming reads fail too), the record stays: the IdP's retry then finds the membership and takes it as the
 * bridge's own write, so it is managed, and removed when the IdP removes it, instead of being left alone as someone
 * else's.
 *
 * <p>GitLab's multi-user add ({@code user_id=a,b}) re-assigns the level and expiry of users who already are members,
 * so a batch never includes one: which of its users are direct members is read right before ({@code user_ids}), and
 * a member found there is handled alone (left alone, adopted, or claimed as the bridge's own). Users GitLab reports as
 * failed inside its 201 answer are added one by one, so each gets GitLab's own error and its handling.
 */
final class ChangeRunner {
    private final SourceMembers members;
    private final StateStore store;
    private final AuditTrail audit;
    private final UserStates states;
    private final AdoptPolicy adopt;
    private final PendingWrites pending;

    ChangeRunner(GitLabClient gl, StateStore store, AuditTrail audit, UserStates states, AdoptPolicy adopt,
            PendingWrites pending) {
        this.members = new SourceMembers(gl);
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
                edit(op, e.source(), e.userId(), e.spec());
                return null;
            }

            @Override
            public Void removeMember(PlanStep.RemoveMember r) {
                try {
                    // Of a group: skip_subresources, the bridge's own subgroup and project memberships are planned
                    // separately.
                    audit.run(op.on(r.source().fullPath(), List.of(r.userId())), "member", "", () -> {
                        members.remove(r.source(), r.userId());
                        return null;
                    });
                } catch (GitLabException x) {
                    if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                        throw x;
                    }
                }
                forget(r.userId(), r.source());
                return null;
            }

            @Override
            public Void markManaged(PlanStep.MarkManaged m) {
                managed(m.userId(), m.source(), m.spec());
                return null;
            }

            @Override
            public Void forgetMarker(PlanStep.ForgetMarker f) {
                forget(f.userId(), f.source());
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
    private void managed(long userId, MemberSource source, MembershipSpec spec) {
        store.putManaged(MembershipPlanner.marker(userId, source, spec));
        pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(userId, source));
    }

    /** GitLab no longer holds the membership: neither marker nor pending write. */
    private void forget(long userId, MemberSource source) {
        store.removeManaged(userId, source.fullPath());
        pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(userId, source));
    }

    private void edit(AuditTrail.Op op, MemberSource source, long userId, MembershipSpec spec) {
        String key = PendingWrites.memberKey(userId, source);
        pending.begin(op, PendingWrites.MEMBER, key);
        try {
            audit.run(op.on(source.fullPath(), List.of(userId)), "", level(spec),
                    () -> members.edit(source, userId, spec));
        } catch (GitLabException x) {
            if (!PendingWrites.refused(x, "PUT")) {
                throw x;
            }
            pending.done(PendingWrites.MEMBER, key);
            if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                throw x;
            }
            // Removed by hand since: put it back.
            addOne(op, source, userId, spec);
            return;
        }
        managed(userId, source, spec);
    }

    private void add(AuditTrail.Op op, PlanStep.AddMembers a) {
        List<Long> ids = a.userIds();
        if (ids.size() == 1) {
            addOne(op, a.source(), ids.get(0), a.spec());
            return;
        }
        // Read right before the batch: GitLab's multi-user add would re-assign the level of existing members. Only
        // these users are looked for (user_ids), so the read does not grow with the group.
        Map<Long, Member> present = directMembers(a.source(), ids);
        List<Long> absent = new ArrayList<>();
        for (long id : ids) {
            Member m = present.get(id);
            if (m == null) {
                absent.add(id);
            } else {
                alreadyMember(op, a.source(), id, a.spec(), m);
            }
        }
        if (absent.size() == 1) {
            addOne(op, a.source(), absent.get(0), a.spec());
        } else if (!absent.isEmpty()) {
            addBatch(op, a.source(), a.spec(), absent);
        }
    }

    private Map<Long, Member> directMembers(MemberSource source, List<Long> among) {
        Map<Long, Member> out = new HashMap<>();
        try (Stream<Member> s = members.directAmong(source, among)) {
            s.forEach(m -> out.put(m.userId(), m));
        } catch (GitLabException x) {
            if (x.kind() == GitLabException.Kind.NOT_FOUND) {
                throw ScimException.invalidValue("GitLab " + kind(source) + " " + Bounds.echo(source.fullPath())
                        + " does not exist");
            }
            throw x;
        }
        return out;
    }

    /**
     * A user the bridge wants to add is a direct member already: the bridge's own earlier write whose answer was lost
     * (claimed), else someone else's membership (adopted or left alone, as the {@link AdoptPolicy} says).
     */
    private void alreadyMember(AuditTrail.Op op, MemberSource source, long id, MembershipSpec spec, Member m) {
        String path = source.fullPath();
        boolean ours = pending.find(PendingWrites.MEMBER, PendingWrites.memberKey(id, source)).isPresent();
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
            managed(id, source, spec);
            return;
        }
        edit(op, source, id, spec);
    }

    private static boolean matches(Member m, MembershipSpec spec) {
        return m.accessLevel() == spec.accessLevel() && m.expiresAt().equals(spec.expiresAt())
                && (spec.memberRoleId().isEmpty() || m.memberRoleId().equals(spec.memberRoleId()));
    }

    private void addOne(AuditTrail.Op op, MemberSource source, long id, MembershipSpec spec) {
        String path = source.fullPath();
        AuditTrail.Op at = op.on(path, List.of(id));
        String key = PendingWrites.memberKey(id, source);
        boolean earlier = pending.find(PendingWrites.MEMBER, key).isPresent();
        pending.begin(op, PendingWrites.MEMBER, key);
        try {
            audit.run(at, "", id + " " + level(spec), () -> members.add(source, id, spec));
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
                    members.find(source, id).ifPresentOrElse(m -> alreadyMember(op, source, id, spec, m),
                            () -> addOne(op, source, id, spec));
                    return;
                }
                case VALIDATION -> {
                    if (!belowInherited(x)) {
                        throw x;
                    }
                    // Lower than an inherited membership (from the group, or for a project from its groups): the
                    // inherited one already gives more, and GitLab holds no direct membership to mark.
                    audit.note(at, "", "", AuditEvent.Outcome.NO_CHANGE, "covered by an inherited membership");
                    forget(id, source);
                    return;
                }
                case NOT_FOUND -> throw ScimException.invalidValue("GitLab " + kind(source) + " " + Bounds.echo(path)
                        + " or user " + id + " does not exist");
                default -> throw x;
            }
        }
        managed(id, source, spec);
    }

    private void addBatch(AuditTrail.Op op, MemberSource source, MembershipSpec spec, List<Long> batch) {
        String path = source.fullPath();
        List<String> keys = batch.stream().map(id -> PendingWrites.memberKey(id, source)).toList();
        pending.begin(op, PendingWrites.MEMBER, keys);
        MembersAdded answer;
        try {
            answer = audit.run(op.on(path, batch), "", batch + " " + level(spec),
                    () -> members.addAll(source, batch, spec));
        } catch (GitLabException x) {
            if (PendingWrites.refused(x, "POST")) {
                pending.done(PendingWrites.MEMBER, keys);
            }
            throw x;
        }
        // Mark only the users the group now holds directly at the requested level.
        Map<Long, Member> now = directMembers(source, batch);
        List<Long> missing = new ArrayList<>();
        for (long id : batch) {
            Member m = now.get(id);
            if (m != null && m.accessLevel() == spec.accessLevel()) {
                managed(id, source, spec);
            } else {
                if (m == null) {
                    // Not a member at all: the store must not claim a membership GitLab does not hold.
                    forget(id, source);
                } else {
                    pending.done(PendingWrites.MEMBER, PendingWrites.memberKey(id, source));
                }
                missing.add(id);
            }
        }
        if (!answer.complete()) {
            // GitLab names the users it refused inside its 201: add each alone, to get (and handle) its own error.
            audit.note(op.on(path, missing), "", missing + " " + level(spec), AuditEvent.Outcome.FAILURE,
                    "GitLab did not add every user: " + Bounds.cut(answer.message()));
            for (long id : missing) {
                addOne(op, source, id, spec);
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

    /** {@code group} or {@code project}, for error details. */
    static String kind(MemberSource source) {
        return source.isProject() ? "project" : "group";
    }

    static String level(MembershipSpec spec) {
        return "access_level=" + spec.accessLevel().value();
    }
}
