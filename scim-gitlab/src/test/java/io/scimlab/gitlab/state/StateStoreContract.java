package io.scimlab.gitlab.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have, run against each implementation by a subclass. Stores that
 * replicas share (a database) return a second instance on the same data from {@link #replica()}, so the
 * concurrency tests check that two instances behave as one.
 */
public abstract class StateStoreContract {
    /** Microseconds: databases keep what Instant.now() gives on Linux exactly through ISO text anyway. */
    protected final Instant t0 = Instant.parse("2026-11-28T10:15:30.123456Z");
    protected StateStore store;

    /**
     * A store on empty data.
     *
     * @return the store
     */
    protected abstract StateStore create();

    /**
     * Another instance on the same data as the last {@link #create()} (the same instance for in-memory stores).
     *
     * @return the replica's store
     */
    protected abstract StateStore replica();

    /**
     * Whether {@link StateStore#locked} locks by key (false: a store that takes the whole store for every key, as
     * the default does, or H2's coarse row lock).
     */
    protected boolean keyed() {
        return true;
    }

    /** Releases what {@link #create()} took. */
    protected void release() {
    }

    @BeforeEach
    void setUp() {
        store = create();
    }

    @AfterEach
    void tearDown() {
        release();
    }

    protected UserRecord user(String id, long gitlabId, String userName, String externalId) {
        ObjectNode attrs = JsonNodeFactory.instance.objectNode().put("userName", userName);
        attrs.putObject("name").put("givenName", "Ada \u00e9\u4e2d");
        return new UserRecord(id, gitlabId, userName, Optional.ofNullable(externalId), true, attrs, 1, t0, t0);
    }

    @Test
    void usersRoundTripAndAreFoundByIdExternalIdAndUserNameIgnoringCase() {
        UserRecord u = user("42", 42, "Ada.Lovelace", "ext-1");
        store.putUser(u);
        assertThat(store.user("42")).contains(u);
        assertThat(store.userByExternalId("ext-1")).contains(u);
        assertThat(store.userByUserName("ada.LOVELACE")).contains(u);
        assertThat(store.user("43")).isEmpty();
        assertThat(store.userByExternalId("nope")).isEmpty();
        UserRecord noExternal = user("7", 7, "grace", null);
        store.putUser(noExternal);
        assertThat(store.user("7")).contains(noExternal);
        try (Stream<UserRecord> all = store.users()) {
            assertThat(all.map(UserRecord::scimId)).containsExactlyInAnyOrder("42", "7");
        }
    }

    @Test
    void putUserReplacesTheRecordAndItsIndexes() {
        store.putUser(user("42", 42, "ada", "ext-1"));
        UserRecord renamed = new UserRecord("42", 43, "countess", Optional.of("ext-2"), false,
                JsonNodeFactory.instance.objectNode().put("x", 1), 2, t0, t0.plusSeconds(5));
        store.putUser(renamed);
        assertThat(store.user("42")).contains(renamed);
        assertThat(store.userByUserName("ada")).isEmpty();
        assertThat(store.userByExternalId("ext-1")).isEmpty();
        assertThat(store.userByUserName("Countess")).contains(renamed);
        store.removeUser("42");
        assertThat(store.user("42")).isEmpty();
        assertThat(store.userByExternalId("ext-2")).isEmpty();
        store.removeUser("42");
    }

    @Test
    void groupsAreComparedAndSetOnTheirVersion() {
        GroupRecord g = new GroupRecord("g", "Team", Optional.empty(), Set.of("1"), 1, t0, t0);
        assertThat(store.putGroup(g, 0)).isTrue();
        assertThat(store.putGroup(g, 0)).isFalse();
        assertThat(store.group("g")).contains(g);
        GroupRecord g2 = g.next("Team", Optional.of("ext"), Set.of("1", "2"), t0.plusSeconds(1));
        assertThat(store.putGroup(g2, 5)).isFalse();
        assertThat(store.putGroup(g2, 1)).isTrue();
        assertThat(store.group("g")).contains(g2);
        assertThat(store.putGroup(g.next("Team", Optional.empty(), Set.of(), t0), 1)).isFalse();
        assertThat(store.groupsOf("2")).containsExactly(g2);
        assertThat(store.removeGroup("g", 1)).isFalse();
        assertThat(store.removeGroup("g", 2)).isTrue();
        assertThat(store.removeGroup("g", 2)).isFalse();
        assertThat(store.group("g")).isEmpty();
        assertThat(store.groupsOf("1")).isEmpty();
    }

    @Test
    void groupsOfAndGroupsListEveryGroupWithItsMembers() {
        GroupRecord empty = new GroupRecord("e", "Empty", Optional.empty(), Set.of(), 1, t0, t0);
        GroupRecord a = new GroupRecord("a", "A", Optional.empty(), Set.of("1", "2"), 1, t0, t0);
        GroupRecord b = new GroupRecord("b", "B", Optional.of("x"), Set.of("2"), 1, t0, t0);
        assertThat(store.putGroup(empty, 0) && store.putGroup(a, 0) && store.putGroup(b, 0)).isTrue();
        assertThat(store.groupsOf("2")).containsExactlyInAnyOrder(a, b);
        assertThat(store.groupsOf("1")).containsExactly(a);
        assertThat(store.groupsOf("3")).isEmpty();
        try (Stream<GroupRecord> all = store.groups()) {
            assertThat(all.toList()).containsExactlyInAnyOrder(empty, a, b);
        }
    }

    @Test
    void managedMarkersArePutReplacedAndRemoved() {
        ManagedMembership m1 = new ManagedMembership(5, "acme/team", AccessLevel.DEVELOPER, Optional.empty(),
                Optional.empty());
        ManagedMembership m2 = new ManagedMembership(5, "acme/ops", AccessLevel.MAINTAINER, Optional.of(9L),
                Optional.of(LocalDate.of(2027, 1, 31)));
        store.putManaged(m1);
        store.putManaged(m2);
        store.putManaged(new ManagedMembership(6, "acme/team", AccessLevel.GUEST, Optional.empty(),
                Optional.empty()));
        assertThat(store.managedOf(5)).containsExactlyInAnyOrder(m1, m2);
        ManagedMembership up = new ManagedMembership(5, "acme/team", AccessLevel.OWNER, Optional.empty(),
                Optional.empty());
        store.putManaged(up);
        assertThat(store.managedOf(5)).containsExactlyInAnyOrder(up, m2);
        store.removeManaged(5, "acme/ops");
        store.removeManaged(5, "acme/none");
        assertThat(store.managedOf(5)).containsExactly(up);
        try (Stream<ManagedMembership> all = store.managed()) {
            assertThat(all.count()).isEqualTo(2);
        }
        assertThat(store.managedOf(99)).isEmpty();
    }

    @Test
    void projectMarkersKeepTheirKindAndShareThePathKeyWithGroups() {
        ManagedMembership project = new ManagedMembership(5, MemberSource.project("acme/team/api"),
                AccessLevel.MAINTAINER, Optional.of(4L), Optional.of(LocalDate.of(2028, 2, 29)));
        ManagedMembership group = new ManagedMembership(5, "acme/team", AccessLevel.DEVELOPER, Optional.empty(),
                Optional.empty());
        store.putManaged(project);
        store.putManaged(group);
        assertThat(store.managedOf(5)).containsExactlyInAnyOrder(project, group);
        try (Stream<ManagedMembership> all = replica().managed()) {
            assertThat(all.filter(m -> m.source().isProject()).toList()).containsExactly(project);
        }
        ManagedMembership changed = new ManagedMembership(5, MemberSource.project("acme/team/api"),
                AccessLevel.DEVELOPER, Optional.empty(), Optional.empty());
        store.putManaged(changed);
        assertThat(store.managedOf(5)).containsExactlyInAnyOrder(changed, group);
        store.removeManaged(5, "acme/team/api");
        assertThat(store.managedOf(5)).containsExactly(group);
    }

    @Test
    void memberGroupsRoundTripAndParentsAreFound() {
        GroupRecord child = new GroupRecord("c", "Child", Optional.empty(), Set.of("1"), 1, t0, t0);
        GroupRecord mid = new GroupRecord("m", "Mid", Optional.empty(), Set.of("2"), Set.of("c"), 1, t0, t0);
        GroupRecord top = new GroupRecord("t", "Top", Optional.of("x"), Set.of(), Set.of("m", "c"), 1, t0, t0);
        assertThat(store.putGroup(child, 0) && store.putGroup(mid, 0) && store.putGroup(top, 0)).isTrue();
        assertThat(store.group("t")).contains(top);
        assertThat(replica().group("m")).contains(mid);
        assertThat(store.parentsOf("c")).containsExactlyInAnyOrder(mid, top);
        assertThat(store.parentsOf("m")).containsExactly(top);
        assertThat(store.parentsOf("t")).isEmpty();
        // Member groups are not member users: groupsOf answers for users only.
        assertThat(store.groupsOf("c")).isEmpty();
        assertThat(store.groupsOf("1")).containsExactly(child);
        try (Stream<GroupRecord> all = store.groups()) {
            assertThat(all.toList()).containsExactlyInAnyOrder(child, mid, top);
        }
        GroupRecord topNext = top.next("Top", Optional.of("x"), Set.of("3"), Set.of("m"), t0.plusSeconds(1));
        assertThat(store.putGroup(topNext, 1)).isTrue();
        assertThat(store.group("t")).contains(topNext);
        assertThat(store.parentsOf("c")).containsExactly(mid);
        GroupRecord renamed = topNext.next("Top 2", Optional.empty(), Set.of("3"), t0.plusSeconds(2));
        assertThat(renamed.memberGroups()).containsExactly("m");
        assertThat(store.removeGroup("m", 1)).isTrue();
        assertThat(store.parentsOf("c")).isEmpty();
        // The parent keeps naming the removed group until it is written again (the bridge takes it out).
        assertThat(store.group("t").orElseThrow().memberGroups()).containsExactly("m");
    }

    @Test
    void pendingWritesArePutReplacedFoundByKindAndRemoved() {
        PendingWrite a = new PendingWrite("member", "5 acme/team", t0, "corr-1");
        PendingWrite b = new PendingWrite("member", "6 acme/Team \u00e9", t0.plusSeconds(1), "corr-2");
        PendingWrite u = new PendingWrite("user", "ann@example.com", t0.plusNanos(1_000), "corr-1");
        store.putPending(a);
        store.putPending(List.of(b, u));
        assertThat(store.pending("member", "5 acme/team")).contains(a);
        assertThat(store.pending("member", "5 ACME/team")).isEmpty();
        assertThat(store.pending("user", "5 acme/team")).isEmpty();
        assertThat(store.pendingOfKind("member")).containsExactly(a, b);
        assertThat(store.pendingOfKind("user")).containsExactly(u);
        assertThat(store.pendingOfKind("none")).isEmpty();

        PendingWrite again = new PendingWrite("member", "5 acme/team", t0.plusSeconds(9), "corr-3");
        store.putPending(again);
        assertThat(store.pending("member", "5 acme/team")).contains(again);
        assertThat(store.pendingOfKind("member")).containsExactly(b, again);

        store.removePending("member", List.of("5 acme/team", "no such key"));
        assertThat(store.pendingOfKind("member")).containsExactly(b);
        store.removePending("member", "6 acme/Team \u00e9");
        assertThat(store.pendingOfKind("member")).isEmpty();
        assertThat(store.pending("user", "ann@example.com")).contains(u);
        replica().removePending("user", "ann@example.com");
        assertThat(store.pending("user", "ann@example.com")).isEmpty();
    }

    @Test
    void aBatchWithTheSameKeyTwiceKeepsTheLast() {
        PendingWrite first = new PendingWrite("member", "1 g", t0, "c1");
        PendingWrite last = new PendingWrite("member", "1 g", t0.plusSeconds(1), "c2");
        store.putPending(List.of(first, last));
        assertThat(store.pendingOfKind("member")).containsExactly(last);
        store.putPending(List.of());
        store.removePending("member", List.of());
        assertThat(store.pendingOfKind("member")).containsExactly(last);
    }

    @Test
    void oldPendingWritesExpireToTheNanosecondAcrossInstances() {
        // Instants of different printed widths (whole seconds, millis, nanos) must still compare as times.
        PendingWrite whole = new PendingWrite("member", "a", Instant.parse("2026-11-28T10:00:00Z"), "c");
        PendingWrite millis = new PendingWrite("member", "b", Instant.parse("2026-11-28T10:00:00.500Z"), "c");
        PendingWrite nanos = new PendingWrite("user", "c", Instant.parse("2026-11-28T10:00:00.500000001Z"), "c");
        PendingWrite later = new PendingWrite("user", "d", Instant.parse("2026-11-28T10:00:01Z"), "c");
        store.putPending(List.of(whole, millis, nanos, later));
        assertThat(replica().pendingOfKind("member")).containsExactly(whole, millis);
        assertThat(store.removePendingBefore(Instant.parse("2026-11-28T10:00:00.500000001Z")))
                .isEqualTo(2);
        assertThat(store.pendingOfKind("member")).isEmpty();
        assertThat(store.pendingOfKind("user")).containsExactly(nanos, later);
        assertThat(replica().removePendingBefore(Instant.parse("2026-11-28T10:00:00.9Z"))).isEqualTo(1);
        assertThat(store.pendingOfKind("user")).containsExactly(later);
        assertThat(store.removePendingBefore(Instant.parse("2026-11-28T10:00:00Z"))).isZero();
    }

    @Test
    void pendingWriteChecksItsComponents() {
        assertThatThrownBy(() -> new PendingWrite(" ", "k", t0, "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PendingWrite("k", "", t0, "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PendingWrite("k", "x".repeat(PendingWrite.MAX_KEY + 1), t0, "c"))
                .isInstanceOf(IllegalArgumentException.class);
        PendingWrite longest = new PendingWrite("k".repeat(PendingWrite.MAX_KIND),
                "\u4e2d".repeat(PendingWrite.MAX_KEY), t0, "c".repeat(400));
        assertThat(longest.correlationId()).hasSize(PendingWrite.MAX_CORRELATION_ID);
        store.putPending(longest);
        assertThat(store.pending(longest.kind(), longest.key())).contains(longest);
    }

    @Test
    void concurrentCompareAndSetThroughTwoInstancesLosesNoMember() throws Exception {
        StateStore other = replica();
        assertThat(store.putGroup(new GroupRecord("g", "Team", Optional.empty(), Set.of(), 1, t0, t0), 0)).isTrue();
        int writers = 8;
        int perWriter = 15;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                StateStore s = w % 2 == 0 ? store : other;
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String member = writer + "-" + i;
                        while (true) {
                            GroupRecord cur = s.group("g").orElseThrow();
                            Set<String> members = new HashSet<>(cur.members());
                            members.add(member);
                            if (s.putGroup(cur.next("Team", Optional.empty(), members, t0), cur.version())) {
                                break;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        GroupRecord end = store.group("g").orElseThrow();
        assertThat(end.members()).hasSize(writers * perWriter);
        assertThat(end.version()).isEqualTo(1 + writers * perWriter);
    }

    @Test
    void exclusiveSerialisesWritersAcrossInstancesAndIsReentrant() throws Exception {
        StateStore other = replica();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = {0};
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                StateStore s = w % 2 == 0 ? store : other;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        s.exclusive(() -> s.exclusive(() -> {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            counter[0]++;
                            inside.decrementAndGet();
                            return null;
                        }));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(counter[0]).isEqualTo(120);
        assertThat(store.exclusive(() -> "result")).isEqualTo("result");
    }

    @Test
    void exclusiveReleasesTheLockWhenTheWorkFails() {
        try {
            store.exclusive(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(replica().exclusive(() -> 1)).isEqualTo(1);
    }

    @Test
    void lockedExcludesWritersSharingAKeyAcrossInstancesAndNeverDeadlocks() throws Exception {
        // Random key sets, each built in a random order, through both instances, some nested: every key has at most
        // one holder at a time, and every writer gets through (a deadlock would fail with LockUnavailableException).
        StateStore other = replica();
        List<LockKey> universe = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            universe.add(LockKey.user(Integer.toString(100 + i)));
            universe.add(LockKey.group("g" + i));
        }
        Map<LockKey, AtomicInteger> holders = new ConcurrentHashMap<>();
        universe.forEach(k -> holders.put(k, new AtomicInteger()));
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sections = new AtomicInteger();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                StateStore s = w % 2 == 0 ? store : other;
                Random random = new Random(42 + w);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        List<LockKey> shuffled = new ArrayList<>(universe);
                        Collections.shuffle(shuffled, random);
                        Set<LockKey> keys = new LinkedHashSet<>(shuffled.subList(0, 1 + random.nextInt(4)));
                        Set<LockKey> inner = Set.of(keys.iterator().next());
                        boolean nest = random.nextBoolean();
                        s.locked(keys, () -> {
                            keys.forEach(k -> {
                                if (holders.get(k).incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                }
                            });
                            // Reentrant: a nested section on keys already held runs at once.
                            if (nest) {
                                s.locked(inner, sections::incrementAndGet);
                            } else {
                                sections.incrementAndGet();
                            }
                            keys.forEach(k -> holders.get(k).decrementAndGet());
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(sections).hasValue(writers * 25);
    }

    @Test
    void lockedLetsWritersOnDisjointKeysRunAtOnceAcrossInstances() throws Exception {
        Assumptions.assumeTrue(keyed(), "this store locks the whole store for any key");
        CountDownLatch aHolds = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> store.locked(Set.of(LockKey.user("1"), LockKey.group("g1")), () -> {
                aHolds.countDown();
                try {
                    releaseA.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "a";
            }));
            assertThat(aHolds.await(30, TimeUnit.SECONDS)).isTrue();
            // B shares no key with A: it finishes while A still holds its keys.
            Future<String> b = pool.submit(() -> replica().locked(Set.of(LockKey.user("2"), LockKey.group("g2"),
                    LockKey.userName("bob")), () -> "b"));
            assertThat(b.get(60, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(a.isDone()).isFalse();
            releaseA.countDown();
            assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo("a");
        } finally {
            releaseA.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void lockedReleasesTheKeysWhenTheWorkFails() {
        Set<LockKey> keys = Set.of(LockKey.user("7"));
        assertThatThrownBy(() -> store.locked(keys, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(replica().locked(keys, () -> 1)).isEqualTo(1);
    }
}
