package io.scimlab.gitlab.provision;

import io.scimlab.gitlab.api.MembershipSpec;
import java.util.List;
import java.util.Objects;

/**
 * One step of a plan: a GitLab change (or a bookkeeping step without a GitLab call) that providers and the
 * {@link Reconciler} compute, render and apply the same way.
 */
public sealed interface Change {
    /**
     * One line for a dry run.
     *
     * @return the description
     */
    String describe();

    /**
     * How many GitLab requests applying this step takes (0 for bookkeeping).
     *
     * @return the count
     */
    int calls();

    /**
     * Adds several users to a group at one level: one request.
     *
     * @param groupPath the GitLab group
     * @param spec      level, expiry, custom role
     * @param userIds   the GitLab user ids
     */
    record AddMembers(String groupPath, MembershipSpec spec, List<Long> userIds) implements Change {
        /**
         * Copies the ids.
         *
         * @param groupPath group
         * @param spec      spec
         * @param userIds   ids
         */
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
    }

    /**
     * Changes a direct member's level.
     *
     * @param groupPath the GitLab group
     * @param userId    the user
     * @param spec      the new level
     * @param reason    why (pending change, drift, adoption)
     */
    record EditMember(String groupPath, long userId, MembershipSpec spec, String reason) implements Change {
        @Override
        public String describe() {
            return "set " + userId + " in " + groupPath + " to " + spec.accessLevel() + " (" + reason + ")";
        }

        @Override
        public int calls() {
            return 1;
        }
    }

    /**
     * Removes a direct member (keeping their subgroup memberships).
     *
     * @param groupPath the GitLab group
     * @param userId    the user
     */
    record RemoveMember(String groupPath, long userId) implements Change {
        @Override
        public String describe() {
            return "remove " + userId + " from " + groupPath;
        }

        @Override
        public int calls() {
            return 1;
        }
    }

    /**
     * Records a membership as managed without a GitLab call (adoption of one that already matches).
     *
     * @param groupPath the GitLab group
     * @param userId    the user
     * @param spec      its level
     */
    record MarkManaged(String groupPath, long userId, MembershipSpec spec) implements Change {
        @Override
        public String describe() {
            return "adopt " + userId + " in " + groupPath + " at " + spec.accessLevel() + " (no call)";
        }

        @Override
        public int calls() {
            return 0;
        }
    }

    /**
     * Forgets the marker of a membership that is gone from GitLab and no longer wanted (no GitLab call).
     *
     * @param groupPath the GitLab group
     * @param userId    the user
     */
    record ForgetMarker(String groupPath, long userId) implements Change {
        @Override
        public String describe() {
            return "forget " + userId + " in " + groupPath + " (already gone, no call)";
        }

        @Override
        public int calls() {
            return 0;
        }
    }

    /**
     * Moves a user to another state (self-managed): {@code active}, {@code blocked} or {@code deactivated}.
     *
     * @param userId the user
     * @param from   the state GitLab reports
     * @param to     the wanted state
     */
    record SetUserState(long userId, String from, String to) implements Change {
        @Override
        public String describe() {
            return "user " + userId + ": " + from + " -> " + to;
        }

        @Override
        public int calls() {
            return 1;
        }
    }
}
