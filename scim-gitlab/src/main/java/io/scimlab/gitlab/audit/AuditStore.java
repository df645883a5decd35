package io.scimlab.gitlab.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A durable, tamper-evident {@link AuditSink}: an append-only trail whose events are numbered without gaps and
 * hash-chained ({@link AuditChain}), with queries and exports. The JDBC implementation is
 * {@code JdbcStorage.auditStore()}; give it to {@code GitLabBridge.Builder.auditSink}.
 *
 * <p>{@link #verify()} finds an edited event, a deleted event and a reordering, naming the first broken link;
 * events removed from the end together with the store's own head record are found only by
 * {@link #verify(AuditHead)} with a head recorded elsewhere earlier. A rewrite of the whole chain from some event
 * on, hashes recomputed, is likewise found only against an external head. Queries return what is stored: verify
 * first when the answer must stand up as evidence.
 */
public interface AuditStore extends AuditSink {
    /**
     * Appends an event: it gets the next sequence number and its chain hash, atomically with respect to every other
     * appender of the trail (other threads, other replicas on the same database).
     *
     * @param event the event
     * @throws RuntimeException when it cannot be stored (the store's exception type)
     */
    @Override
    void record(AuditEvent event);

    /**
     * The trail's name: each trail is a chain of its own.
     *
     * @return the name
     */
    String trail();

    /**
     * The end of the chain now, to record outside the database.
     *
     * @return the last event's sequence number and hash ({@link AuditHead#empty()} for an empty trail)
     */
    AuditHead head();

    /**
     * Walks the whole chain, recomputing every hash, and checks its end against the store's head record.
     *
     * @return the result, naming the first broken link if any
     */
    AuditVerification verify();

    /**
     * {@link #verify()}, and also checks that the chain still contains {@code expected} (a head recorded earlier,
     * outside the database) with the same hash: that finds events deleted from the end, and a chain rewritten from
     * before that head on.
     *
     * @param expected a head recorded earlier
     * @return the result, naming the first broken link if any
     */
    AuditVerification verify(AuditHead expected);

    /**
     * One page of events.
     *
     * @param query the filters, order, cursor and page size
     * @return the page, with the query for the next one
     */
    AuditPage query(AuditQuery query);

    /**
     * Writes every event the query matches, page after page from its cursor on, holding one page in memory.
     *
     * @param query  the filters and order; its page size is the batch size
     * @param format the format
     * @param out    where to write; flushed, not closed
     * @return how many events were written
     * @throws IOException when writing fails
     */
    default long export(AuditQuery query, AuditFormat format, Writer out) throws IOException {
        Objects.requireNonNull(format, "format");
        AuditExport export = new AuditExport(format, Objects.requireNonNull(out, "out"));
        export.header();
        long n = 0;
        for (Optional<AuditQuery> q = Optional.of(query); q.isPresent(); ) {
            AuditPage page = query(q.get());
            for (AuditRecord r : page.records()) {
                export.write(r);
                n++;
            }
            q = page.next();
        }
        out.flush();
        return n;
    }

    /**
     * {@link #export(AuditQuery, AuditFormat, Writer)} as UTF-8 bytes.
     *
     * @param query  the filters and order
     * @param format the format
     * @param out    where to write; flushed, not closed
     * @return how many events were written
     * @throws IOException when writing fails
     */
    default long export(AuditQuery query, AuditFormat format, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(Objects.requireNonNull(out, "out"),
                StandardCharsets.UTF_8));
        return export(query, format, w);
    }
}
