package io.scimlab.gitlab.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries: after 5xx answers, timeouts and connection failures (with exponential backoff and
 * jitter), and after 429 answers (waiting as long as GitLab asks, up to a limit). Immutable; start from
 * {@link #defaults()} or {@link #none()}, or build one with {@link #builder()}.
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

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.jitter = b.jitter;
        this.maxRateLimitRetries = b.maxRateLimitRetries;
        this.maxRateLimitWait = b.maxRateLimitWait;
    }

    /**
     * Four attempts, 200 ms doubling to 10 s with 50% jitter; up to 10 rate-limit waits of at most 2 minutes.
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
        return new Builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .jitter(jitter).maxRateLimitRetries(maxRateLimitRetries).maxRateLimitWait(maxRateLimitWait);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && p.maxAttempts == maxAttempts && p.initialBackoff.equals(initialBackoff)
                && p.maxBackoff.equals(maxBackoff) && Double.compare(p.jitter, jitter) == 0
                && p.maxRateLimitRetries == maxRateLimitRetries && p.maxRateLimitWait.equals(maxRateLimitWait);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, jitter, maxRateLimitRetries, maxRateLimitWait);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", jitter=" + jitter + ", maxRateLimitRetries=" + maxRateLimitRetries
                + ", maxRateLimitWait=" + maxRateLimitWait + "]";
    }

    /** Configures a {@link RetryPolicy}; starts from the defaults. */
    public static final class Builder {
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double jitter = 0.5;
        private int maxRateLimitRetries = 10;
        private Duration maxRateLimitWait = Duration.ofMinutes(2);

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
