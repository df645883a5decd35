package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.HttpFixture.Res;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Concurrent PATCHes: without If-Match nothing is lost; with the same If-Match exactly one wins. */
class ConcurrencyTest {
    static final HttpFixture F = new HttpFixture();

    @AfterAll
    static void stop() {
        F.close();
    }

    @Test
    void fiftyConcurrentMemberAddsLoseNothing() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(F.user("c" + i + "@example.com"));
        }
        String gid = F.post("/Groups", "{'displayName':'Concurrent'}").json().path("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (String user : users) {
            results.add(pool.submit(() -> {
                start.await();
                return F.patch("/Groups/" + gid, patchOp("{'op':'add','path':'members','value':[{'value':'" + user
                        + "'}]}")).status();
            }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
            assertThat(f.get()).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(OktaSequenceTest.members(F.get("/Groups/" + gid).json())).containsExactlyInAnyOrderElementsOf(users);
        // Deleting a user removes it from the group.
        assertThat(F.delete("/Users/" + users.get(0)).status()).isEqualTo(204);
        assertThat(OktaSequenceTest.members(F.get("/Groups/" + gid).json())).hasSize(49)
                .doesNotContain(users.get(0));
    }

    @Test
    void sameIfMatchHasExactlyOneWinner() throws Exception {
        String id = F.user("race@example.com");
        String etag = F.get("/Users/" + id).header("ETag");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                Res r = F.send(F.request("/Users/" + id).header("If-Match", etag)
                        .header("Content-Type", "application/scim+json").method("PATCH",
                                HttpRequest.BodyPublishers.ofString(HttpFixture.q(patchOp(
                                        "{'op':'replace','path':'title','value':'t" + n + "'}")))).build());
                return r.status();
            }));
        }
        start.countDown();
        int ok = 0;
        int conflicts = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            ok += status == 200 ? 1 : 0;
            conflicts += status == 412 ? 1 : 0;
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(1);
        assertThat(conflicts).isEqualTo(19);
    }

    @Test
    void unknownMemberIsInvalidValue() {
        String gid = F.post("/Groups", "{'displayName':'Strict members'}").json().path("id").asText();
        Res r = F.patch("/Groups/" + gid, patchOp("{'op':'add','path':'members','value':[{'value':'nobody'}]}"));
        ErrorsTest.assertError(r, 400, "invalidValue");
        ErrorsTest.assertError(F.post("/Groups", "{'displayName':'Strict members'}"), 409, "uniqueness");
    }
}
