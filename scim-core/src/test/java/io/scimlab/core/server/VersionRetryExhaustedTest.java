package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A provider that always reports a concurrent change: 503 + Retry-After without If-Match, 412 with it. */
class VersionRetryExhaustedTest {
    static final AtomicInteger UPDATES = new AtomicInteger();
    static final HttpFixture F = new HttpFixture(b -> b,
            users -> new ResourceProvider() {
                @Override
                public ResourceTypeDefinition resourceType() {
                    return users.resourceType();
                }

                @Override
                public ScimResource create(ScimResource resource, RequestContext context) {
                    return users.create(resource, context);
                }

                @Override
                public Optional<ScimResource> get(String id, RequestContext context) {
                    return users.get(id, context);
                }

                @Override
                public ScimResource update(ResourceUpdate update, RequestContext context) {
                    UPDATES.incrementAndGet();
                    throw ResourceProvider.versionConflict(update.id());
                }

                @Override
                public void delete(String id, RequestContext context) {
                    users.delete(id, context);
                }

                @Override
                public QueryResult query(ResourceQuery query, RequestContext context) {
                    return users.query(query, context);
                }
            });

    @AfterAll
    static void stop() {
        F.close();
    }

    @Test
    void exhaustedRetriesWithoutIfMatchAre503WithRetryAfter() {
        String id = F.user("always.conflicting@example.com");
        UPDATES.set(0);
        Res r = F.patch("/Users/" + id, patchOp("{'op':'replace','path':'title','value':'t'}"));
        ErrorsTest.assertError(r, 503, null);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(UPDATES.get()).isEqualTo(Limits.defaults().maxVersionRetries() + 1);
        Res put = F.put("/Users/" + id, "{'userName':'always.conflicting@example.com','title':'p'}");
        ErrorsTest.assertError(put, 503, null);
        assertThat(put.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void withIfMatchTheConflictStays412() {
        String id = F.user("conflicting.ifmatch@example.com");
        String etag = F.get("/Users/" + id).header("ETag");
        Res r = F.send(F.request("/Users/" + id).header("If-Match", etag).header("Content-Type",
                "application/scim+json").method("PATCH", HttpRequest.BodyPublishers.ofString(HttpFixture.q(
                        patchOp("{'op':'replace','path':'title','value':'t'}")))).build());
        ErrorsTest.assertError(r, 412, null);
        assertThat(r.header("Retry-After")).isNull();
    }
}
