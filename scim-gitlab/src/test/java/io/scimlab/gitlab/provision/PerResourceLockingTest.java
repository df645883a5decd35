package io.scimlab.gitlab.provision;

import static io.scimlab.gitlab.provision.ReplicasTest.concurrently;
import static io.scimlab.gitlab.provision.ReplicasTest.retry412;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.LockKey;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-resource write locks across replicas (two bridges, each its own JDBC store, on one database): writes that
 * share a user serialise and lose nothing, writes that share nothing run at once, nested-group changes that touch
 * each other's users serialise, and a lock held past the store's wait is a retryable 503.
 */
class PerResourceLockingTest {
    private static final String GROUP = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
            + "\"displayName\":\"%s\",\"members\":[%s]}";

    @ParameterizedTest(name = "postgres={0}")
    @ValueSource(booleans = {false, true})
    void twoReplicasWritingTheSameUsersThroughTwoGroupsAtOnceEndWithTheUnion(boolean postgres) throws Exception {
        DataSource db = Replica.database(postgres);
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        // Both groups grant acme/shared, at different levels: a user's level there is the higher of the two.
        RoleMapping mapping = RoleMapping.builder().group("Dev", "acme/dev", AccessLevel.DEVELOPER)
                .group("Dev", "acme/shared", AccessLevel.DEVELOPER).group("Ops", "acme/ops", AccessLevel.MAINTAINER)
                .group("Ops", "acme/shared", AccessLevel.MAINTAINER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long acme = fake.seedGroup("acme");
            long dev = fake.seedSubgroup(acme, "dev");
            long ops = fake.seedSubgroup(acme, "ops");
            long shared = fake.seedSubgroup(acme, "shared");
            OkHttpClient ok = new OkHttpClient();
            try (Replica a = new Replica(fake, db, mapping, audit::add, ok);
                    Replica b = new Replica(fake, db, mapping, audit::add, ok)) {
                List<String> users = createUsers(a, b, "same", 8);
                String devId = createGroup(a, "Dev", "");
                String opsId = createGroup(b, "Ops", "");

                // Each user added to Dev through one replica and to Ops through the other, all at once.
                List<String> work = twice(users);
                List<Integer> statuses = concurrently(work, (i, id) -> i % 2 == 0
                        ? retry412(a, "PATCH", "/Groups/" + devId, Replica.patch("add", "members", Replica.members(id)))
                        : retry412(b, "PATCH", "/Groups/" + opsId, Replica.patch("add", "members",
                                Replica.members(id))));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                for (String id : users) {
                    long uid = Long.parseLong(id);
                    assertThat(fake.memberLevel(dev, uid)).as(id).contains(30);
                    assertThat(fake.memberLevel(ops, uid)).as(id).contains(40);
                    assertThat(fake.memberLevel(shared, uid)).as(id).contains(40);
                }
                assertThat(ReplicasTest.members(a, devId)).containsExactlyInAnyOrderElementsOf(users);
                assertThat(ReplicasTest.members(b, opsId)).containsExactlyInAnyOrderElementsOf(users);

                // The first half leaves both groups at once (through both replicas), the rest leaves Ops only.
                List<String> both = users.subList(0, 4);
                List<String> opsOnly = users.subList(4, 8);
                List<String> leaving = new ArrayList<>(twice(both));
                leaving.addAll(opsOnly);
                statuses = concurrently(leaving, (i, id) -> i < 8 && i % 2 == 0
                        ? retry412(b, "PATCH", "/Groups/" + devId, remove(id))
                        : retry412(a, "PATCH", "/Groups/" + opsId, remove(id)));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                for (String id : both) {
                    long uid = Long.parseLong(id);
                    assertThat(List.of(fake.memberLevel(dev, uid), fake.memberLevel(ops, uid),
                            fake.memberLevel(shared, uid))).as(id).allMatch(Optional::isEmpty);
                }
                for (String id : opsOnly) {
                    long uid = Long.parseLong(id);
                    assertThat(fake.memberLevel(dev, uid)).as(id).contains(30);
                    assertThat(fake.memberLevel(ops, uid)).as(id).isEmpty();
                    // Down to what Dev grants: the edit reached GitLab once, not lost to the other writer.
                    assertThat(fake.memberLevel(shared, uid)).as(id).contains(30);
                }
                assertThat(audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.FAILURE);
                // Nothing lost or left over: GitLab, the markers and the SCIM groups agree.
                assertThat(a.bridge.reconciler().plan().changes()).isEmpty();
                assertThat(b.bridge.reconciler().plan().changes()).isEmpty();
            }
        }
    }

