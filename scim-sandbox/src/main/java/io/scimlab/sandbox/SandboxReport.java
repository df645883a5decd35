package io.scimlab.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.scimlab.gitlab.report.AccessReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's access report endpoint: {@code GET /_report?format=csv} (or {@code jsonl}, the default) on
 * 127.0.0.1 answers the bridge's {@link AccessReport}, streamed while GitLab's pages arrive. It has its own bearer
 * token, which is none of the SCIM, GitLab and admin tokens: a reviewer may read who has access without being able
 * to provision or inject faults. Errors are SCIM error documents (401 without the right token, 400 for an unknown
 * format, 404, 405); a GitLab failure after the first row drops the connection, so a cut report never looks whole.
 */
final class SandboxReport implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    private final Supplier<AccessReport> report;
    private final LoopbackEndpoint endpoint;

    private SandboxReport(Supplier<AccessReport> report, int port, String token) {
        this.report = report;
        this.endpoint = LoopbackEndpoint.bind("/_report", port, token, "scim-sandbox-report");
    }

    /** Starts the endpoint on 127.0.0.1 ({@code port} 0: a free one). */
    static SandboxReport start(Supplier<AccessReport> report, int port, String token) {
        SandboxReport started = new SandboxReport(report, port, token);
        started.endpoint.serve(started::handle);
        return started;
    }

    /** The endpoint's URL, e.g. {@code http://127.0.0.1:8082/_report}. */
    String url() {
        return endpoint.url();
    }

    /** The formats, by the {@code format} parameter or a file's extension. */
    enum Format {
        CSV("text/csv; charset=utf-8"),
        JSON_LINES("application/x-ndjson; charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        long write(AccessReport r, Writer out) throws IOException {
            return this == CSV ? r.writeCsv(out) : r.writeJsonLines(out);
        }

        static Format ofFile(Path file) {
            return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
                    .endsWith(".csv") ? CSV : JSON_LINES;
        }
    }

    /** Writes the report to a file ({@code -}: standard output), in the format its extension names. */
    static long writeTo(AccessReport report, Path file) throws IOException {
        Format format = Format.ofFile(file);
        if (file.toString().equals("-")) {
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            return format.write(report, out);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return format.write(report, out);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        if (!endpoint.authorized(x.getRequestHeaders().getFirst("Authorization"))) {
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"scimlab-report\"");
            error(x, 401, null, "the report token is missing or wrong (it is not the SCIM, GitLab or admin token)");
            return;
        }
        if (!x.getRequestURI().getPath().equals("/_report")) {
            error(x, 404, null, "no such resource; the report is at /_report");
            return;
        }
        if (!x.getRequestMethod().equals("GET")) {
            x.getResponseHeaders().set("Allow", "GET");
            error(x, 405, null, "the report is read with GET");
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        String format = "jsonl";
        if (query != null) {
            for (String p : query.split("&", -1)) {
                if (p.startsWith("format=")) {
                    format = p.substring("format=".length());
                }
            }
        }
        @Nullable Format f = switch (format) {
            case "csv" -> Format.CSV;
            case "jsonl", "json-lines", "ndjson" -> Format.JSON_LINES;
            default -> null;
        };
        if (f == null) {
            error(x, 400, "invalidValue", "format must be csv or jsonl");
            return;
        }
        x.getResponseHeaders().set("Content-Type", f.contentType);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        OutputStream body = x.getResponseBody();
        try {
            f.write(report.get(), new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            // The status is sent: dropping the connection (the handler's exception) tells the client the report is
            // cut, where a closed chunked body would look complete.
            System.err.println("scim-sandbox: the access report failed: " + e.getClass().getSimpleName());
            throw e;
        }
        x.close();
    }

    private static void error(HttpExchange x, int status, @Nullable String scimType, String detail) throws IOException {
        try (x) {
            ObjectNode e = JSON.createObjectNode();
            e.putArray("schemas").add(ERROR);
            if (scimType != null) {
                e.put("scimType", scimType);
            }
            e.put("detail", detail);
            e.put("status", Integer.toString(status));
            byte[] bytes = JSON.writeValueAsBytes(e);
            x.getResponseHeaders().set("Content-Type", "application/scim+json");
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public String toString() {
        return "SandboxReport[" + url() + ", token=****]";
    }
}
