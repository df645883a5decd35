package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.api.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Applies {@link Change}s to GitLab, one audited call each, and moves the managed-membership markers with each
 * call's outcome, so the state store never claims more than GitLab holds. The first failure stops the run and
 * becomes a {@link ScimException}; replaying the same changes converges (adds of existing members, removes of
 * missing ones and state changes to the current state are all no-ops).
 */
final class ChangeRunner {
    private final Env env;
    private final boolean checkExisting;

    /**
     * @param checkExisting whether batched adds first read the group's direct members: GitLab's multi-user add
     *                      silently skips users who already are members, so without the read the bridge could not
     *                      tell its own memberships from someone else's (the reconciler has already read them)
     */
    ChangeRunner(Env env, boolean checkExisting) {
        this.env = env;
        this.checkExisting = checkExisting;
    }

    void apply(Calls.Op op, List<Change> changes) {
        for (Change c : changes) {
            apply(op, c);
        }
    }

    void apply(Calls.Op op, Change change) {
        GitLabClient gl = env.client();
        Calls calls = env.calls();
        try {
            if (change instanceof Change.AddMembers a) {
                add(op, a);
            } else if (change instanceof Change.EditMember e) {
                try {
                    calls.raw(op, "PUT", members(e.groupPath()) + "/" + e.userId(), "", level(e.spec()),
                            () -> gl.members().edit(GroupRef.path(e.groupPath()), e.userId(), e.spec()));
                } catch (GitLabException x) {
                    if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                        throw x;
                    }
                    // Removed by hand since: put it back.
                    calls.raw(op, "POST", members(e.groupPath()), "", e.userId() + " " + level(e.spec()),
                            () -> gl.members().add(GroupRef.path(e.groupPath()), e.userId(), e.spec()));
                }
                env.store().putManaged(Memberships.marker(e.userId(), e.groupPath(), e.spec()));
            } else if (change instanceof Change.RemoveMember r) {
                try {
                    // skip_subresources: the bridge's own subgroup memberships are planned separately.
                    calls.raw(op, "DELETE", members(r.groupPath()) + "/" + r.userId(), "member", "", () -> {
                        gl.members().remove(GroupRef.path(r.groupPath()), r.userId(), true);
                        return Boolean.TRUE;
                    });
                } catch (GitLabException x) {
                    if (x.kind() != GitLabException.Kind.NOT_FOUND) {
                        throw x;
                    }
                }
                env.store().removeManaged(r.userId(), r.groupPath());
            } else if (change instanceof Change.MarkManaged m) {
                env.store().putManaged(Memberships.marker(m.userId(), m.groupPath(), m.spec()));
            } else if (change instanceof Change.ForgetMarker f) {
                env.store().removeManaged(f.userId(), f.groupPath());
            } else if (change instanceof Change.SetUserState s) {
                UserStates.move(env, op, s.userId(), s.from(), s.to());
            }
        } catch (GitLabException e) {
            throw Errors.toScim(e);
        }
    }

    private void add(Calls.Op op, Change.AddMembers a) {
        GitLabClient gl = env.client();
        GroupRef group = GroupRef.path(a.groupPath());
        List<Long> ids = a.userIds();
        if (ids.size() > 1 && checkExisting) {
            Set<Long> present = new HashSet<>();
            try (Stream<Member> s = gl.members().list(group)) {
                s.forEach(m -> present.add(m.userId()));
            } catch (GitLabException x) {
                if (x.kind() == GitLabException.Kind.NOT_FOUND) {
                    throw ScimException.invalidValue("GitLab group " + a.groupPath() + " does not exist");
                }
                throw x;
            }
            List<Long> absent = ids.stream().filter(i -> !present.contains(i)).toList();
            for (long taken : ids) {
                if (present.contains(taken)) {
                    add(op, new Change.AddMembers(a.groupPath(), a.spec(), List.of(taken)));
                }
            }
            ids = absent;
        }
        if (ids.isEmpty()) {
            return;
        }
        if (ids.size() > 1) {
            List<Long> batch = ids;
            env.calls().raw(op, "POST", members(a.groupPath()), "", batch + " " + level(a.spec()), () -> {
                gl.members().addAll(group, batch, a.spec());
                return Boolean.TRUE;
            });
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
                    env.store().putManaged(Memberships.marker(id, a.groupPath(), a.spec()));
                } else {
                    if (m == null) {
                        // Not a member at all: the store must not claim a membership GitLab does not hold.
                        env.store().removeManaged(id, a.groupPath());
                    }
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                env.calls().record(op, "POST", members(a.groupPath()), "", missing + " " + level(a.spec()),
                        AuditEvent.Outcome.NO_CHANGE, "GitLab did not add " + missing + "; not marked as managed");
            }
            return;
        }
        long id = ids.get(0);
        try {
            env.calls().raw(op, "POST", members(a.groupPath()), "", id + " " + level(a.spec()),
                    () -> gl.members().add(group, id, a.spec()));
        } catch (GitLabException x) {
            switch (x.kind()) {
                case CONFLICT -> {
                    // A membership the bridge did not create: only adopted when configured.
                    if (env.adopt() != AdoptPolicy.ADOPT) {
                        env.calls().record(op, "POST", members(a.groupPath()), "unmanaged member", "",
                                AuditEvent.Outcome.NO_CHANGE, "left alone (adopt policy LEAVE)");
                        return;
                    }
                    env.calls().raw(op, "PUT", members(a.groupPath()) + "/" + id, "unmanaged",
                            level(a.spec()), () -> gl.members().edit(group, id, a.spec()));
                }
                case VALIDATION -> {
                    if (!belowInherited(x)) {
                        throw x;
                    }
                    // Lower than an inherited membership: the inherited one already gives more.
                    env.calls().record(op, "POST", members(a.groupPath()), "", "", AuditEvent.Outcome.NO_CHANGE,
                            "covered by an inherited membership");
                    return;
                }
                case NOT_FOUND -> throw ScimException.invalidValue("GitLab group " + a.groupPath()
                        + " or user " + id + " does not exist");
                default -> throw x;
            }
        }
        env.store().putManaged(Memberships.marker(id, a.groupPath(), a.spec()));
    }

    /**
     * Whether GitLab refused the add only because the access level is below an inherited membership
     * ({@code access_level: ["should be greater than or equal to ... inherited membership from group ..."]}).
     */
    static boolean belowInherited(GitLabException x) {
        List<String> errors = x.fieldErrors().getOrDefault("access_level", List.of());
        return x.fieldErrors().size() == 1 && !errors.isEmpty()
                && errors.stream().allMatch(m -> m.toLowerCase(java.util.Locale.ROOT).contains("inherited"));
    }

    static String members(String groupPath) {
        return "/api/v4/groups/" + groupPath.replace("/", "%2F") + "/members";
    }

    static String level(MembershipSpec spec) {
        return "access_level=" + spec.accessLevel().value();
    }
}
