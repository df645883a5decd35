package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.filter.FilterParser;
import io.scimlab.core.internal.Access;
import io.scimlab.core.patch.ChangeSet;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.core.server.memory.InMemoryProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Updating a user must never hide it from a concurrent {@code userName eq} lookup (Okta would POST and get 409). */
class InMemoryIndexRaceTest {
    static final RequestContext CONTEXT = RequestContext.system("test");

    @Test
    void anUpdateNeverHidesTheUserFromAnIndexedLookup() throws Exception {
        InMemoryProvider users = InMemoryDirectory.create().users();
        ObjectNode json = HttpFixture.JSON.createObjectNode();
        json.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        json.put("userName", "race@example.com");
        String id = users.create(Access.wrap(json), CONTEXT).id();
        ResourceQuery byName = ResourceQuery.builder()
                .filter(FilterParser.parse("userName eq \"RACE@example.com\"")).count(10).build();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger misses = new AtomicInteger();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                lookups.incrementAndGet();
                if (users.query(byName, CONTEXT).resources().count() != 1) {
                    misses.incrementAndGet();
                }
            }
        });
        try {
            for (int i = 0; i < 20_000; i++) {
                ScimResource before = users.get(id, CONTEXT).orElseThrow();
                ObjectNode after = before.toJson();
                after.put("title", "t" + i);
                users.update(ResourceUpdate.patch(id, before, Access.wrap(after), ChangeSet.EMPTY), CONTEXT);
            }
        } finally {
            done.set(true);
            reader.get(10, TimeUnit.SECONDS);
        }
        assertThat(lookups.get()).isPositive();
        assertThat(misses.get()).isZero();
        // A rename moves the key: the old name selects nothing, the new one the user.
        ScimResource before = users.get(id, CONTEXT).orElseThrow();
        ObjectNode renamed = before.toJson();
        renamed.put("userName", "renamed@example.com");
        users.update(ResourceUpdate.patch(id, before, Access.wrap(renamed), ChangeSet.EMPTY), CONTEXT);
        assertThat(users.query(byName, CONTEXT).resources().count()).isZero();
        assertThat(users.query(ResourceQuery.builder()
                .filter(FilterParser.parse("userName eq \"renamed@example.com\"")).count(10).build(), CONTEXT).resources().count()).isEqualTo(1);
    }
}
