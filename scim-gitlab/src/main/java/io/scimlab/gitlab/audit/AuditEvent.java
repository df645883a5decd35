package io.scimlab.gitlab.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One change the bridge made (or tried to make) in GitLab: immutable; built with {@link #builder()}.
 *
 * <p>Besides what happened ({@link #method()}, {@link #path()}, {@link #before()}, {@link #after()},
 * {@link #outcome()}) and who asked ({@link #correlationId()}, {@link #principal()}, {@link #operation()}), an event
 * names its subjects, so an audit store can answer "what happened to this user, this group": the SCIM users and
 * SCIM group the change was for, and the GitLab users and group or project it touched. A subject the bridge did not
 * know when the call ended is left out (for example the SCIM id of a user a GitLab.com SCIM create is making).
 */
public final class AuditEvent {
    /** How a GitLab call ended, or why none was made. */
    public enum Outcome {
        /** GitLab holds the change. */
        SUCCESS,
        /** GitLab already held it: nothing changed (e.g. blocking a blocked user). */
        NO_CHANGE,
        /** The call failed; the SCIM client gets an error and retries. */
        FAILURE,
        /**
         * The bridge refused the change without calling GitLab (e.g. linking an administrator's account by email);
         * the SCIM client gets an error. {@code method} and {@code path} are empty.
         */
        REFUSED
    }

    private final Instant time;
    private final String correlationId;
    private final String principal;
    private final String operation;
    private final String method;
    private final String path;
    private final Optional<String> before;
    private final Optional<String> after;
    private final Outcome outcome;
    private final Optional<String> detail;
    private final List<String> scimUserIds;
    private final Optional<String> scimGroupId;
    private final List<Long> gitlabUserIds;
    private final Optional<String> gitlabPath;

    private AuditEvent(Builder b) {
        this.time = required(b.time, "time");
        this.correlationId = required(b.correlationId, "correlationId");
        this.principal = required(b.principal, "principal");
        this.operation = required(b.operation, "operation");
        this.method = b.method;
        this.path = b.path;
        this.before = b.before;
        this.after = b.after;
        this.outcome = required(b.outcome, "outcome");
        this.detail = b.detail;
        this.scimUserIds = b.scimUserIds;
        this.scimGroupId = b.scimGroupId;
        this.gitlabUserIds = b.gitlabUserIds;
        this.gitlabPath = b.gitlabPath;
    }

    private static <T> T required(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalStateException("an audit event needs " + name);
        }
        return value;
    }

    /**
     * A new builder; {@link Builder#time}, {@link Builder#correlationId}, {@link Builder#principal},
     * {@link Builder#operation} and {@link Builder#outcome} are required.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this event's values, to derive a changed copy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.time = time;
        b.correlationId = correlationId;
        b.principal = principal;
        b.operation = operation;
        b.method = method;
        b.path = path;
        b.before = before;
        b.after = after;
        b.outcome = outcome;
        b.detail = detail;
        b.scimUserIds = scimUserIds;
        b.scimGroupId = scimGroupId;
        b.gitlabUserIds = gitlabUserIds;
        b.gitlabPath = gitlabPath;
        return b;
    }

    /**
     * When the call finished.
     *
     * @return the time
     */
    public Instant time() {
        return time;
    }

    /**
     * The SCIM request's correlation id (or the reconcile run's, or one per token operation).
     *
     * @return the correlation id
     */
    public String correlationId() {
        return correlationId;
    }

    /**
     * Who asked: the SCIM client (the IdP principal), or the reconciler, token rotator or token service.
     *
     * @return the principal
     */
    public String principal() {
        return principal;
    }

    /**
     * The SCIM operation, e.g. {@code PATCH /Groups/abc} or {@code reconcile}.
     *
     * @return the operation
     */
    public String operation() {
        return operation;
    }

    /**
     * The HTTP method of the GitLab request, as the client sent it; empty when no request was sent.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * The encoded path of that request, as the client sent it (see {@link io.scimlab.gitlab.api.GitLabCall#path()});
     * never a query string or secret; empty when no request was sent.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The state before, as short text (e.g. {@code state=active}).
     *
     * @return the state, empty when none
     */
    public Optional<String> before() {
        return before;
    }

    /**
     * The state after, as short text.
     *
     * @return the state, empty when none
     */
    public Optional<String> after() {
        return after;
    }

    /**
     * What happened.
     *
     * @return the outcome
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * The error for a failure (GitLab's message, never a token), or a note on a {@link Outcome#NO_CHANGE}.
     *
     * @return the detail
     */
    public Optional<String> detail() {
        return detail;
    }

    /**
     * The SCIM users the change was for: one for a user's own change, several for a batched membership add.
     *
     * @return the SCIM user ids, in the order the change named them; empty when none is known
     */
    public List<String> scimUserIds() {
        return scimUserIds;
    }

    /**
     * The SCIM group whose request caused the change.
     *
     * @return the SCIM group id, empty for changes not caused by a group request
     */
    public Optional<String> scimGroupId() {
        return scimGroupId;
    }

    /**
     * The GitLab users the call changed (or a membership of).
     *
     * @return the GitLab user ids, in the order of the call; empty when none is known
     */
    public List<Long> gitlabUserIds() {
        return gitlabUserIds;
    }

    /**
     * The full path of the GitLab group or project the call changed (a membership, a group service account).
     *
     * @return the path, e.g. {@code acme/eng}; empty for changes to users alone
     */
    public Optional<String> gitlabPath() {
        return gitlabPath;
    }

    /**
     * The event as one JSON object (the line format of {@link AuditSink#logging()}): the fields by their accessor
     * names, the time in ISO-8601, absent optional values and empty subject lists left out.
     *
     * @return the JSON
     */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("time", time.toString()).put("correlationId", correlationId).put("principal", principal)
                .put("operation", operation).put("method", method).put("path", path);
        before.ifPresent(b -> n.put("before", b));
        after.ifPresent(a -> n.put("after", a));
        n.put("outcome", outcome.name());
        detail.ifPresent(d -> n.put("detail", d));
        if (!scimUserIds.isEmpty()) {
            ArrayNode a = n.putArray("scimUserIds");
            scimUserIds.forEach(a::add);
        }
        scimGroupId.ifPresent(g -> n.put("scimGroupId", g));
        if (!gitlabUserIds.isEmpty()) {
            ArrayNode a = n.putArray("gitlabUserIds");
            gitlabUserIds.forEach(a::add);
        }
        gitlabPath.ifPresent(p -> n.put("gitlabPath", p));
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEvent e && e.time.equals(time) && e.correlationId.equals(correlationId)
                && e.principal.equals(principal) && e.operation.equals(operation) && e.method.equals(method)
                && e.path.equals(path) && e.before.equals(before) && e.after.equals(after) && e.outcome == outcome
                && e.detail.equals(detail) && e.scimUserIds.equals(scimUserIds) && e.scimGroupId.equals(scimGroupId)
                && e.gitlabUserIds.equals(gitlabUserIds) && e.gitlabPath.equals(gitlabPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, correlationId, principal, operation, method, path, before, after, outcome, detail,
                scimUserIds, scimGroupId, gitlabUserIds, gitlabPath);
    }

    @Override
    public String toString() {
        return "AuditEvent" + toJson();
    }

    /** Builds an {@link AuditEvent}; each setter replaces the value set before. */
    public static final class Builder {
        private @Nullable Instant time;
        private @Nullable String correlationId;
        private @Nullable String principal;
        private @Nullable String operation;
        private String method = "";
        private String path = "";
        private Optional<String> before = Optional.empty();
        private Optional<String> after = Optional.empty();
        private @Nullable Outcome outcome;
        private Optional<String> detail = Optional.empty();
        private List<String> scimUserIds = List.of();
        private Optional<String> scimGroupId = Optional.empty();
        private List<Long> gitlabUserIds = List.of();
        private Optional<String> gitlabPath = Optional.empty();

        private Builder() {
        }

        /**
         * When the call finished (required).
         *
         * @param value the time
         * @return this builder
         */
        public Builder time(Instant value) {
            this.time = Objects.requireNonNull(value, "time");
            return this;
        }

        /**
         * The correlation id (required).
         *
         * @param value the id
         * @return this builder
         */
        public Builder correlationId(String value) {
            this.correlationId = Objects.requireNonNull(value, "correlationId");
            return this;
        }

        /**
         * Who asked (required).
         *
         * @param value the principal
         * @return this builder
         */
        public Builder principal(String value) {
            this.principal = Objects.requireNonNull(value, "principal");
            return this;
        }

        /**
         * The SCIM operation (required).
         *
         * @param value the operation
         * @return this builder
         */
        public Builder operation(String value) {
            this.operation = Objects.requireNonNull(value, "operation");
            return this;
        }

        /**
         * The GitLab request's method (default empty: no request was sent).
         *
         * @param value the method
         * @return this builder
         */
        public Builder method(String value) {
            this.method = Objects.requireNonNull(value, "method");
            return this;
        }

        /**
         * The GitLab request's encoded path (default empty); never a query string or secret.
         *
         * @param value the path
         * @return this builder
         */
        public Builder path(String value) {
            this.path = Objects.requireNonNull(value, "path");
            return this;
        }

        /**
         * The state before.
         *
         * @param value the value
         * @return this builder
         */
        public Builder before(String value) {
            return before(Optional.of(value));
        }

        /**
         * The state before.
         *
         * @param value the state, empty for none
         * @return this builder
         */
        public Builder before(Optional<String> value) {
            this.before = Objects.requireNonNull(value, "before");
            return this;
        }

        /**
         * The state after.
         *
         * @param value the value
         * @return this builder
         */
        public Builder after(String value) {
            return after(Optional.of(value));
        }

        /**
         * The state after.
         *
         * @param value the state, empty for none
         * @return this builder
         */
        public Builder after(Optional<String> value) {
            this.after = Objects.requireNonNull(value, "after");
            return this;
        }

        /**
         * What happened (required).
         *
         * @param value the outcome
         * @return this builder
         */
        public Builder outcome(Outcome value) {
            this.outcome = Objects.requireNonNull(value, "outcome");
            return this;
        }

        /**
         * The error or note.
         *
         * @param value the value
         * @return this builder
         */
        public Builder detail(String value) {
            return detail(Optional.of(value));
        }

        /**
         * The error or note.
         *
         * @param value the detail, empty for none
         * @return this builder
         */
        public Builder detail(Optional<String> value) {
            this.detail = Objects.requireNonNull(value, "detail");
            return this;
        }

        /**
         * The SCIM users the change was for.
         *
         * @param value the ids (copied), empty for none
         * @return this builder
         */
        public Builder scimUserIds(Collection<String> value) {
            this.scimUserIds = List.copyOf(value);
            return this;
        }

        /**
         * The SCIM group whose request caused the change.
         *
         * @param value the value
         * @return this builder
         */
        public Builder scimGroupId(String value) {
            return scimGroupId(Optional.of(value));
        }

        /**
         * The SCIM group whose request caused the change.
         *
         * @param value the id, empty for none
         * @return this builder
         */
        public Builder scimGroupId(Optional<String> value) {
            this.scimGroupId = Objects.requireNonNull(value, "scimGroupId");
            return this;
        }

        /**
         * The GitLab users the call changed.
         *
         * @param value the ids (copied), empty for none
         * @return this builder
         */
        public Builder gitlabUserIds(Collection<Long> value) {
            this.gitlabUserIds = List.copyOf(value);
            return this;
        }

        /**
         * The full path of the GitLab group or project the call changed.
         *
         * @param value the value
         * @return this builder
         */
        public Builder gitlabPath(String value) {
            return gitlabPath(Optional.of(value));
        }

        /**
         * The full path of the GitLab group or project the call changed.
         *
         * @param value the path, empty for none
         * @return this builder
         */
        public Builder gitlabPath(Optional<String> value) {
            this.gitlabPath = Objects.requireNonNull(value, "gitlabPath");
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         * @throws IllegalStateException when a required value is missing
         */
        public AuditEvent build() {
            return new AuditEvent(this);
        }
    }
}
