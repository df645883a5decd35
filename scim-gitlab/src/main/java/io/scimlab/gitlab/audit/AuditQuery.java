package io.scimlab.gitlab.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Which events {@link AuditStore#query} returns, one page at a time: immutable; built with {@link #builder()}. The
 * filters are and-ed; an event matches a SCIM user or GitLab user filter when it names that user among its
 * subjects. Pages follow the sequence number (oldest first, or {@link Builder#newestFirst()}), and the next page
 * starts after the last sequence number of this one ({@link AuditPage#next()}), so appends while paging neither
 * repeat nor skip events.
 *
 * <pre>{@code
 * AuditQuery q = AuditQuery.builder().scimUserId("42")
 *         .from(Instant.parse("2026-11-01T00:00:00Z")).until(Instant.parse("2026-12-01T00:00:00Z"))
 *         .pageSize(200).build();
 * }</pre>
 */
public final class AuditQuery {
    /** The default page size. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page size. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final Optional<String> scimUserId;
    private final Optional<String> scimGroupId;
    private final OptionalLong gitlabUserId;
    private final Optional<String> gitlabPath;
    private final Optional<String> principal;
    private final Optional<String> correlationId;
    private final Optional<AuditEvent.Outcome> outcome;
    private final Optional<Instant> from;
    private final Optional<Instant> until;
    private final OptionalLong after;
    private final boolean newestFirst;
    private final int pageSize;

    private AuditQuery(Builder b) {
        this.scimUserId = b.scimUserId;
        this.scimGroupId = b.scimGroupId;
        this.gitlabUserId = b.gitlabUserId;
        this.gitlabPath = b.gitlabPath;
        this.principal = b.principal;
        this.correlationId = b.correlationId;
        this.outcome = b.outcome;
        this.from = b.from;
        this.until = b.until;
        this.after = b.after;
        this.newestFirst = b.newestFirst;
        this.pageSize = b.pageSize;
    }

    /**
     * A builder: every event, oldest first, {@value #DEFAULT_PAGE_SIZE} per page.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every event, oldest first, in pages of the default size.
     *
     * @return the query
     */
    public static AuditQuery all() {
        return builder().build();
    }

    /**
     * A builder holding this query's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.scimUserId = scimUserId;
        b.scimGroupId = scimGroupId;
        b.gitlabUserId = gitlabUserId;
        b.gitlabPath = gitlabPath;
        b.principal = principal;
        b.correlationId = correlationId;
        b.outcome = outcome;
        b.from = from;
        b.until = until;
        b.after = after;
        b.newestFirst = newestFirst;
        b.pageSize = pageSize;
        return b;
    }

    /**
     * This query continuing after a sequence number (the keyset cursor {@link AuditPage#next()} uses).
     *
     * @param sequence the last sequence number seen
     * @return the query for the following page
     */
    public AuditQuery after(long sequence) {
        return toBuilder().after(sequence).build();
    }

    /**
     * Events for this SCIM user.
     *
     * @return the SCIM user id
     */
    public Optional<String> scimUserId() {
        return scimUserId;
    }

    /**
     * Events caused by a request for this SCIM group.
     *
     * @return the SCIM group id
     */
    public Optional<String> scimGroupId() {
        return scimGroupId;
    }

    /**
     * Events that changed this GitLab user.
     *
     * @return the GitLab user id
     */
    public OptionalLong gitlabUserId() {
        return gitlabUserId;
    }

    /**
     * Events that changed this GitLab group or project (exactly this path, not its subgroups).
     *
     * @return the full path
     */
    public Optional<String> gitlabPath() {
        return gitlabPath;
    }

    /**
     * Events asked for by this principal.
     *
     * @return the principal
     */
    public Optional<String> principal() {
        return principal;
    }

    /**
     * Events of this correlation id.
     *
     * @return the correlation id
     */
    public Optional<String> correlationId() {
        return correlationId;
    }

    /**
     * Events with this outcome.
     *
     * @return the outcome
     */
    public Optional<AuditEvent.Outcome> outcome() {
        return outcome;
    }

    /**
     * Events at or after this time.
     *
     * @return the start, inclusive
     */
    public Optional<Instant> from() {
        return from;
    }

    /**
     * Events before this time.
     *
     * @return the end, exclusive
     */
    public Optional<Instant> until() {
        return until;
    }

    /**
     * Where this page starts: after this sequence number, in the query's order.
     *
     * @return the cursor, empty for the first page
     */
    public OptionalLong after() {
        return after;
    }

    /**
     * Whether pages run from the newest event to the oldest.
     *
     * @return true for newest first
     */
    public boolean newestFirst() {
        return newestFirst;
    }

    /**
     * The most events per page.
     *
     * @return the page size
     */
    public int pageSize() {
        return pageSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditQuery q && q.scimUserId.equals(scimUserId) && q.scimGroupId.equals(scimGroupId)
                && q.gitlabUserId.equals(gitlabUserId) && q.gitlabPath.equals(gitlabPath)
                && q.principal.equals(principal) && q.correlationId.equals(correlationId) && q.outcome.equals(outcome)
                && q.from.equals(from) && q.until.equals(until) && q.after.equals(after)
                && q.newestFirst == newestFirst && q.pageSize == pageSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scimUserId, scimGroupId, gitlabUserId, gitlabPath, principal, correlationId, outcome, from,
                until, after, newestFirst, pageSize);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AuditQuery[");
        scimUserId.ifPresent(v -> b.append("scimUserId=").append(v).append(", "));
        scimGroupId.ifPresent(v -> b.append("scimGroupId=").append(v).append(", "));
        gitlabUserId.ifPresent(v -> b.append("gitlabUserId=").append(v).append(", "));
        gitlabPath.ifPresent(v -> b.append("gitlabPath=").append(v).append(", "));
        principal.ifPresent(v -> b.append("principal=").append(v).append(", "));
        correlationId.ifPresent(v -> b.append("correlationId=").append(v).append(", "));
        outcome.ifPresent(v -> b.append("outcome=").append(v).append(", "));
        from.ifPresent(v -> b.append("from=").append(v).append(", "));
        until.ifPresent(v -> b.append("until=").append(v).append(", "));
        after.ifPresent(v -> b.append("after=").append(v).append(", "));
        return b.append(newestFirst ? "newest first" : "oldest first").append(", pageSize=").append(pageSize)
                .append(']').toString();
    }

    /** Builds an {@link AuditQuery}; each setter replaces the value set before. */
    public static final class Builder {
        private Optional<String> scimUserId = Optional.empty();
        private Optional<String> scimGroupId = Optional.empty();
        private OptionalLong gitlabUserId = OptionalLong.empty();
        private Optional<String> gitlabPath = Optional.empty();
        private Optional<String> principal = Optional.empty();
        private Optional<String> correlationId = Optional.empty();
        private Optional<AuditEvent.Outcome> outcome = Optional.empty();
        private Optional<Instant> from = Optional.empty();
        private Optional<Instant> until = Optional.empty();
        private OptionalLong after = OptionalLong.empty();
        private boolean newestFirst;
        private int pageSize = DEFAULT_PAGE_SIZE;

        private Builder() {
        }

        /**
         * Only events for this SCIM user.
         *
         * @param value the SCIM user id
         * @return this builder
         */
        public Builder scimUserId(String value) {
            this.scimUserId = Optional.of(value);
            return this;
        }

        /**
         * Only events caused by a request for this SCIM group.
         *
         * @param value the SCIM group id
         * @return this builder
         */
        public Builder scimGroupId(String value) {
            this.scimGroupId = Optional.of(value);
            return this;
        }

        /**
         * Only events that changed this GitLab user.
         *
         * @param value the GitLab user id
         * @return this builder
         */
        public Builder gitlabUserId(long value) {
            this.gitlabUserId = OptionalLong.of(value);
            return this;
        }

        /**
         * Only events that changed this GitLab group or project.
         *
         * @param value the full path, e.g. {@code acme/eng}
         * @return this builder
         */
        public Builder gitlabPath(String value) {
            this.gitlabPath = Optional.of(value);
            return this;
        }

        /**
         * Only events asked for by this principal.
         *
         * @param value the principal, e.g. the IdP's
         * @return this builder
         */
        public Builder principal(String value) {
            this.principal = Optional.of(value);
            return this;
        }

        /**
         * Only events of this correlation id.
         *
         * @param value the correlation id
         * @return this builder
         */
        public Builder correlationId(String value) {
            this.correlationId = Optional.of(value);
            return this;
        }

        /**
         * Only events with this outcome.
         *
         * @param value the outcome
         * @return this builder
         */
        public Builder outcome(AuditEvent.Outcome value) {
            this.outcome = Optional.of(value);
            return this;
        }

        /**
         * Only events at or after this time.
         *
         * @param value the start, inclusive
         * @return this builder
         */
        public Builder from(Instant value) {
            this.from = Optional.of(value);
            return this;
        }

        /**
         * Only events before this time.
         *
         * @param value the end, exclusive
         * @return this builder
         */
        public Builder until(Instant value) {
            this.until = Optional.of(value);
            return this;
        }

        /**
         * Start after this sequence number, in the query's order (a keyset cursor; see {@link AuditPage#next()}).
         *
         * @param sequence the last sequence number seen
         * @return this builder
         */
        public Builder after(long sequence) {
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must not be negative");
            }
            this.after = OptionalLong.of(sequence);
            return this;
        }

        /**
         * Pages from the newest event to the oldest (default: oldest first).
         *
         * @return this builder
         */
        public Builder newestFirst() {
            this.newestFirst = true;
            return this;
        }

        /**
         * The most events per page: 1 to {@value #MAX_PAGE_SIZE} (default {@value #DEFAULT_PAGE_SIZE}); also what an
         * export holds in memory at a time.
         *
         * @param value the page size
         * @return this builder
         */
        public Builder pageSize(int value) {
            if (value < 1 || value > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ", not " + value);
            }
            this.pageSize = value;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException when {@code from} is after {@code until}
         */
        public AuditQuery build() {
            @Nullable Instant f = from.orElse(null);
            if (f != null && until.isPresent() && f.isAfter(until.get())) {
                throw new IllegalArgumentException("from " + f + " is after until " + until.get());
            }
            return new AuditQuery(this);
        }
    }
}
