package io.scimlab.gitlab.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.testsupport.Csv;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** CSV cells are RFC 4180 and formula-safe; exports page through the store and hold one page at a time. */
class AuditExportTest {
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "plain|plain",
        "a,b|\"a,b\"",
        "say \"hi\"|\"say \"\"hi\"\"\"",
        "~line\nbreak~|~\"line\nbreak\"~",
        "~cr\rlf~|~\"cr\rlf\"~",
        "=1+2|'=1+2",
        "+1|'+1",
        "-1|'-1",
        "@SUM(A1)|'@SUM(A1)",
        "~\tx~|~'\tx~",
        "=HYPERLINK(\"x\"\\,\"y\")|\"'=HYPERLINK(\"\"x\"\"\\,\"\"y\"\")\"",
        "a=b|a=b",
        "~~|~~"})
    void cellsAreQuotedAndFormulaSafe(String value, String cell) {
        assertThat(AuditExport.csvCell(value.replace("\\,", ","))).isEqualTo(cell.replace("\\,", ","));
    }

    @Property(tries = 500)
    void everyCellReadsBackAsItsValue(@ForAll @StringLength(max = 12) @Chars({',', '"', '\n', '\r', '=', '+',
            '-', '@', '\t', ' '}) @CharRange(from = 'a', to = 'c') String value) {
        String expected = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        assertThat(Csv.parse(AuditExport.csvCell(value) + "\r\n")).containsExactly(List.of(expected));
    }

    @Test
    void anExportPagesThroughTheStoreOnePageAtATime() throws Exception {
        PagedStore store = new PagedStore(7);
        StringWriter out = new StringWriter();
        long n = store.export(AuditQuery.builder().pageSize(3).build(), AuditFormat.CSV, out);
        assertThat(n).isEqualTo(7);
        assertThat(store.asked).extracting(q -> q.after().isPresent() ? q.after().getAsLong() : 0L)
                .containsExactly(0L, 3L, 6L);
        assertThat(store.asked).allSatisfy(q -> assertThat(q.pageSize()).isEqualTo(3));
        List<List<String>> rows = Csv.parse(out.toString());
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0)).containsExactly("trail", "sequence", "time", "correlationId", "principal",
                "operation", "method", "path", "before", "after", "outcome", "detail", "scimUserIds", "scimGroupId",
                "gitlabUserIds", "gitlabPath", "hash");
        assertThat(rows.get(1)).containsExactly("t", "1", "2026-11-28T10:00:01Z", "c1", "okta", "op", "POST",
                "/api/v4/groups/acme%2Feng/members", "", "[1, 2] access_level=30", "SUCCESS", "", "1 2", "g", "11 12",
                "acme/eng", "h1");

        StringWriter lines = new StringWriter();
        assertThat(new PagedStore(2).export(AuditQuery.all(), AuditFormat.JSON_LINES, lines)).isEqualTo(2);
        assertThat(lines.toString()).isEqualTo("{\"trail\":\"t\",\"sequence\":1,\"hash\":\"h1\","
                + "\"time\":\"2026-11-28T10:00:01Z\",\"correlationId\":\"c1\",\"principal\":\"okta\","
                + "\"operation\":\"op\","
                + "\"method\":\"POST\",\"path\":\"/api/v4/groups/acme%2Feng/members\","
                + "\"after\":\"[1, 2] access_level=30\",\"outcome\":\"SUCCESS\",\"scimUserIds\":[\"1\",\"2\"],"
                + "\"scimGroupId\":\"g\",\"gitlabUserIds\":[11,12],\"gitlabPath\":\"acme/eng\"}\n"
                + "{\"trail\":\"t\",\"sequence\":2,\"hash\":\"h2\",\"time\":\"2026-11-28T10:00:02Z\","
                + "\"correlationId\":\"c2\",\"principal\":\"okta\",\"operation\":\"op\",\"method\":\"POST\","
                + "\"path\":\"/api/v4/groups/acme%2Feng/members\",\"after\":\"[1, 2] access_level=30\","
                + "\"outcome\":\"SUCCESS\",\"scimUserIds\":[\"1\",\"2\"],\"scimGroupId\":\"g\","
                + "\"gitlabUserIds\":[11,12],\"gitlabPath\":\"acme/eng\"}\n");
    }

    /** A store of {@code size} events that serves pages and remembers each query. */
    private static final class PagedStore implements AuditStore {
        final List<AuditQuery> asked = new ArrayList<>();
        private final long size;

        PagedStore(long size) {
            this.size = size;
        }

        @Override
        public AuditPage query(AuditQuery q) {
            asked.add(q);
            long from = q.after().orElse(0) + 1;
            List<AuditRecord> page = LongStream.range(from, Math.min(size + 1, from + q.pageSize()))
                    .mapToObj(i -> new AuditRecord("t", i, AuditEvent.builder()
                            .time(Instant.parse("2026-11-28T10:00:00Z").plusSeconds(i)).correlationId("c" + i)
                            .principal("okta").operation("op").method("POST").path("/api/v4/groups/acme%2Feng/members")
                            .after("[1, 2] access_level=30").outcome(AuditEvent.Outcome.SUCCESS)
                            .scimUserIds(List.of("1", "2")).scimGroupId("g").gitlabUserIds(List.of(11L, 12L))
                            .gitlabPath("acme/eng").build(), "h" + i)).toList();
            long last = from + page.size() - 1;
            return new AuditPage(page, last < size ? Optional.of(q.after(last)) : Optional.empty());
        }

        @Override
        public void record(AuditEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String trail() {
            return "t";
        }

        @Override
        public AuditHead head() {
            return AuditHead.empty();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditVerification verify(AuditHead expected) {
            throw new UnsupportedOperationException();
        }
    }
}
