package io.scimlab.gitlab.api;

/** GitLab's role levels ({@code Gitlab::Access}), as sent in {@code access_level}. */
public enum AccessLevel {
    /** No access (0). */
    NO_ACCESS(0),
    /** Minimal access (5). */
    MINIMAL_ACCESS(5),
    /** Guest (10). */
    GUEST(10),
    /** Planner (15). */
    PLANNER(15),
    /** Reporter (20). */
    REPORTER(20),
    /** Developer (30). */
    DEVELOPER(30),
    /** Maintainer (40). */
    MAINTAINER(40),
    /** Owner (50). */
    OWNER(50);

    private final int value;

    AccessLevel(int value) {
        this.value = value;
    }

    /**
     * The integer GitLab uses on the wire.
     *
     * @return the level's value
     */
    public int value() {
        return value;
    }

    /**
     * The level for a wire value.
     *
     * @param value GitLab's integer
     * @return the matching level
     * @throws IllegalArgumentException when GitLab has no such level
     */
    public static AccessLevel of(int value) {
        for (AccessLevel level : values()) {
            if (level.value == value) {
                return level;
            }
        }
        throw new IllegalArgumentException("Unknown GitLab access level " + value);
    }
}
