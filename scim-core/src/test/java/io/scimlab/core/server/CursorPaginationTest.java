package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** RFC 9865 cursor pagination over HTTP: provider-backed and server-side cursors, errors, discovery. */
class CursorPaginationTest {
    /** The in-memory provider, which pages by cursor itself. */
    static final HttpFixture NATIVE = new HttpFixture();
    /** The same provider behind a wrapper that does not say it supports cursors: the server pages. */
    static final HttpFixture PLAIN = new HttpFixture(b -> b, Delegating::new);
    static final List<String> NATIVE_IDS = new ArrayList<>();
    static final List<String> PLAIN_IDS = new ArrayList<>();

    static {
        for (int i = 0; i < 23; i++) {
            NATIVE_IDS.add(NATIVE.user("cur.native." + i));
            PLAIN_IDS.add(PLAIN.user("cur.plain." + i));
        }
    }

    @AfterAll
    static void stop() {
        NATIVE.close();
        PLAIN.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Follows nextCursor from the first page; returns the ids in the order seen. */
    static List<String> walk(HttpFixture f, String query, int count, Runnable betweenPages) {
        List<String> ids = new ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 1000; pages++) {
            Res r = f.get("/Users?" + query + "count=" + count + "&cursor=" + enc(cursor));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            assertThat(r.json().has("startIndex")).isFalse();
            assertThat(r.json().path("itemsPerPage").asInt()).isLessThanOrEqualTo(count);
            r.json().path("Resources").forEach(u -> ids.add(u.path("id").asText()));
            if (!r.json().has("nextCursor")) {
                return ids;
            }
            cursor = r.json().path("nextCursor").asText();
            assertThat(cursor).isNotEmpty();
            betweenPages.run();
        }
        throw new AssertionError("no last page");
    }

