package io.scimlab.gitlab.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the client retries: after 5xx answers, timeouts and connection failures (with exponential backoff and
 * jitter), and after 429 answers (waiting as long as GitLab asks, up to a limit; when GitLab does not say, as its
 * per-endpoint limits before 18.6 do not, with exponential backoff and jitter up to that limit). Immutable; start
 * from {@link #defaults()} or {@link #none()}, or build one with {@link #builder()}.
 *
 * <p>{@link #maxRateLimitSleep()} bounds how long one call sleeps for the rate limit: a caller that holds a lock
 * (the SCIM bridge does) sets it short and gets {@link GitLabException.Kind#RATE_LIMITED} with
 * {@link GitLabException#retryAfter()} instead of a sleep, to let go of the lock and come back.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).initialBackoff(Duration.ZERO)
            .maxBackoff(Duration.ZERO).jitter(0).maxRateLimitRetries(0).maxRateLimitWait(Duration.ZERO).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private final int maxRateLimitRetries;
    private final Duration maxRateLimitWait;
    private final @Nullable Duration maxRateLimitSleep;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRateLimitRetries = b.maxRateLimitRetries;
        this.maxRateLimitWait = b.maxRateLimitWait;
        this.maxRateLimitSleep = b.maxRateLimitSleep;
    }

    /**
     * Four attempts, 200 ms doubling to 10 s with 50% jitter; up to 10 rate-limit waits of at most 2 minutes, each
     * slept out.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * No retries at all, not even after 429.
     *
     * @return the policy
     */
    public static RetryPolicy none() {
        return NONE;
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this policy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .jitter(jitter).maxRateLimitRetries(maxRateLimitRetries).maxRateLimitWait(maxRateLimitWait);
        b.maxRateLimitSleep = maxRateLimitSleep;
        return b;
    }

    /**
     * Attempts per request for 5xx, timeouts and connection failures (1 = no retry).
     *
     * @return the attempts
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The first backoff; each retry doubles it.
     *
     * @return the backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * The backoff cap.
     *
     * @return the cap
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The random share of each backoff, 0 to 1 (spreads out clients that failed together).
     *
     * @return the share
     */
    public double jitter() {
        return jitter;
    }

    /**
     * How many 429 answers one request may absorb before failing.
     *
     * @return the count
     */
    public int maxRateLimitRetries() {
        return maxRateLimitRetries;
    }

    /**
     * The longest single wait a 429 may impose; longer waits fail at once.
     *
     * @return the wait
     */
    public Duration maxRateLimitWait() {
        return maxRateLimitWait;
    }

    /**
     * The longest one call sleeps for the rate limit (GitLab's wait after a 429, a gate another call's 429 closed,
     * pacing): a longer wait fails the call at once, unsent, with {@link GitLabException.Kind#RATE_LIMITED} and the
     * wait as {@link GitLabException#retryAfter()}. Empty by default: a call sleeps as long as the rate limit
     * requires (a 429's wait is still bounded by {@link #maxRateLimitWait()}).
     *
     * @return the longest sleep, if bounded
     */
    public Optional<Duration> maxRateLimitSleep() {
        return Optional.ofNullable(maxRateLimitSleep);
    }

    /**
     * The backoff before retry number {@code retry} (1-based), with jitter drawn from {@code random}.
     *
     * @param retry  the retry number
     * @param random a value in [0, 1)
     * @return the backoff
     */
    Duration backoff(int retry, double random) {
        return backoff(retry, random, maxBackoff);
    }

    /**
     * The wait after the {@code strike}-th 429 in a row that did not say how long to wait (GitLab's per-endpoint
     * limits before 18.6): the backoff doubling from {@link #initialBackoff()} as for 5xx, but up to
     * {@link #maxRateLimitWait()}, because GitLab's windows last a minute, not {@link #maxBackoff()}.
     *
     * @param strike the 429s in a row, 1-based
     * @param random a value in [0, 1)
     * @return the wait
     */
    Duration rateLimitBackoff(int strike, double random) {
        return backoff(strike, random, maxRateLimitWait);
    }

    private Duration backoff(int retry, double random, Duration cap) {
        long base = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, cap.toMillis());
        long jittered = Math.round(capped * (1 - jitter) + capped * jitter * random);
        return Duration.ofMillis(jittered);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && p.maxAttempts == maxAttempts && p.initialBackoff.equals(initialBackoff)
                && p.maxBackoff.equals(maxBackoff) && Double.compare(p.jitter, jitter) == 0
                && p.maxRateLimitRetries == maxRateLimitRetries && p.maxRateLimitWait.equals(maxRateLimitWait)
                && Objects.equals(p.maxRateLimitSleep, maxRateLimitSleep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, jitter, maxRateLimitRetries, maxRateLimitWait,
                maxRateLimitSleep);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", jitter=" + jitter + ", maxRateLimitRetries=" + maxRateLimitRetries
                + ", maxRateLimitWait=" + maxRateLimitWait
                + (maxRateLimitSleep == null ? "" : ", maxRateLimitSleep=" + maxRateLimitSleep) + "]";
    }

    /** Configures a {@link RetryPolicy}; starts from the defaults. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double jitter = 0.5;
        private int maxRateLimitRetries = 10;
        private Duration maxRateLimitWait = Duration.ofMinutes(2);
        private @Nullable Duration maxRateLimitSleep;

        private Builder() {
        }

        /**
         * Attempts per request for 5xx, timeouts and connection failures (default 4; 1 = no retry).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * The first backoff (default 200 ms); each retry doubles it.
         *
         * @param value the backoff, not negative
         * @return this builder
         */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = notNegative(value, "initialBackoff");
            return this;
        }

        /**
         * The backoff cap (default 10 s).
         *
         * @param value the cap, not negative
         * @return this builder
         */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = notNegative(value, "maxBackoff");
            return this;
        }

        /**
         * The random share of each backoff (default 0.5).
         *
         * @param value 0 to 1
         * @return this builder
         */
        public Builder jitter(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1");
            }
            this.jitter = value;
            return this;
        }

        /**
         * How many 429 answers one request may absorb before failing (default 10).
         *
         * @param value 0 or more
         * @return this builder
         */
        public Builder maxRateLimitRetries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxRateLimitRetries must not be negative");
            }
            this.maxRateLimitRetries = value;
            return this;
        }

        /**
         * The longest single wait a 429 may impose (default 2 minutes); longer waits fail at once.
         *
         * @param value the wait, not negative
         * @return this builder
         */
        public Builder maxRateLimitWait(Duration value) {
            this.maxRateLimitWait = notNegative(value, "maxRateLimitWait");
            return this;
        }

        /**
         * The longest one call sleeps for the rate limit (default: no bound of its own); a longer wait fails the
         * call at once, unsent, with {@link GitLabException.Kind#RATE_LIMITED} and the wait as
         * {@link GitLabException#retryAfter()}. Set it short where a caller holds a lock.
         *
         * @param value the longest sleep, not negative
         * @return this builder
         */
        public Builder maxRateLimitSleep(Duration value) {
            this.maxRateLimitSleep = notNegative(value, "maxRateLimitSleep");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }

        private static Duration notNegative(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return value;
        }
    }
}
