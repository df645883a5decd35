package io.scimlab.gitlab.state;

import java.time.Instant;
import java.util.Objects;

/**
 * A GitLab write the bridge started whose outcome it does not know yet: recorded before the request is sent, and
 * forgotten once GitLab's answer (success or refusal) says what happened. A record still present later means the
 * answer was lost (a dropped connection, a timeout, a failing confirmation read): GitLab may hold the change. The
 * IdP's retry then recognises what it finds in GitLab as the bridge's own write instead of someone else's.
 *
 * <p>A record is identified by {@code kind} and {@code key}, both chosen by the writer (the bridge uses kinds such as
 * {@code member} with the key {@code <user id> <group path>}); putting a record with the same kind and key replaces
 * the earlier one. Old records expire ({@link StateStore#removePendingBefore}).
 *
 * @param kind          what was written, e.g. {@code member}; at most {@value #MAX_KIND} characters
 * @param key           which resource, within the kind; at most {@value #MAX_KEY} characters
 * @param created       when the write was started
 * @param correlationId the correlation id of the SCIM request (or reconcile run) that started it; at most
 *                      {@value #MAX_CORRELATION_ID} characters (longer ones are cut)
 */
public record PendingWrite(String kind, String key, Instant created, String correlationId) {
    /** The longest {@code kind}. */
    public static final int MAX_KIND = 100;
    /** The longest {@code key}. */
    public static final int MAX_KEY = 500;
    /** The longest {@code correlationId} kept. */
    public static final int MAX_CORRELATION_ID = 255;

    /**
     * Checks the components; a correlation id longer than {@value #MAX_CORRELATION_ID} characters is cut (it comes
     * from the request and only serves the audit trail).
     *
     * @param kind          kind
     * @param key           key
     * @param created       created
     * @param correlationId correlation id
     * @throws IllegalArgumentException when the kind or key is blank or too long
     */
    public PendingWrite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(correlationId, "correlationId");
        if (kind.isBlank() || kind.length() > MAX_KIND) {
            throw new IllegalArgumentException("a pending write's kind must be 1 to " + MAX_KIND + " characters");
        }
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("a pending write's key must be 1 to " + MAX_KEY + " characters");
        }
        if (correlationId.length() > MAX_CORRELATION_ID) {
            correlationId = correlationId.substring(0, MAX_CORRELATION_ID);
        }
    }
}
