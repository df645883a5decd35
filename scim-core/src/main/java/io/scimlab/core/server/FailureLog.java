package io.scimlab.core.server;

import io.scimlab.core.error.ScimException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the server logs the requests it answers with a 5xx.
 *
 * <p>A provider that says its backend is down or rate-limiting (a {@link ScimException} of 502, 503 or 504, as the
 * GitLab bridge throws during a GitLab outage) is an expected, operational condition: one WARNING line per request,
 * with its status, detail and correlation id and without a stack trace, and one summary line per minute while it
 * lasts. During an outage an IdP retries every few seconds, and a stack trace per request would bury everything else
 * in the log. Anything else, an unexpected exception or a deliberate 500, is a bug: ERROR with its stack trace, once.
 *
 * <p>The summary is written by the first request (failed or not) after a minute with failures, so no thread is
 * needed; thread-safe.
 */
final class FailureLog {
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final System.Logger log;
    private final Clock clock;
    private final Object lock = new Object();
    /** Failures in the current window by status; empty when there were none. */
    private final Map<Integer, Integer> counts = new TreeMap<>();
    private long windowStart;
    /** Whether {@link #counts} is non-empty: read on every successful request without taking the lock. */
    private volatile boolean pending;

    FailureLog(System.Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** A request answered with the status of a {@link ScimException} (5xx only are logged). */
    void answered(ScimException e, String correlationId) {
        if (e.status() < 500) {
            quiet();
            return;
        }
        if (e.status() == 500) {
            unexpected(e, correlationId);
            return;
        }
        count(e.status());
        log.log(System.Logger.Level.WARNING, "SCIM request answered " + e.status() + " (" + e.detail()
                + "); correlation id " + correlationId);
    }

    /** A request that failed with an exception no one expected: answered 500. */
    void unexpected(Throwable e, String correlationId) {
        count(500);
        log.log(System.Logger.Level.ERROR, "SCIM request failed with an internal error; correlation id "
                + correlationId, e);
    }

    /** A request answered without a 5xx: writes the summary of a minute that ended, if there is one. */
    void quiet() {
        if (pending) {
            synchronized (lock) {
                summarizeIfDue(clock.millis());
            }
        }
    }

    /** Counts a failure, after writing the summary of the minute before when it is over. */
    private void count(int status) {
        synchronized (lock) {
            long now = clock.millis();
            summarizeIfDue(now);
            if (counts.isEmpty()) {
                windowStart = now;
            }
            counts.merge(status, 1, Integer::sum);
            pending = true;
        }
    }

    private void summarizeIfDue(long now) {
        if (counts.isEmpty() || now - windowStart < WINDOW.toMillis()) {
            return;
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder byStatus = new StringBuilder();
        counts.forEach((status, n) -> byStatus.append(byStatus.length() == 0 ? "" : ", ").append(status)
                .append(": ").append(n));
        log.log(System.Logger.Level.WARNING, "SCIM: " + total + (total == 1 ? " request" : " requests")
                + " answered with a server error in the minute from " + java.time.Instant.ofEpochMilli(windowStart)
                + " (" + byStatus + ")");
        counts.clear();
        pending = false;
    }
}
