package io.scimlab.gitlab.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries.
 *
 * @param maxAttempts         attempts per request for 5xx, timeouts and connection failures (1 = no retry)
 * @param initialBackoff      the first backoff; each retry doubles it
 * @param maxBackoff          the backoff cap
 * @param jitter              the random share of each backoff, 0 to 1 (spreads out clients that failed together)
 * @param maxRateLimitRetries how many 429 answers one request may absorb before failing
 * @param maxRateLimitWait    the longest single wait a 429 may impose; longer waits fail at once
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
        int maxRateLimitRetries, Duration maxRateLimitWait) {
    /**
     * Checks the values.
     *
     * @param maxAttempts         attempts
     * @param initialBackoff      first backoff
     * @param maxBackoff          cap
     * @param jitter              jitter share
     * @param maxRateLimitRetries 429 retries
     * @param maxRateLimitWait    longest 429 wait
     */
    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        if (maxAttempts < 1 || maxRateLimitRetries < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("invalid retry policy");
        }
    }

    /**
     * Four attempts, 200 ms doubling to 10 s with 50% jitter; up to 10 rate-limit waits of at most 2 minutes.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(10), 0.5, 10, Duration.ofMinutes(2));
    }

    /**
     * No retries at all, not even after 429.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO);
    }

    /**
     * The backoff before retry number {@code retry} (1-based), with jitter drawn from {@code random}.
     *
     * @param retry  the retry number
     * @param random a value in [0, 1)
     * @return the backoff
     */
    Duration backoff(int retry, double random) {
        long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jittered = Math.round(capped * (1 - jitter) + capped * jitter * random);
        return Duration.ofMillis(jittered);
    }
}
