package io.scimlab.gitlab.audit;

import java.util.Objects;

/**
 * The end of an audit trail's hash chain: the last event's sequence number and hash. Record it outside the
 * database (a ticket, a log shipped elsewhere, a signed note) from time to time: {@link AuditStore#verify(AuditHead)}
 * then also detects the removal of the events after it, which the chain alone cannot show.
 *
 * @param sequence the last event's sequence number, 0 for an empty trail
 * @param hash     its hash, {@link AuditChain#GENESIS} for an empty trail
 */
public record AuditHead(long sequence, String hash) {
    /**
     * Checks the components.
     *
     * @param sequence sequence
     * @param hash     hash
     */
    public AuditHead {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * The head of an empty trail.
     *
     * @return sequence 0 with {@link AuditChain#GENESIS}
     */
    public static AuditHead empty() {
        return new AuditHead(0, AuditChain.GENESIS);
    }
}
