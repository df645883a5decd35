package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokenPolicy;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The service-account token operations take the store's exclusive section, as the providers' SCIM writes do: while
 * another replica holds it (say, deactivating the account), no token is issued, rotated or revoked.
 */
class ServiceAccountTokenLockTest {
    @Test
    void tokenOperationsWaitForAnotherReplicasExclusiveSection() throws Exception {
        InMemoryStateStore shared = new InMemoryStateStore();
        List<IssuedToken> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            Scim s = Scim.of(fake, b -> b.stateStore(shared).issuedTokenSink(issued::add)
                    .serviceAccountTokenPolicy(ServiceAccountTokenPolicy.builder().allowedScopes(List.of("read_api"))
                            .maxLifetimeDays(30).rotateBeforeDays(7).build()));
            String id = s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                    + "\"bot\",\"externalId\":\"x-bot\",\"userType\":\"serviceaccount\",\"displayName\":\"Bot\","
                    + "\"emails\":[{\"primary\":true,\"value\":\"bot@agents.example.com\",\"type\":\"work\"}],"
                    + "\"active\":true}").id();
            ServiceAccountTokens tokens = s.bridge.serviceAccountTokens();
            ManagedToken first = tokens.issue(id, "first", List.of("read_api"));

            List<Function<ServiceAccountTokens, Object>> ops = List.of(
                    t -> t.issue(id, "second", List.of("read_api")),
                    t -> t.rotate(id, first.tokenId()),
                    t -> t.rotateAllDue(),
                    t -> {
                        t.revoke(id, t.tokens(id).get(0).tokenId());
                        return Boolean.TRUE;
                    });
            for (Function<ServiceAccountTokens, Object> op : ops) {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                // Another replica's SCIM write, holding the shared store's exclusive section.
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> shared.exclusive(() -> {
                    held.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
                assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
                long requests = fake.requestCount();
                CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> op.apply(tokens));
                try {
                    call.get(300, TimeUnit.MILLISECONDS);
                    throw new AssertionError("a token operation ran inside another replica's exclusive section");
                } catch (TimeoutException expected) {
                    assertThat(fake.requestCount()).isEqualTo(requests);
                }
                release.countDown();
                other.get(5, TimeUnit.SECONDS);
                call.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
