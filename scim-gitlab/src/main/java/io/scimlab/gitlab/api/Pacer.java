package io.scimlab.gitlab.api;

import java.time.Clock;

/**
 * A token bucket that spaces requests so a bulk run stays inside the request budget, plus a gate that GitLab's
 * own headers can close: {@code RateLimit-Remaining: 0} or a 429 closes it until the reset time, for every thread
 * sharing this client, so one 429 does not turn into a storm of them.
 *
 * <p>The bucket holds one twentieth of the budget and refills with the rest over a minute, so no 60-second
 * window ever sees more than the budget (GitLab counts per minute, not per bucket).
 */
final class Pacer {
    private final Clock clock;
    private final boolean unlimited;
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private long lastRefill;
    private long closedUntil;

    Pacer(int requestsPerMinute, Clock clock) {
        this.clock = clock;
        this.unlimited = requestsPerMinute <= 0;
        this.capacity = Math.max(1, requestsPerMinute / 20.0);
        this.perMilli = Math.max(1, requestsPerMinute - capacity) / 60_000.0;
        this.tokens = capacity;
        this.lastRefill = clock.millis();
    }

    /** Takes one token; returns how long the caller must wait before sending (0 = at once). */
    synchronized long reserveMillis() {
        long now = clock.millis();
        long gate = Math.max(0, closedUntil - now);
        if (unlimited) {
            return gate;
        }
        tokens = Math.min(capacity, tokens + (now - lastRefill) * perMilli);
        lastRefill = now;
        tokens -= 1;
        long wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perMilli);
        return Math.max(wait, gate);
    }

    /** Closes the gate until the given epoch millis (never shortens an existing closure). */
    synchronized void closeUntil(long epochMillis) {
        closedUntil = Math.max(closedUntil, epochMillis);
    }

    /** Reads GitLab's rate-limit headers; an exhausted quota closes the gate until its reset. */
    void observe(String remaining, String reset) {
        try {
            if (!remaining.isEmpty() && Long.parseLong(remaining.trim()) <= 0 && !reset.isEmpty()) {
                closeUntil(Long.parseLong(reset.trim()) * 1000);
            }
        } catch (NumberFormatException ignored) {
            // A malformed header is GitLab's bug; pacing by our own budget is still safe.
        }
    }
}
