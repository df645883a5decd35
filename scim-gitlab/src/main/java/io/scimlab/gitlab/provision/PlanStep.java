package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.UserState;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Change}s the planner computes and {@link ChangeRunner} applies. Code that handles steps does so
 * through a {@link Visitor}, which has one method per step: a new step does not compile until every handler
 * handles it, so none is ignored silently.
 */
sealed interface PlanStep extends Change {
    /**
     * Calls the visitor's method for this step.
     *
     * @param visitor the visitor
     * @param <R>     its result
     * @return the result
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * Where a step acts, for its description and drift notes: a group by its path (as before projects were
     * targets), a project as {@code project <path>}.
     */
    static String where(MemberSource source) {
        return source.isProject() ? source.toString() : source.fullPath();
    }

    /** One method per step. */
    interface Visitor<R> {
        R addMembers(AddMembers step);

        R editMember(EditMember step);

        R removeMember(RemoveMember step);

        R markManaged(MarkManaged step);

        R forgetMarker(ForgetMarker step);

        R setUserState(SetUserState step);
    }

    /**
     * Adds several users to a group or project at one level: one request.
     *
     * @param source  the GitLab group or project
     * @param spec    level, expiry, custom role
     * @param userIds the GitLab user ids
     */
    record AddMembers(MemberSource source, MembershipSpec spec, List<Long> userIds) implements PlanStep {
        public AddMembers {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(spec, "spec");
            userIds = List.copyOf(userIds);
        }

        @Override
        public String describe() {
            return "add " + userIds + " to " + where(source) + " as " + spec.accessLevel();
        }

        @Override
        public int calls() {
            return 1;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.addMembers(this);
        }
    }

    /**
     * Changes a direct member's level.
     *
     * @param source the GitLab group or project
     * @param userId the user
     * @param spec   the new level
     * @param reason why (pending change, drift, adoption)
     */
    record EditMember(MemberSource source, long userId, MembershipSpec spec, String reason) implements PlanStep {
        @Override
        public String describe() {
            return "set " + userId + " in " + where(source) + " to " + spec.accessLevel() + " (" + reason + ")";
        }

        @Override
        public int calls() {
            return 1;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.editMember(this);
        }
    }

    /**
     * Removes a direct member (of a group: keeping their subgroup and project memberships).
     *
     * @param source the GitLab group or project
     * @param userId the user
     */
    record RemoveMember(MemberSource source, long userId) implements PlanStep {
        @Override
        public String describe() {
            return "remove " + userId + " from " + where(source);
        }

        @Override
        public int calls() {
            return 1;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.removeMember(this);
        }
    }

    /**
     * Records a membership as managed without a GitLab call (adoption of one that already matches).
     *
     * @param source the GitLab group or project
     * @param userId the user
     * @param spec   its level
     */
    record MarkManaged(MemberSource source, long userId, MembershipSpec spec) implements PlanStep {
        @Override
        public String describe() {
            return "adopt " + userId + " in " + where(source) + " at " + spec.accessLevel() + " (no call)";
        }

        @Override
        public int calls() {
            return 0;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.markManaged(this);
        }
    }

    /**
     * Forgets the marker of a membership that is gone from GitLab and no longer wanted (no GitLab call).
     *
     * @param source the GitLab group or project
     * @param userId the user
     */
    record ForgetMarker(MemberSource source, long userId) implements PlanStep {
        @Override
        public String describe() {
            return "forget " + userId + " in " + where(source) + " (already gone, no call)";
        }

        @Override
        public int calls() {
            return 0;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.forgetMarker(this);
        }
    }

    /**
     * Moves a user to another state (self-managed): active, blocked or deactivated.
     *
     * @param userId the user
     * @param from   the state GitLab reports
     * @param to     the wanted state
     */
    record SetUserState(long userId, UserState from, UserState to) implements PlanStep {
        @Override
        public String describe() {
            return "user " + userId + ": " + from + " -> " + to;
        }

        @Override
        public int calls() {
            return 1;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.setUserState(this);
        }
    }
}
