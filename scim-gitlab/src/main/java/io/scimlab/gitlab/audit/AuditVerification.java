package io.scimlab.gitlab.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditStore#verify()} found.
 *
 * @param eventsChecked how many events the walk recomputed
 * @param lastChecked   the last event the walk reached with an intact chain (sequence and stored hash), the empty
 *                      head when none
 * @param firstBreak    the first broken link, empty when the chain is intact
 */
public record AuditVerification(long eventsChecked, AuditHead lastChecked, Optional<Break> firstBreak) {
    /**
     * Checks the components.
     *
     * @param eventsChecked events checked
     * @param lastChecked   last intact event
     * @param firstBreak    first break
     */
    public AuditVerification {
        Objects.requireNonNull(lastChecked, "lastChecked");
        Objects.requireNonNull(firstBreak, "firstBreak");
    }

    /**
     * Whether the chain is intact.
     *
     * @return true when no link is broken
     */
    public boolean intact() {
        return firstBreak.isEmpty();
    }

    /** What is wrong at a broken link. */
    public enum Problem {
        /** No event has this sequence number: it was deleted (or the events after the last one stored were). */
        MISSING,
        /** The stored event or its hash is not what was appended: a field was edited, or the hash was. */
        ALTERED,
        /**
         * The event at this sequence number does not have the hash a head names: the head kept by the store, or the
         * one given to {@link AuditStore#verify(AuditHead)}; the events from here on were rewritten.
         */
        HEAD_MISMATCH
    }

    /**
     * A broken link.
     *
     * @param sequence the sequence number where the chain breaks
     * @param problem  what is wrong there
     * @param detail   one sentence for a person
     */
    public record Break(long sequence, Problem problem, String detail) {
        /**
         * Checks the components.
         *
         * @param sequence sequence
         * @param problem  problem
         * @param detail   detail
         */
        public Break {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
