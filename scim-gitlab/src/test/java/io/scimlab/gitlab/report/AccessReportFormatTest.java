package io.scimlab.gitlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.testsupport.Csv;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The access report's two formats: hostile values stay data (CSV quoting, OWASP formula prefix), JSON round-trips. */
class AccessReportFormatTest {
    private static final String GROUP = "Ops, \"core\"\nteam";

    private static AccessRow row(String username, String detail) {
        return new AccessRow(AccessRow.Kind.MANUAL, OptionalLong.of(7), username, Optional.of("7"),
                Optional.of(MemberSource.project("acme/api")), Optional.of(AccessLevel.DEVELOPER), Optional.of(3L),
                Optional.of(LocalDate.of(2027, 1, 31)), List.of(new AccessRow.GrantedBy("g1", GROUP,
                        "entry 1 (displayName \"" + GROUP + "\")", AccessLevel.DEVELOPER)), Optional.empty(),
                OptionalLong.empty(), detail);
    }

    private static final List<AccessRow> ROWS = List.of(row("=cmd|' /C calc'!A0", "-2+3"), row("+sum", "@SUM(A1)"),
            row("\tx", "\rline"), row("plain", "a,b"));

    @Test
    void csvCellsAreQuotedAndFormulasNeutralised() throws IOException {
        StringWriter out = new StringWriter();
        long n = AccessReport.of(ROWS::forEach).writeCsv(out);
        assertThat(n).isEqualTo(4);
        List<List<String>> table = Csv.parse(out.toString());
        assertThat(table).hasSize(5);
        assertThat(table.get(0)).isEqualTo(AccessReport.CSV_COLUMNS);
        int username = AccessReport.CSV_COLUMNS.indexOf("username");
        int detail = AccessReport.CSV_COLUMNS.indexOf("detail");
        int grantedBy = AccessReport.CSV_COLUMNS.indexOf("grantedBy");
        assertThat(table.subList(1, 5)).extracting(r -> r.get(username))
                .containsExactly("'=cmd|' /C calc'!A0", "'+sum", "'\tx", "plain");
        assertThat(table.subList(1, 5)).extracting(r -> r.get(detail)).containsExactly("'-2+3", "'@SUM(A1)",
                "'\rline", "a,b");
        // The comma, the quotes and the line break of the group's name come back as they were, in one cell.
        assertThat(table.get(1).get(grantedBy)).isEqualTo("SCIM group \"" + GROUP + "\": developer by entry 1 "
                + "(displayName \"" + GROUP + "\")");
        assertThat(table.get(1)).hasSize(AccessReport.CSV_COLUMNS.size());
        assertThat(table.get(1).get(AccessReport.CSV_COLUMNS.indexOf("targetType"))).isEqualTo("project");
        assertThat(table.get(1).get(AccessReport.CSV_COLUMNS.indexOf("expiresAt"))).isEqualTo("2027-01-31");
        assertThat(out.toString()).contains("\r\n");
    }

    @Test
    void jsonLinesAreOneObjectPerRowWithTheValuesAsGiven() throws IOException {
        StringWriter out = new StringWriter();
        AccessReport.of(ROWS::forEach).writeJsonLines(out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(4);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.path("username").asText()).isEqualTo("=cmd|' /C calc'!A0");
        assertThat(first.path("grantedBy").get(0).path("scimGroup").asText()).isEqualTo(GROUP);
        assertThat(first.path("targetType").asText()).isEqualTo("project");
        assertThat(first.has("since")).as("absent values are left out").isFalse();
    }

    @Test
    void aFailingWriterStopsTheWalkWithItsIOException() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        int[] produced = {0};
        AccessReport report = AccessReport.of(sink -> ROWS.forEach(r -> {
            produced[0]++;
            sink.accept(r);
        }));
        assertThatThrownBy(() -> report.writeJsonLines(broken)).isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThat(produced[0]).isEqualTo(1);
    }
}
