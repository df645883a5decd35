package io.scimlab.core.http;

/**
 * The deadline of a connection's current blocking read or write, as {@link System#nanoTime()}. Armed only while
 * the connection's thread waits on its socket; the server's watchdog closes the socket of a connection whose
 * armed deadline has passed, which ends the blocked call with an exception. Java's blocking socket writes have
 * no time limit of their own, and a read's {@code SO_TIMEOUT} restarts with every byte, so a client trickling one
 * byte a second would never time out: one absolute deadline, enforced from outside, covers both.
 */
final class Watch {
    static final long NONE = Long.MAX_VALUE;

    private volatile long until = NONE;

    void arm(long deadline) {
        until = deadline;
    }

    void disarm() {
        until = NONE;
    }

    boolean expired(long now) {
        long u = until;
        return u != NONE && now - u > 0;
    }
}
