package io.scimlab.gitlab.serviceaccount;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which tokens the bridge may issue for service accounts: the allowed scopes, the longest lifetime, and how early
 * {@link ServiceAccountTokens#rotateAllDue()} rotates a token before it expires.
 *
 * <p>Defaults: scopes {@code read_api} and {@code read_repository}, at most 30 days, rotated 7 days before expiry.
 * GitLab itself caps a token's lifetime at 365 days by default (an instance setting), so longer maxima are refused.
 */
public final class ServiceAccountTokenPolicy {
    private final Set<String> allowedScopes;
    private final int maxLifetimeDays;
    private final int rotateBeforeDays;

    private ServiceAccountTokenPolicy(Builder b) {
        this.allowedScopes = Set.copyOf(b.scopes);
        this.maxLifetimeDays = b.maxLifetimeDays;
        this.rotateBeforeDays = b.rotateBeforeDays;
    }

    /**
     * The default policy.
     *
     * @return the policy
     */
    public static ServiceAccountTokenPolicy defaults() {
        return builder().build();
    }

    /**
     * A new builder, starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The scopes a token may have.
     *
     * @return the scopes, lower case
     */
    public Set<String> allowedScopes() {
        return allowedScopes;
    }

    /**
     * The longest lifetime, in days from the day of issue.
     *
     * @return days
     */
    public int maxLifetimeDays() {
        return maxLifetimeDays;
    }

    /**
     * How many days before expiry a token is due for rotation.
     *
     * @return days
     */
    public int rotateBeforeDays() {
        return rotateBeforeDays;
    }

    /**
     * Checks requested scopes against the policy.
     *
     * @param scopes the requested scopes
     * @return the scopes, lower case, sorted, without duplicates
     * @throws IllegalArgumentException when empty or when a scope is not allowed
     */
    public List<String> check(Collection<String> scopes) {
        TreeSet<String> out = new TreeSet<>();
        for (String s : scopes) {
            String scope = s.trim().toLowerCase(Locale.ROOT);
            if (!allowedScopes.contains(scope)) {
                throw new IllegalArgumentException("scope " + scope + " is not allowed by the token policy "
                        + new TreeSet<>(allowedScopes));
            }
            out.add(scope);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope");
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "ServiceAccountTokenPolicy[scopes=" + new TreeSet<>(allowedScopes) + ", maxLifetimeDays="
                + maxLifetimeDays + ", rotateBeforeDays=" + rotateBeforeDays + "]";
    }

    /** Configures a {@link ServiceAccountTokenPolicy}. */
    public static final class Builder {
        private Set<String> scopes = Set.of("read_api", "read_repository");
        private int maxLifetimeDays = 30;
        private int rotateBeforeDays = 7;

        private Builder() {
        }

        /**
         * The scopes tokens may have (replacing the defaults), e.g. {@code api}, {@code read_api},
         * {@code read_repository}, {@code write_repository}, {@code read_registry}.
         *
         * @param values the scopes, at least one
         * @return this builder
         */
        public Builder allowedScopes(Collection<String> values) {
            TreeSet<String> s = new TreeSet<>();
            for (String v : values) {
                String scope = Objects.requireNonNull(v, "scope").trim().toLowerCase(Locale.ROOT);
                if (scope.isEmpty()) {
                    throw new IllegalArgumentException("empty scope");
                }
                s.add(scope);
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException("at least one scope must be allowed");
            }
            this.scopes = s;
            return this;
        }

        /**
         * The longest lifetime in days (1 to 365, default 30).
         *
         * @param days the days
         * @return this builder
         */
        public Builder maxLifetimeDays(int days) {
            if (days < 1 || days > 365) {
                throw new IllegalArgumentException("maxLifetimeDays must be 1..365, not " + days);
            }
            this.maxLifetimeDays = days;
            return this;
        }

        /**
         * How many days before expiry a token is due for rotation (0 or more, below the max lifetime; default 7).
         *
         * @param days the days
         * @return this builder
         */
        public Builder rotateBeforeDays(int days) {
            if (days < 0) {
                throw new IllegalArgumentException("rotateBeforeDays must not be negative");
            }
            this.rotateBeforeDays = days;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException when rotateBeforeDays is not below maxLifetimeDays (every token would be
         *     due at once)
         */
        public ServiceAccountTokenPolicy build() {
            if (rotateBeforeDays >= maxLifetimeDays) {
                throw new IllegalStateException("rotateBeforeDays (" + rotateBeforeDays
                        + ") must be below maxLifetimeDays (" + maxLifetimeDays + ")");
            }
            return new ServiceAccountTokenPolicy(this);
        }
    }
}
