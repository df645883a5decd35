package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.testkit.gitlab.Wire.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GitLab's offset and keyset pagination headers. */
class PaginationTest {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static FakeGitLab fake;
    private static Wire wire;
    private static long group;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.builder().externalUrl("https://gitlab.example.com:8443").start();
        wire = new Wire(fake);
        group = fake.seedGroup("acme");
        fake.seedUsers("page", 7).forEach(id -> fake.seedMember(group, id, 30));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static String path(String link) {
        return link.replaceFirst("^https?://[^/]+", "");
    }

    @Test
    @DisplayName("lib/gitlab/pagination/offset_header_builder.rb: Link carries the external host and port, every "
            + "request parameter (the route's id too) sorted, and prev, next, first, last in that order")
    void offsetLinks() {
        Answer r = wire.get("/api/v4/groups/" + group + "/members?per_page=2&page=2");

        String link = r.header("Link").orElseThrow();
        String base = "http://gitlab.example.com:8443/api/v4/groups/" + group + "/members";
        assertThat(link).isEqualTo("<" + base + "?id=" + group + "&page=1&per_page=2>; rel=\"prev\", "
                + "<" + base + "?id=" + group + "&page=3&per_page=2>; rel=\"next\", "
                + "<" + base + "?id=" + group + "&page=1&per_page=2>; rel=\"first\", "
                + "<" + base + "?id=" + group + "&page=4&per_page=2>; rel=\"last\"");
        assertThat(link).doesNotContain("127.0.0.1");
        assertThat(r.header("x-total")).contains("7");
        assertThat(r.header("x-total-pages")).contains("4");
        assertThat(r.header("x-prev-page")).contains("1");
        assertThat(r.header("x-next-page")).contains("3");
        assertThat(r.json().get(0).path("web_url").asText()).startsWith("https://gitlab.example.com:8443/");
    }

    @Test
    @DisplayName("lib/gitlab/pagination/offset_pagination.rb: above 10,000 rows no totals and no last link")
    void noCountAboveTenThousand() {
        try (FakeGitLab big = FakeGitLab.selfManaged()) {
            for (int i = 0; i < 10_001; i++) {
                big.seedGroup("g" + i);
            }
            Answer r = new Wire(big).get("/api/v4/groups?per_page=100");
            assertThat(r.header("x-total")).isEmpty();
            assertThat(r.header("x-total-pages")).isEmpty();
            assertThat(r.header("Link").orElseThrow()).contains("rel=\"next\"").doesNotContain("rel=\"last\"");
        }
    }

    @Test
    @DisplayName("lib/api/users.rb reorder_users + PaginationParams: /users is id-descending by default; per_page is "
            + "capped at 100; only a non-integer per_page is refused")
    void usersOrderAndPerPage() {
        JsonNode users = wire.get("/api/v4/users").json();
        assertThat(users.get(0).path("id").asLong()).isGreaterThan(users.get(1).path("id").asLong());
        assertThat(wire.get("/api/v4/users?per_page=500").header("x-per-page")).contains("100");
        assertThat(wire.get("/api/v4/users?per_page=abc").text()).isEqualTo("{\"error\":\"per_page is invalid\"}");
        // No range check in GitLab; Kaminari limits to nothing for 0 and ignores a negative value.
        assertThat(wire.get("/api/v4/users?per_page=0").json().size()).isZero();
        assertThat(wire.get("/api/v4/users?per_page=-3").header("x-per-page")).contains("20");
        assertThat(wire.get("/api/v4/users?order_by=email").text())
                .isEqualTo("{\"error\":\"order_by does not have a valid value\"}");
        JsonNode byName = wire.get("/api/v4/users?order_by=username&sort=asc").json();
        assertThat(byName.get(0).path("username").asText()).isEqualTo("page1");
    }

    @Test
    @DisplayName("lib/gitlab/pagination/keyset/header_builder.rb: keyset pages only link rel=next, external host")
    void keysetUsers() {
        List<String> seen = new ArrayList<>();
        String next = "/api/v4/users?pagination=keyset&order_by=username&sort=asc&per_page=3";
        int pages = 0;
        while (next != null) {
            Answer r = wire.get(next);
            r.json().forEach(u -> seen.add(u.path("username").asText()));
            assertThat(r.header("x-total")).isEmpty();
            String link = r.header("Link").orElse("");
            Matcher m = NEXT.matcher(link);
            next = m.find() ? path(m.group(1)) : null;
            if (next != null) {
                assertThat(link).startsWith("<http://gitlab.example.com:8443/").doesNotContain("rel=\"first\"");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page1", "page2", "page3", "page4", "page5", "page6", "page7", "root");
        JsonNode byIdDesc = wire.get("/api/v4/users?pagination=keyset&per_page=2").json();
        assertThat(byIdDesc.get(0).path("id").asLong()).isGreaterThan(byIdDesc.get(1).path("id").asLong());
    }

    @Test
    @DisplayName("lib/gitlab/pagination/cursor_based_keyset.rb: audit events page by keyset only newest first; "
            + "ascending is 405")
    void auditEventsKeyset() {
        for (int i = 0; i < 3; i++) {
            wire.post("/api/v4/groups", "{\"name\":\"ev" + i + "\",\"path\":\"ev" + i + "\"}");
        }
        Answer desc = wire.get("/api/v4/audit_events?pagination=keyset&order_by=id&sort=desc&per_page=2");
        assertThat(desc.status()).isEqualTo(200);
        assertThat(desc.json().get(0).path("id").asLong()).isGreaterThan(desc.json().get(1).path("id").asLong());
        assertThat(desc.header("Link").orElseThrow()).contains("rel=\"next\"", "cursor=");
        Answer asc = wire.get("/api/v4/audit_events?pagination=keyset&order_by=id&sort=asc");
        assertThat(asc.status()).isEqualTo(405);
        assertThat(asc.text())
                .isEqualTo("{\"error\":\"Keyset pagination is not yet available for this type of request\"}");
        JsonNode offset = wire.get("/api/v4/audit_events").json();
        assertThat(offset.get(0).path("id").asLong()).isGreaterThan(offset.get(1).path("id").asLong());
    }
}
