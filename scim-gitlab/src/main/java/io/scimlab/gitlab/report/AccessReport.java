package io.scimlab.gitlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Who can do what in GitLab, and why: for a reviewer (SOC 2, ISO 27001 access reviews). Each call walks GitLab
 * afresh and hands out {@link AccessRow}s while GitLab's pages arrive, so a report of any size is written in bounded
 * memory (what the bridge holds anyway: its users, groups and membership markers) with one GitLab request per page
 * of members.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("access.csv"))) {
 *     bridge.accessReport().writeCsv(out);
 * }
 * }</pre>
 *
 * <p>What it covers: the direct members of every GitLab group and project the role mapping names (by an entry, or
 * by a rule for a stored SCIM group) or the bridge holds a membership in, each row {@link AccessRow.Kind#MANAGED},
 * {@link AccessRow.Kind#MANUAL}, {@link AccessRow.Kind#DRIFT} or {@link AccessRow.Kind#DEACTIVATED}; a
 * {@link AccessRow.Kind#MISSING_TARGET} row for each such group or project GitLab does not have; then every service
 * account with the tokens ScimLab issued for it. Access inherited from a parent group is not repeated in each
 * subgroup and project: the parent's rows show it.
 *
 * <p>Two formats: {@link #writeJsonLines JSON lines} (one object per row, for {@code jq} and log pipelines) and
 * {@link #writeCsv CSV} (RFC 4180, formula-safe). No token value appears in either.
 */
public final class AccessReport {
    /** The CSV header, in column order. */
    public static final List<String> CSV_COLUMNS = List.of("kind", "gitlabUserId", "username", "scimUserId",
            "targetType", "target", "accessLevel", "memberRoleId", "expiresAt", "grantedBy", "since", "tokenId",
            "detail");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the rows come from: {@code GitLabBridge.accessReport()} reads GitLab and the bridge's store. */
    @FunctionalInterface
    public interface Rows {
        /**
         * Produces every row, in report order, to {@code sink}, reading GitLab as it goes.
         *
         * @param sink receives each row; an exception it throws ends the walk
         */
        void forEach(Consumer<? super AccessRow> sink);
    }

    private final Rows rows;

    private AccessReport(Rows rows) {
        this.rows = rows;
    }

    /**
     * A report over a source of rows.
     *
     * @param rows the source
     * @return the report
     */
    public static AccessReport of(Rows rows) {
        return new AccessReport(Objects.requireNonNull(rows, "rows"));
    }

    /**
     * Walks the report, row by row.
     *
     * @param action receives each row
     * @throws io.scimlab.gitlab.api.GitLabException when GitLab fails (a missing group or project is a row instead)
     */
    public void forEach(Consumer<? super AccessRow> action) {
        rows.forEach(Objects.requireNonNull(action, "action"));
    }

    /**
     * Writes the report as JSON lines: one object per row, lines ending in {@code \n}; absent values left out,
     * {@code grantedBy} an array of {@code {scimGroupId, scimGroup, mapping, accessLevel}}.
     *
     * @param out where to write; flushed, not closed
     * @return how many rows were written
     * @throws IOException when writing fails
     */
    public long writeJsonLines(Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        return write(out, row -> {
            try {
                out.write(JSON.writeValueAsString(toJson(row)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write an access row as JSON", e);
            }
            out.write('\n');
        });
    }

    /**
     * {@link #writeJsonLines(Writer)} as UTF-8.
     *
     * @param out where to write; flushed, not closed
     * @return how many rows were written
     * @throws IOException when writing fails
     */
    public long writeJsonLines(OutputStream out) throws IOException {
        return writeJsonLines(utf8(out));
    }

    /**
     * Writes the report as CSV with the header {@link #CSV_COLUMNS}: rows end in CRLF, absent values are empty,
     * {@code grantedBy} lists {@code SCIM group "Name": level by entry or rule} separated by {@code "; "}. Cells are
     * formula-safe and quoted as {@link AuditFormat#csvCell} says.
     *
     * @param out where to write; flushed, not closed
     * @return how many rows were written (the header not counted)
     * @throws IOException when writing fails
     */
    public long writeCsv(Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        csvRow(out, CSV_COLUMNS);
        return write(out, row -> csvRow(out, cells(row)));
    }

    /**
     * {@link #writeCsv(Writer)} as UTF-8.
     *
     * @param out where to write; flushed, not closed
     * @return how many rows were written
     * @throws IOException when writing fails
     */
    public long writeCsv(OutputStream out) throws IOException {
        return writeCsv(utf8(out));
    }

    private static Writer utf8(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8));
    }

    /** One row's output; may fail with an IOException. */
    private interface RowWriter {
        void write(AccessRow row) throws IOException;
    }

    private long write(Writer out, RowWriter writer) throws IOException {
        long[] n = {0};
        try {
            rows.forEach(row -> {
                try {
                    writer.write(row);
                } catch (IOException e) {
                    // The walk takes a Consumer: carried out, and unwrapped below.
                    throw new UncheckedIOException(e);
                }
                n[0]++;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return n[0];
    }

    private static void csvRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(AuditFormat.csvCell(cells.get(i)));
        }
        out.write("\r\n");
    }

    private static String level(AccessLevel l) {
        return l.name().toLowerCase(Locale.ROOT);
    }

    static List<String> cells(AccessRow r) {
        return List.of(r.kind().name(), r.gitlabUserId().isPresent() ? Long.toString(r.gitlabUserId().getAsLong())
                : "", r.username(), r.scimUserId().orElse(""),
                r.target().map(t -> t.kind().name().toLowerCase(Locale.ROOT)).orElse(""),
                r.target().map(t -> t.fullPath()).orElse(""), r.accessLevel().map(AccessReport::level).orElse(""),
                r.memberRoleId().map(String::valueOf).orElse(""), r.expiresAt().map(String::valueOf).orElse(""),
                r.grantedBy().stream().map(g -> "SCIM group \"" + g.scimGroupName() + "\": " + level(g.accessLevel())
                        + " by " + g.mapping()).collect(Collectors.joining("; ")),
                r.since().map(String::valueOf).orElse(""),
                r.tokenId().isPresent() ? Long.toString(r.tokenId().getAsLong()) : "", r.detail());
    }

    static ObjectNode toJson(AccessRow r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", r.kind().name());
        r.gitlabUserId().ifPresent(id -> o.put("gitlabUserId", id));
        if (!r.username().isEmpty()) {
            o.put("username", r.username());
        }
        r.scimUserId().ifPresent(id -> o.put("scimUserId", id));
        r.target().ifPresent(t -> {
            o.put("targetType", t.kind().name().toLowerCase(Locale.ROOT));
            o.put("target", t.fullPath());
        });
        r.accessLevel().ifPresent(l -> o.put("accessLevel", level(l)));
        r.memberRoleId().ifPresent(id -> o.put("memberRoleId", id));
        r.expiresAt().ifPresent(d -> o.put("expiresAt", d.toString()));
        if (!r.grantedBy().isEmpty()) {
            ArrayNode a = o.putArray("grantedBy");
            r.grantedBy().forEach(g -> a.addObject().put("scimGroupId", g.scimGroupId())
                    .put("scimGroup", g.scimGroupName()).put("mapping", g.mapping())
                    .put("accessLevel", level(g.accessLevel())));
        }
        r.since().ifPresent(t -> o.put("since", t.toString()));
        r.tokenId().ifPresent(id -> o.put("tokenId", id));
        o.put("detail", r.detail());
        return o;
    }

    @Override
    public String toString() {
        return "AccessReport";
    }
}