    @Test
    void providerCursorsVisitEveryUserOnceWhileUsersAreAdded() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger added = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                NATIVE.user("cur.concurrent." + added.incrementAndGet());
            }
        });
        writer.start();
        List<String> seen;
        try {
            seen = walk(NATIVE, "filter=" + enc("userName sw \"cur.\"") + "&", 4, () -> NATIVE.user(
                    "cur.between." + added.incrementAndGet()));
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(added.get()).isPositive();
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen).containsAll(NATIVE_IDS);
        assertThat(seen).isSorted();
    }

    @Test
    void providerCursorPagesCarryTotalAndStopWithoutNextCursor() {
        Res first = NATIVE.get("/Users?filter=" + enc("userName sw \"cur.native.1\"") + "&count=3&cursor=");
        assertThat(first.status()).isEqualTo(200);
        // cur.native.1 and cur.native.10 .. 19
        assertThat(first.json().path("totalResults").asInt()).isEqualTo(11);
        assertThat(first.json().path("itemsPerPage").asInt()).isEqualTo(3);
        List<String> ids = walk(NATIVE, "filter=" + enc("userName sw \"cur.native.1\"") + "&", 3, () -> { });
        assertThat(ids).hasSize(11).doesNotHaveDuplicates();
        Res all = NATIVE.get("/Users?filter=" + enc("userName sw \"cur.native.1\"") + "&count=50&cursor");
        assertThat(all.json().has("nextCursor")).isFalse();
        assertThat(all.json().path("Resources").size()).isEqualTo(11);
    }

    @Test
    void serverCursorsForAProviderWithoutCursorSupport() {
        List<String> ids = walk(PLAIN, "filter=" + enc("userName sw \"cur.plain.\"") + "&", 5, () -> { });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(PLAIN_IDS);
        List<String> unfiltered = walk(PLAIN, "", 6, () -> { });
        assertThat(new HashSet<>(unfiltered)).hasSameSizeAs(unfiltered).containsAll(PLAIN_IDS);
    }

    @Test
    void sortedAndRootCursorRequestsArePagedByTheServer() {
        List<String> names = new ArrayList<>();
        String cursor = "";
        do {
            Res r = NATIVE.get("/Users?filter=" + enc("userName sw \"cur.native.\"")
                    + "&sortBy=userName&sortOrder=descending&count=5&cursor=" + enc(cursor));
            assertThat(r.status()).isEqualTo(200);
            r.json().path("Resources").forEach(u -> names.add(u.path("userName").asText()));
            cursor = r.json().path("nextCursor").asText("");
        } while (!cursor.isEmpty());
        assertThat(names).hasSize(23).isSortedAccordingTo((a, b) -> b.compareTo(a));

        Set<String> ids = new HashSet<>();
        String body = "{'schemas':['" + ListHandler.SEARCH_REQUEST + "'],'filter':'userName sw \\'cur.native.\\'',"
                + "'count':10,'cursor':'%s'}";
        cursor = "";
        int pages = 0;
        do {
            Res r = NATIVE.post("/.search", String.format(body, cursor).replace("\\'", "\\\""));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            r.json().path("Resources").forEach(u -> ids.add(u.path("id").asText()));
            cursor = r.json().path("nextCursor").asText("");
            pages++;
        } while (!cursor.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(NATIVE_IDS);
    }

    @Test
    void invalidTamperedAndForeignCursorsAre400InvalidCursor() {
        assertInvalidCursor(NATIVE.get("/Users?cursor=not-a-cursor"));
        assertInvalidCursor(NATIVE.get("/Users?cursor=" + enc("%%%")));
        String valid = NATIVE.get("/Users?count=2&cursor=").json().path("nextCursor").asText();
        assertThat(NATIVE.get("/Users?count=2&cursor=" + valid).status()).isEqualTo(200);
        char last = valid.charAt(valid.length() / 2);
        String tampered = valid.substring(0, valid.length() / 2) + (last == 'A' ? 'B' : 'A')
                + valid.substring(valid.length() / 2 + 1);
        assertInvalidCursor(NATIVE.get("/Users?count=2&cursor=" + tampered));
        // bound to its query: another filter, another sort, another endpoint, another server
        assertInvalidCursor(NATIVE.get("/Users?count=2&filter=" + enc("userName pr") + "&cursor=" + valid));
        assertInvalidCursor(NATIVE.get("/Users?count=2&sortBy=userName&cursor=" + valid));
        assertInvalidCursor(NATIVE.get("/Groups?count=2&cursor=" + valid));
        assertInvalidCursor(PLAIN.get("/Users?count=2&cursor=" + valid));
        // a server cursor is not a provider cursor
        String sorted = NATIVE.get("/Users?count=2&sortBy=userName&cursor=").json().path("nextCursor").asText();
        assertThat(NATIVE.get("/Users?count=2&sortBy=userName&cursor=" + sorted).status()).isEqualTo(200);
        assertInvalidCursor(NATIVE.get("/Users?count=2&sortBy=userName&sortOrder=descending&cursor=" + sorted));
    }

    static void assertInvalidCursor(Res r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
        assertThat(r.json().path("scimType").asText()).isEqualTo("invalidCursor");
    }

    @Test
    void cursorAndStartIndexTogetherAre400() {
        Res r = NATIVE.get("/Users?startIndex=1&cursor=");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("scimType").asText()).isEqualTo("invalidValue");
        Res body = NATIVE.post("/Users/.search", "{'schemas':['" + ListHandler.SEARCH_REQUEST
                + "'],'startIndex':2,'cursor':''}");
        assertThat(body.status()).isEqualTo(400);
    }

    @Test
    void indexPaginationIsUnchanged() {
        Res r = NATIVE.get("/Users?filter=" + enc("userName sw \"cur.native.\"") + "&startIndex=3&count=4");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("startIndex").asInt()).isEqualTo(3);
        assertThat(r.json().path("totalResults").asInt()).isEqualTo(23);
        assertThat(r.json().path("Resources").size()).isEqualTo(4);
        assertThat(r.json().has("nextCursor")).isFalse();
    }

    @Test
    void expiredCursorsAre400ExpiredCursor() throws Exception {
        try (HttpFixture f = new HttpFixture(b -> b.cursorTimeout(Duration.ofMillis(300)))) {
            f.user("exp.a");
            f.user("exp.b");
            String next = f.get("/Users?count=1&cursor=").json().path("nextCursor").asText();
            assertThat(f.get("/Users?count=1&cursor=" + next).status()).isEqualTo(200);
            Thread.sleep(700);
            Res r = f.get("/Users?count=1&cursor=" + next);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("scimType").asText()).isEqualTo("expiredCursor");
        }
    }

    @Test
    void serviceProviderConfigAdvertisesPagination() {
        JsonNode p = NATIVE.get("/ServiceProviderConfig").json().path("pagination");
        assertThat(p.path("cursor").asBoolean()).isTrue();
        assertThat(p.path("index").asBoolean()).isTrue();
        assertThat(p.path("defaultPaginationMethod").asText()).isEqualTo("index");
        assertThat(p.path("defaultPageSize").asInt()).isEqualTo(1000);
        assertThat(p.path("maxPageSize").asInt()).isEqualTo(1000);
        assertThat(p.path("cursorTimeout").asLong()).isEqualTo(3600);
        JsonNode schema = NATIVE.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig").json();
        List<String> names = new ArrayList<>();
        schema.path("attributes").forEach(a -> names.add(a.path("name").asText()));
        assertThat(names).contains("pagination");
    }

    /** Delegates everything but {@link ResourceProvider#supportsCursor()} (left at its default, false). */
    static final class Delegating implements ResourceProvider {
        private final ResourceProvider inner;

        Delegating(ResourceProvider inner) {
            this.inner = inner;
        }

        @Override
        public ResourceTypeDefinition resourceType() {
            return inner.resourceType();
        }

        @Override
        public ScimResource create(ScimResource resource, RequestContext context) {
            return inner.create(resource, context);
        }

        @Override
        public Optional<ScimResource> get(String id, RequestContext context) {
            return inner.get(id, context);
        }

        @Override
        public ScimResource update(ResourceUpdate update, RequestContext context) {
            return inner.update(update, context);
        }

        @Override
        public void delete(String id, RequestContext context) {
            inner.delete(id, context);
        }

        @Override
        public QueryResult query(ResourceQuery query, RequestContext context) {
            assertThat(query.cursorPaged()).isFalse();
            return inner.query(query, context);
        }
    }
}
