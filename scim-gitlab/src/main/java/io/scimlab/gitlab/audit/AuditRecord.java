package io.scimlab.gitlab.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An event as an {@link AuditStore} holds it: its place in the trail and its chain hash.
 *
 * @param trail    the trail's name
 * @param sequence the event's number in the trail: 1, 2, 3, ... without gaps
 * @param event    the event
 * @param hash     its chain hash (see {@link AuditChain}), 64 lowercase hex digits
 */
public record AuditRecord(String trail, long sequence, AuditEvent event, String hash) {
    /**
     * Checks the components.
     *
     * @param trail    trail
     * @param sequence sequence
     * @param event    event
     * @param hash     hash
     */
    public AuditRecord {
        Objects.requireNonNull(trail, "trail");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1");
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * The record as one JSON object, the line format of {@link AuditFormat#JSON_LINES}: {@code trail},
     * {@code sequence} and {@code hash}, then the fields of {@link AuditEvent#toJson()}.
     *
     * @return the JSON
     */
    public ObjectNode toJson() {
        ObjectNode n = event.toJson();
        ObjectNode out = n.objectNode().put("trail", trail).put("sequence", sequence).put("hash", hash);
        out.setAll(n);
        return out;
    }
}
