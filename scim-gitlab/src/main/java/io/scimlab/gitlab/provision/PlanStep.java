package io.scimlab.gitlab.provision;

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
     * Adds several users to a group at one level: one request.
     *
     * @param groupPath the GitLab group
     * @param spec      level, expiry, custom role
     * @param userIds   the GitLab user ids
     */
    record AddMembers(String groupPath, MembershipSpec spec, List<Long> userIds) implements PlanStep {
        public AddMembers {
            Objects.requireNonNull(groupPath, "groupPath");
            Objects.requireNonNull(spec, "spec");
            userIds = List.copyOf(userIds);
        }

        @Override
        public String describe() {
            return "add " + userIds + " to " + groupPath + " as " + spec.accessLevel();
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
     * @param groupPath the GitLab group
     * @param userId    the user
     * @param spec      the new level
     * @param reason    why (pending change, drift, adoption)
     */
    record EditMember(String groupPath, long userId, MembershipSpec spec, String reason) implements PlanStep {
        @Override
        public String describe() {
            return "set " + userId + " in " + groupPath + " to " + spec.accessLevel() + " (" + reason + ")";
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
     * Removes a direct member (keeping their subgroup memberships).
     *
     * @param groupPath the GitLab group
     * @param userId    the user
     */
    record RemoveMember(String groupPath, long userId) implements PlanStep {
        @Override
        public String describe() {
            return "remove " + userId + " from " + groupPath;
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
     * @param groupPath the GitLab group
     * @param userId    the user
     * @param spec      its level
     */
    record MarkManaged(String groupPath, long userId, MembershipSpec spec) implements PlanStep {
        @Override
        public String describe() {
            return "adopt " + userId + " in " + groupPath + " at " + spec.accessLevel() + " (no call)";
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
     * @param groupPath the GitLab group
     * @param userId    the user
     */
    record ForgetMarker(String groupPath, long userId) implements PlanStep {
        @Override
        public String describe() {
            return "forget " + userId + " in " + groupPath + " (already gone, no call)";
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
