package io.scimlab.gitlab.state;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing a write locks ({@link StateStore#locked}): a user, a group, or a name that must stay unique while a
 * write checks and claims it. Keys are ordered (kind, then id), and every holder of several keys takes them in that
 * order, so two writers never wait on each other in a cycle.
 *
 * @param kind what the id names
 * @param id   the SCIM id, or the name (case-folded where SCIM compares ignoring case)
 */
public record LockKey(Kind kind, String id) implements Comparable<LockKey> {
    private static final Comparator<LockKey> ORDER = Comparator.comparing(LockKey::kind)
            .thenComparing(LockKey::id);

    /** What a lock key names. */
    public enum Kind {
        /** A SCIM user, by SCIM id: its record, its managed memberships, its GitLab account. */
        USER,
        /** A SCIM group, by SCIM id: its record and the grants it passes to the groups' users. */
        GROUP,
        /** A userName (lower case) a create or rename claims. */
        USER_NAME,
        /** An externalId a create or update claims. */
        EXTERNAL_ID,
        /** A group displayName (lower case) a create claims. */
        GROUP_NAME
    }

    /**
     * A key.
     *
     * @param kind what the id names
     * @param id   the id
     */
    public LockKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    /**
     * A user's key.
     *
     * @param scimId the user's SCIM id
     * @return the key
     */
    public static LockKey user(String scimId) {
        return new LockKey(Kind.USER, scimId);
    }

    /**
     * A group's key.
     *
     * @param scimId the group's SCIM id
     * @return the key
     */
    public static LockKey group(String scimId) {
        return new LockKey(Kind.GROUP, scimId);
    }

    /**
     * The key of a userName, ignoring case as SCIM compares userNames.
     *
     * @param userName the userName
     * @return the key
     */
    public static LockKey userName(String userName) {
        return new LockKey(Kind.USER_NAME, userName.toLowerCase(Locale.ROOT));
    }

    /**
     * The key of an externalId (compared exactly).
     *
     * @param externalId the externalId
     * @return the key
     */
    public static LockKey externalId(String externalId) {
        return new LockKey(Kind.EXTERNAL_ID, externalId);
    }

    /**
     * The key of a group displayName, ignoring case as the bridge compares them.
     *
     * @param displayName the displayName
     * @return the key
     */
    public static LockKey groupName(String displayName) {
        return new LockKey(Kind.GROUP_NAME, displayName.toLowerCase(Locale.ROOT));
    }

    @Override
    public int compareTo(LockKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
}
