package io.scimlab.gitlab.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an {@link AuditStore#query}.
 *
 * @param records the events, in the query's order
 * @param next    the query for the following page, empty when this is the last
 */
public record AuditPage(List<AuditRecord> records, Optional<AuditQuery> next) {
    /**
     * Checks and copies.
     *
     * @param records records
     * @param next    next
     */
    public AuditPage {
        records = List.copyOf(records);
        Objects.requireNonNull(next, "next");
    }
}
