package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas (each its own bridge, JDBC store and SCIM server) on one database and one GitLab: concurrent
 * PATCHes to one group through both lose no member, and GitLab ends with exactly the memberships SCIM holds.
 */
class ReplicasTest {
    @ParameterizedTest(name = "postgres={0}")
    @ValueSource(booleans = {false, true})
    void concurrentPatchesThroughTwoReplicasLoseNoMember(boolean postgres) throws Exception {
        DataSource db = Replica.database(postgres);
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        RoleMapping mapping = RoleMapping.builder().group("Team", "acme/team", AccessLevel.DEVELOPER).build();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            long acme = fake.seedGroup("acme");
            long team = fake.seedSubgroup(acme, "team");
            OkHttpClient ok = new OkHttpClient();
            try (Replica a = new Replica(fake, db, mapping, audit::add, ok);
                    Replica b = new Replica(fake, db, mapping, audit::add, ok)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    Replica r = i % 2 == 0 ? a : b;
                    Replica.Reply created = r.send("POST", "/Users", Replica.userJson("r" + i));
                    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
                    ids.add(created.body().path("id").asText());
                }
                Replica.Reply group = b.send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:"
                        + "2.0:Group\"],\"displayName\":\"Team\",\"members\":[]}");
                assertThat(group.status()).isEqualTo(201);
                String gid = group.body().path("id").asText();

                // Every user added by its own PATCH, half through each replica, all at once.
                List<Integer> statuses = concurrently(ids, (i, id) -> retry412((i % 2 == 0 ? a : b), "PATCH",
                        "/Groups/" + gid, Replica.patch("add", "members", Replica.members(id))));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                assertThat(members(a, gid)).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(ids).allSatisfy(id -> assertThat(fake.memberLevel(team, Long.parseLong(id)))
                        .contains(30));

                // Remove every other one the same way, through the other replica.
                List<String> gone = new ArrayList<>();
                for (int i = 0; i < ids.size(); i += 2) {
                    gone.add(ids.get(i));
                }
                statuses = concurrently(gone, (i, id) -> retry412((i % 2 == 0 ? b : a), "PATCH", "/Groups/" + gid,
                        Replica.patch("remove", "members[value eq \\\"" + id + "\\\"]", "null")));
                assertThat(statuses).allMatch(s -> s == 200 || s == 204);
                Set<String> left = new HashSet<>(ids);
                gone.forEach(left::remove);
                assertThat(members(b, gid)).containsExactlyInAnyOrderElementsOf(left);
                for (String id : ids) {
                    assertThat(fake.memberLevel(team, Long.parseLong(id))).as(id)
                            .isEqualTo(left.contains(id) ? java.util.Optional.of(30) : java.util.Optional.empty());
                }
                assertThat(audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.FAILURE);
                assertThat(a.bridge.reconciler().plan().changes()).isEmpty();
            }
        }
    }

    /**
     * Sends like an IdP that retries a 412 or a 503: the server has already re-applied the PATCH up to its
     * {@code maxVersionRetries} against newer versions, and only then gives up (never overwriting) with 503 and
     * {@code Retry-After} when the request had no {@code If-Match}, else 412.
     */
    static int retry412(Replica r, String method, String path, String body) throws Exception {
        for (int attempt = 0; ; attempt++) {
            int status = r.send(method, path, body).status();
            if ((status != 412 && status != 503) || attempt == 20) {
                return status;
            }
        }
    }

    /** The work of one item. */
    interface Step {
        int run(int index, String id) throws Exception;
    }

    static List<Integer> concurrently(List<String> ids, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int index = i;
                done.add(pool.submit(() -> step.run(index, ids.get(index))));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : done) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> members(Replica r, String gid) throws Exception {
        Replica.Reply g = r.send("GET", "/Groups/" + gid, null);
        List<String> out = new ArrayList<>();
        g.body().path("members").forEach(m -> out.add(m.path("value").asText()));
        return out;
    }
}
