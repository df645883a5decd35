package io.scimlab.gitlab.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hash chain of a tamper-evident audit trail ({@link AuditStore}): event {@code n} of a trail is stored with
 * {@code hash(n) = SHA-256(canonical(trail, n, hash(n - 1), event))}, starting from {@link #GENESIS}. Editing a
 * stored event changes its hash, and deleting or reordering events breaks the link to the next one, so a walk over
 * the chain finds the first broken link; only the last events can be removed without a trace, and an external copy
 * of the {@link AuditHead} catches that too.
 *
 * <p>The canonical form, version {@value #FORMAT}, is specified here so that anyone can check an export with their
 * own code. It is the UTF-8 text {@code "scimlab-audit 1\n"} followed by these values in this order: the trail
 * name, the sequence number (decimal), the previous hash (64 lowercase hex digits), the time (UTC,
 * {@code uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'}: always nine fraction digits), the correlation id, the principal, the
 * operation, the method, the path, before (optional), after (optional), the outcome (its name), detail (optional),
 * the SCIM user ids (list), the SCIM group id (optional), the GitLab user ids (list, decimal), the GitLab path
 * (optional). A value is written as its length in UTF-8 bytes (decimal), {@code ':'}, the value and {@code '\n'}; an
 * absent optional value as {@code "-\n"}; a list as {@code '#'}, its size (decimal) and {@code '\n'}, followed by
 * its values. The hash is the SHA-256 of those bytes, as 64 lowercase hex digits. Lengths make the form
 * unambiguous whatever the values contain; a later format gets a new version number, stored with each event.
 */
public final class AuditChain {
    /** The version of the canonical form this class computes. */
    public static final int FORMAT = 1;
    /** The "previous hash" of a trail's first event: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /**
     * The hash of an event at a place in a trail (canonical form version {@value #FORMAT}).
     *
     * @param trail        the trail's name
     * @param sequence     the event's sequence number, from 1
     * @param previousHash the previous event's hash, {@link #GENESIS} for the first
     * @param event        the event
     * @return 64 lowercase hex digits
     */
    public static String hash(String trail, long sequence, String previousHash, AuditEvent event) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(trail, sequence, previousHash,
                    event)));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }

    /** The canonical bytes (see the class comment). */
    static byte[] canonical(String trail, long sequence, String previousHash, AuditEvent event) {
        Objects.requireNonNull(trail, "trail");
        Objects.requireNonNull(previousHash, "previousHash");
        StringBuilder b = new StringBuilder(256).append("scimlab-audit ").append(FORMAT).append('\n');
        value(b, trail);
        value(b, Long.toString(sequence));
        value(b, previousHash);
        value(b, time(event.time()));
        value(b, event.correlationId());
        value(b, event.principal());
        value(b, event.operation());
        value(b, event.method());
        value(b, event.path());
        optional(b, event.before());
        optional(b, event.after());
        value(b, event.outcome().name());
        optional(b, event.detail());
        list(b, event.scimUserIds());
        optional(b, event.scimGroupId());
        list(b, event.gitlabUserIds().stream().map(String::valueOf).toList());
        optional(b, event.gitlabPath());
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A time in the canonical form: UTC with nine fraction digits, so the text has one width and sorts as time.
     *
     * @param time the time
     * @return the text, e.g. {@code 2026-11-28T10:00:00.000000000Z}
     */
    public static String time(Instant time) {
        return TIME.format(time);
    }

    private static void value(StringBuilder b, String s) {
        b.append(s.getBytes(StandardCharsets.UTF_8).length).append(':').append(s).append('\n');
    }

    private static void optional(StringBuilder b, Optional<String> s) {
        if (s.isPresent()) {
            value(b, s.get());
        } else {
            b.append("-\n");
        }
    }

    private static void list(StringBuilder b, List<String> values) {
        b.append('#').append(values.size()).append('\n');
        values.forEach(v -> value(b, v));
    }
}
