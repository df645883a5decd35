package io.scimlab.gitlab.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.stream.Collectors;

/** Writes {@link AuditRecord}s in an {@link AuditFormat}, one at a time (an export never holds more than a page). */
final class AuditExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("trail", "sequence", "time", "correlationId", "principal",
            "operation", "method", "path", "before", "after", "outcome", "detail", "scimUserIds", "scimGroupId",
            "gitlabUserIds", "gitlabPath", "hash");

    private final AuditFormat format;
    private final Writer out;

    AuditExport(AuditFormat format, Writer out) {
        this.format = format;
        this.out = out;
    }

    void header() throws IOException {
        if (format == AuditFormat.CSV) {
            row(COLUMNS);
        }
    }

    void write(AuditRecord r) throws IOException {
        if (format == AuditFormat.JSON_LINES) {
            try {
                out.write(JSON.writeValueAsString(r.toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write an audit record as JSON", e);
            }
            out.write('\n');
            return;
        }
        AuditEvent e = r.event();
        row(List.of(r.trail(), Long.toString(r.sequence()), e.time().toString(), e.correlationId(), e.principal(),
                e.operation(), e.method(), e.path(), e.before().orElse(""), e.after().orElse(""), e.outcome().name(),
                e.detail().orElse(""), String.join(" ", e.scimUserIds()), e.scimGroupId().orElse(""),
                e.gitlabUserIds().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                e.gitlabPath().orElse(""), r.hash()));
    }

    private void row(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(csvCell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One CSV cell (see {@link AuditFormat#csvCell}). */
    static String csvCell(String value) {
        return AuditFormat.csvCell(value);
    }
}
