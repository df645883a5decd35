package io.scimlab.gitlab.mapping;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a SCIM {@code userName} (or the local part of the primary email) into a GitLab username that GitLab
 * accepts: only {@code [A-Za-z0-9_.-]}, no leading or trailing separator, not ending in {@code .git} or
 * {@code .atom}, at most 255 characters. When the name is taken, the policy either appends a numeric suffix
 * ({@code jdoe1}, {@code jdoe2}, ...) or reports a 409 {@code uniqueness} error. Immutable; build with
 * {@link #builder()}.
 */
public final class UsernamePolicy {
    /** GitLab's longest username. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern DISALLOWED = Pattern.compile("[^A-Za-z0-9_.-]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final String SEPARATORS = "_.-";

    /** Where the username comes from. */
    public enum Source {
        /** The SCIM {@code userName}; when it is an email address, its local part. */
        USER_NAME,
        /** The local part of the user's primary (else work, else first) email. */
        EMAIL_LOCAL_PART
    }

    /** What to do when the username is taken by another GitLab user. */
    public enum OnClash {
        /** Append the smallest free numeric suffix (GitLab's own SCIM does the same). */
        SUFFIX,
        /** Fail with 409 {@code uniqueness}. */
        CONFLICT
    }

    private final Source source;
    private final OnClash onClash;
    private final int maxSuffix;
    private final boolean lowerCase;

    private UsernamePolicy(Builder b) {
        this.source = b.source;
        this.onClash = b.onClash;
        this.maxSuffix = b.maxSuffix;
        this.lowerCase = b.lowerCase;
    }

    /**
     * The default policy: from {@code userName}, numeric suffix on clash, case kept.
     *
     * @return the policy
     */
    public static UsernamePolicy defaults() {
        return builder().build();
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where the username comes from.
     *
     * @return the source
     */
    public Source source() {
        return source;
    }

    /**
     * What happens on a clash.
     *
     * @return the clash rule
     */
    public OnClash onClash() {
        return onClash;
    }

    /**
     * How many numeric suffixes are tried before giving up with 409.
     *
     * @return the limit
     */
    public int maxSuffix() {
        return maxSuffix;
    }

    /**
     * The base username for a user: from the source, sanitised.
     *
     * @param userName the SCIM userName
     * @param email    the primary email, if any
     * @return a valid GitLab username
     */
    public String baseUsername(String userName, Optional<String> email) {
        String raw = source == Source.EMAIL_LOCAL_PART && email.isPresent() ? email.get() : userName;
        int at = raw.indexOf('@');
        return sanitize(at > 0 ? raw.substring(0, at) : raw);
    }

    /**
     * The candidate for the n-th attempt: the base itself for 0, {@code base + n} after that (the base is cut so
     * the result still fits in {@value #MAX_LENGTH} characters).
     *
     * @param base    a sanitised base
     * @param attempt 0 for the base, then 1, 2, ...
     * @return the candidate
     */
    public String candidate(String base, int attempt) {
        if (attempt == 0) {
            return base;
        }
        String suffix = Integer.toString(attempt);
        String head = base.length() + suffix.length() > MAX_LENGTH ? base.substring(0, MAX_LENGTH - suffix.length())
                : base;
        return sanitize(head + suffix);
    }

    /**
     * Makes any text a valid GitLab username: accents dropped, each run of other characters replaced by
     * {@code _}, separators trimmed from both ends, {@code .git}/{@code .atom} endings removed, cut to
     * {@value #MAX_LENGTH} characters; {@code user} when nothing is left.
     *
     * @param raw the text
     * @return the username
     */
    public String sanitize(String raw) {
        String s = MARKS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("");
        s = DISALLOWED.matcher(s).replaceAll("_");
        if (lowerCase) {
            s = s.toLowerCase(Locale.ROOT);
        }
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH);
        }
        // Trimming can expose a new ".git" ending and removing one can expose a separator: repeat until stable.
        String before;
        do {
            before = s;
            s = trimSeparators(s);
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".git")) {
                s = s.substring(0, s.length() - 4);
            } else if (lower.endsWith(".atom")) {
                s = s.substring(0, s.length() - 5);
            }
        } while (!s.equals(before));
        return s.isEmpty() ? "user" : s;
    }

    private static String trimSeparators(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && SEPARATORS.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && SEPARATORS.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    @Override
    public String toString() {
        return "UsernamePolicy[source=" + source + ", onClash=" + onClash + ", lowerCase=" + lowerCase + "]";
    }

    /** Configures a {@link UsernamePolicy}. */
    public static final class Builder {
        private Source source = Source.USER_NAME;
        private OnClash onClash = OnClash.SUFFIX;
        private int maxSuffix = 99;
        private boolean lowerCase;

        private Builder() {
        }

        /**
         * Where the username comes from (default {@link Source#USER_NAME}).
         *
         * @param value the source
         * @return this builder
         */
        public Builder source(Source value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /**
         * What to do on a clash (default {@link OnClash#SUFFIX}).
         *
         * @param value the rule
         * @return this builder
         */
        public Builder onClash(OnClash value) {
            this.onClash = Objects.requireNonNull(value, "onClash");
            return this;
        }

        /**
         * How many numeric suffixes to try (default 99).
         *
         * @param value the limit, at least 1
         * @return this builder
         */
        public Builder maxSuffix(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxSuffix must be positive");
            }
            this.maxSuffix = value;
            return this;
        }

        /**
         * Whether to lower-case usernames (default false: GitLab matches usernames case-insensitively anyway).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder lowerCase(boolean value) {
            this.lowerCase = value;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public UsernamePolicy build() {
            return new UsernamePolicy(this);
        }
    }
}