    /** PostgreSQL only: H2 keeps one coarse lock for every write. */
    @Test
    void writesToDisjointUsersAndGroupsProceedWhileAnotherWriteHoldsItsLocks() throws Exception {
        DataSource db = Replica.database(true);
        RoleMapping mapping = RoleMapping.builder().group("A", "acme/a", AccessLevel.DEVELOPER)
                .group("B", "acme/b", AccessLevel.DEVELOPER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long acme = fake.seedGroup("acme");
            long ga = fake.seedSubgroup(acme, "a");
            long gb = fake.seedSubgroup(acme, "b");
            AtomicBoolean armed = new AtomicBoolean();
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // Replica A's GitLab client stops in the member add to acme/a, while its write holds its keys.
            OkHttpClient gated = new OkHttpClient.Builder().addInterceptor(chain -> {
                String path = chain.request().url().encodedPath();
                boolean groupA = path.contains("/groups/acme%2Fa/") || path.contains("/groups/" + ga + "/");
                if (armed.get() && chain.request().method().equals("POST") && groupA && path.endsWith("/members")) {
                    inside.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return chain.proceed(chain.request());
            }).build();
            try (Replica a = new Replica(fake, db, mapping, e -> { }, gated);
                    Replica b = new Replica(fake, db, mapping, e -> { }, new OkHttpClient())) {
                List<String> users = createUsers(a, b, "disjoint", 3);
                String groupA = createGroup(a, "A", "");
                String groupB = createGroup(b, "B", "");
                armed.set(true);
                CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> {
                    try {
                        return a.send("PATCH", "/Groups/" + groupA, Replica.patch("add", "members",
                                Replica.members(users.get(0)))).status();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
                // Another user and group, through the other replica and through the same one: both answered while
                // the first write is stopped inside its section.
                assertThat(b.send("PATCH", "/Groups/" + groupB, Replica.patch("add", "members",
                        Replica.members(users.get(1)))).status()).isEqualTo(200);
                assertThat(a.send("PATCH", "/Users/" + users.get(2), Replica.patch("replace", "displayName",
                        "\"Renamed\"")).status()).isEqualTo(200);
                assertThat(fake.memberLevel(gb, Long.parseLong(users.get(1)))).contains(30);
                assertThat(held).isNotDone();
                release.countDown();
                assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                assertThat(fake.memberLevel(ga, Long.parseLong(users.get(0)))).contains(30);
            } finally {
                release.countDown();
            }
        }
    }

    @ParameterizedTest(name = "postgres={0}")
    @ValueSource(booleans = {false, true})
    void aLockHeldPastTheStoresWaitIsARetryable503(boolean postgres) throws Exception {
        DataSource db = Replica.database(postgres);
        RoleMapping mapping = RoleMapping.builder().group("Team", "acme/team", AccessLevel.DEVELOPER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.seedSubgroup(fake.seedGroup("acme"), "team");
            StateStore impatient = JdbcStorage.builder(db).lockWait(Duration.ofMillis(300)).build().stateStore();
            StateStore other = JdbcStorage.builder(db).build().stateStore();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try (Replica r = new Replica(fake, impatient, mapping, e -> { }, new OkHttpClient())) {
                Replica.Reply created = r.send("POST", "/Users", Replica.userJson("waits"));
                assertThat(created.status()).isEqualTo(201);
                String id = created.body().path("id").asText();
                // Another replica's write holds the user's key and does not let go.
                CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> other.locked(
                        Set.of(LockKey.user(id)), () -> {
                            holding.countDown();
                            try {
                                return release.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        }));
                assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
                String rename = Replica.patch("replace", "displayName", "\"Later\"");
                HttpResponse<String> busy = r.exchange("PATCH", "/Users/" + id, rename);
                assertThat(busy.statusCode()).isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).contains("2");
                assertThat(busy.body()).contains("\"status\":\"503\"").contains("retry");
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
                // The identity provider's retry goes through.
                assertThat(r.send("PATCH", "/Users/" + id, rename).status()).isEqualTo(200);
                assertThat(r.send("GET", "/Users/" + id, null).body().path("displayName").asText()).isEqualTo("Later");
            } finally {
                release.countDown();
            }
        }
    }

    @ParameterizedTest(name = "postgres={0}")
    @ValueSource(booleans = {false, true})
    void concurrentNestedGroupChangesLeaveNoStaleGrant(boolean postgres) throws Exception {
        DataSource db = Replica.database(postgres);
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        // Only the parent is mapped: a child's users hold acme/p exactly while their child is in the parent.
        RoleMapping mapping = RoleMapping.builder().group("Parent", "acme/p", AccessLevel.DEVELOPER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long p = fake.seedSubgroup(fake.seedGroup("acme"), "p");
            OkHttpClient ok = new OkHttpClient();
            try (Replica a = new Replica(fake, db, mapping, audit::add, ok);
                    Replica b = new Replica(fake, db, mapping, audit::add, ok)) {
                int n = 5;
                List<String> first = createUsers(a, b, "n1", n);
                List<String> second = createUsers(a, b, "n2", n);
                List<String> children = new ArrayList<>();
                StringBuilder memberGroups = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    children.add(createGroup(i % 2 == 0 ? a : b, "Child" + i, ""));
                    memberGroups.append(i == 0 ? "" : ",").append("{\"value\":\"").append(children.get(i))
                            .append("\",\"type\":\"Group\"}");
                }
                String parent = createGroup(a, "Parent", memberGroups.toString());

                // At once: the parent lets each child go (replica A) while the child gains a user (replica B).
                List<String> work = twice(children);
                List<Integer> statuses = concurrently(work, (i, child) -> i % 2 == 0
                        ? retry412(a, "PATCH", "/Groups/" + parent, remove(child))
                        : retry412(b, "PATCH", "/Groups/" + child, Replica.patch("add", "members",
                                Replica.members(first.get(children.indexOf(child))))));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                assertThat(first).allSatisfy(u -> assertThat(fake.memberLevel(p, Long.parseLong(u))).as(u).isEmpty());

                // At once: the parent takes each child back (replica B) while the child gains another user (A).
                statuses = concurrently(work, (i, child) -> i % 2 == 0
                        ? retry412(b, "PATCH", "/Groups/" + parent, Replica.patch("add", "members",
                                "[{\"value\":\"" + child + "\",\"type\":\"Group\"}]"))
                        : retry412(a, "PATCH", "/Groups/" + child, Replica.patch("add", "members",
                                Replica.members(second.get(children.indexOf(child))))));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                for (String u : first) {
                    assertThat(fake.memberLevel(p, Long.parseLong(u))).as(u).contains(30);
                }
                for (String u : second) {
                    assertThat(fake.memberLevel(p, Long.parseLong(u))).as(u).contains(30);
                }
                assertThat(audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.FAILURE);
                assertThat(a.bridge.reconciler().plan().changes()).isEmpty();
            }
        }
    }

    private static List<String> createUsers(Replica a, Replica b, String prefix, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Replica.Reply created = (i % 2 == 0 ? a : b).send("POST", "/Users", Replica.userJson(prefix + i));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            ids.add(created.body().path("id").asText());
        }
        return ids;
    }

    private static String createGroup(Replica r, String name, String members) throws Exception {
        Replica.Reply g = r.send("POST", "/Groups", String.format(GROUP, name, members));
        assertThat(g.status()).as(g.body().toString()).isEqualTo(201);
        return g.body().path("id").asText();
    }

    /** Each item twice in a row: the two writers of one item run side by side. */
    private static List<String> twice(List<String> items) {
        List<String> out = new ArrayList<>();
        items.forEach(x -> {
            out.add(x);
            out.add(x);
        });
        return out;
    }

    private static String remove(String id) {
        return Replica.patch("remove", "members[value eq \\\"" + id + "\\\"]", "null");
    }
}
