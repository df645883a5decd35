package io.scimlab.gitlab.state;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the bridge keeps what GitLab cannot: SCIM users' extra attributes and id mappings, SCIM groups, and the
 * markers of the memberships it manages.
 *
 * <p>The SPI is small so a JDBC implementation is a handful of tables: {@code users} (key {@code scimId}, unique
 * {@code gitlabUserId}, indexed {@code lower(userName)} and {@code externalId}), {@code groups} (key
 * {@code scimId}, a {@code version} column for compare-and-set, a {@code group_members} table and, for nested
 * groups, a {@code group_groups} table indexed both ways), {@code managed_memberships} (key
 * {@code gitlabUserId + path}, with the kind: group or project), and {@code pending_writes} (key
 * {@code kind + key}, see {@link PendingWrite}). Each method is one short transaction;
 * {@link #putGroup} is the only one with a precondition. Implementations must be thread-safe.
 *
 * <p>Several bridges (replicas) may share one store. The providers run each SCIM write and reconcile step inside
 * {@link #locked}, holding the keys of what it touches ({@link LockKey}: the users whose access it recomputes, the
 * group and the groups whose grants reach them, the names it claims), so writes to different users and groups run
 * in parallel, on one replica and across replicas, and two writes that share a user wait for each other: a change
 * to one group recomputes its members' access from their other groups, which a per-group compare-and-set alone
 * cannot protect. A store only one bridge uses may keep the defaults: the bridge locks the same keys in its JVM.
 */
public interface StateStore {
    /**
     * A user by SCIM id.
     *
     * @param scimId the id
     * @return the record
     */
    Optional<UserRecord> user(String scimId);

    /**
     * A user by externalId.
     *
     * @param externalId the externalId
     * @return the record
     */
    Optional<UserRecord> userByExternalId(String externalId);

    /**
     * A user by SCIM userName, case-insensitively.
     *
     * @param userName the userName
     * @return the record
     */
    Optional<UserRecord> userByUserName(String userName);

    /**
     * Inserts or replaces a user.
     *
     * @param user the record
     */
    void putUser(UserRecord user);

    /**
     * Forgets a user.
     *
     * @param scimId the id
     */
    void removeUser(String scimId);

    /**
     * Every user; close the stream.
     *
     * @return the users
     */
    Stream<UserRecord> users();

    /**
     * A group by SCIM id.
     *
     * @param scimId the id
     * @return the record
     */
    Optional<GroupRecord> group(String scimId);

    /**
     * Stores a group if the stored version is still {@code expectedVersion} (0: the group must not exist yet).
     *
     * @param group           the new record (its version is normally {@code expectedVersion + 1})
     * @param expectedVersion the version the caller read
     * @return false when another writer got there first
     */
    boolean putGroup(GroupRecord group, long expectedVersion);

    /**
     * Deletes a group if its version is still {@code expectedVersion}.
     *
     * @param scimId          the id
     * @param expectedVersion the version the caller read
     * @return false when the group changed or is gone
     */
    boolean removeGroup(String scimId, long expectedVersion);

    /**
     * Every group; close the stream.
     *
     * @return the groups
     */
    Stream<GroupRecord> groups();

    /**
     * The groups a user is a member of (directly: not through nested groups).
     *
     * @param userScimId the user's SCIM id
     * @return the groups
     */
    List<GroupRecord> groupsOf(String userScimId);

    /**
     * The groups that have a group among their {@link GroupRecord#memberGroups() member groups} (its direct
     * parents). The default scans {@link #groups()}; a store with an index answers from it.
     *
     * @param groupScimId the member group's SCIM id
     * @return the parent groups
     */
    default List<GroupRecord> parentsOf(String groupScimId) {
        try (Stream<GroupRecord> all = groups()) {
            return all.filter(g -> g.memberGroups().contains(groupScimId)).toList();
        }
    }

    /**
     * The managed memberships of a user.
     *
     * @param gitlabUserId the user
     * @return the markers
     */
    List<ManagedMembership> managedOf(long gitlabUserId);

    /**
     * Records that the bridge manages a membership (replacing an earlier marker for the same user and path).
     *
     * @param membership the marker
     */
    void putManaged(ManagedMembership membership);

    /**
     * Forgets a marker.
     *
     * @param gitlabUserId the user
     * @param path         the full path of the group or project ({@link ManagedMembership#path()})
     */
    void removeManaged(long gitlabUserId, String path);

    /**
     * Every marker; close the stream.
     *
     * @return the markers
     */
    Stream<ManagedMembership> managed();

    /**
     * Records a write the bridge is about to send (replacing a record of the same kind and key), so that a later
     * request can tell the bridge's own write, whose answer was lost, from someone else's.
     *
     * @param write the record
     */
    default void putPending(PendingWrite write) {
        putPending(List.of(write));
    }

    /**
     * Records several writes at once (one transaction where the store has them): the members of one batched add.
     *
     * @param writes the records
     */
    void putPending(Collection<PendingWrite> writes);

    /**
     * A pending write, if one is recorded (however old: callers decide what has expired).
     *
     * @param kind the kind
     * @param key  the key
     * @return the record
     */
    Optional<PendingWrite> pending(String kind, String key);

    /**
     * Every pending write of a kind (normally few: only writes whose answer was lost stay).
     *
     * @param kind the kind
     * @return the records, oldest first
     */
    List<PendingWrite> pendingOfKind(String kind);

    /**
     * Forgets pending writes once their outcome is known; keys without a record are ignored.
     *
     * @param kind the kind
     * @param keys the keys
     */
    void removePending(String kind, Collection<String> keys);

    /**
     * Forgets one pending write.
     *
     * @param kind the kind
     * @param key  the key
     */
    default void removePending(String kind, String key) {
        removePending(kind, List.of(key));
    }

    /**
     * Forgets every pending write started before {@code cutoff}: their outcome is too old to matter.
     *
     * @param cutoff the oldest creation time kept
     * @return how many were forgotten
     */
    int removePendingBefore(Instant cutoff);

    /**
     * Runs {@code work} while holding {@code keys} against every other bridge sharing this store: a writer holding
     * any of them waits, or, after the store's bounded wait, fails with {@link LockUnavailableException} (never a
     * hang). An implementation takes the keys in one fixed order, so two writers never wait on each other in a
     * cycle. Reentrant within a thread: a nested call takes only the keys the thread lacks (which may come after
     * those it holds: only that bounded wait protects them, so writers name every key they can up front).
     *
     * <p>The default takes the whole store ({@link #exclusive}): correct, and as coarse as that.
     *
     * @param keys the keys
     * @param work the write
     * @param <T>  its result type
     * @return its result
     * @throws LockUnavailableException when a key stays held longer than the store's wait
     */
    default <T> T locked(Set<LockKey> keys, Supplier<T> work) {
        return exclusive(work);
    }

    /**
     * Runs {@code work} while holding this store's whole write lock, which excludes every {@link #locked} section
     * of every bridge sharing the store: for work that cannot name its keys. Reentrant within a thread. The
     * default runs {@code work} at once: right for a store only one bridge uses (the bridge locks its own writes).
     *
     * @param work the write
     * @param <T>  its result type
     * @return its result
     */
    default <T> T exclusive(Supplier<T> work) {
        return work.get();
    }
}
