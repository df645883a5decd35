package io.scimlab.gitlab.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request a {@link GitLabClient} sent (or tried to send), as a {@link GitLabCallListener} sees it when the
 * request has ended: after its last retry, with success or failure. Immutable.
 *
 * <p>The path is the encoded path the client put on the wire, e.g. {@code /api/v4/groups/acme%2Fdev/members}; it
 * never holds the query string (which may carry search terms or identities) and nothing here holds the token.
 */
public final class GitLabCall {
    private final String method;
    private final String path;
    private final int status;
    private final GitLabException.@Nullable Kind failure;
    private final Duration duration;
    private final int attempts;

    GitLabCall(String method, String path, int status, GitLabException.@Nullable Kind failure, Duration duration,
            int attempts) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.status = status;
        this.failure = failure;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.attempts = attempts;
    }

    /**
     * The HTTP method.
     *
     * @return the method, e.g. {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The encoded request path, without query string.
     *
     * @return the path, e.g. {@code /api/v4/users/12/block}
     */
    public String path() {
        return path;
    }

    /**
     * The HTTP status of the last attempt's answer, or 0 when none arrived (timeout, connection failure, or the
     * request was refused before sending, see {@link #attempts()}).
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * How the request failed, as the {@link GitLabException} the caller got says; empty on success.
     *
     * @return the failure kind
     */
    public Optional<GitLabException.Kind> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Whether the request succeeded.
     *
     * @return true when the caller got an answer, not an exception
     */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * The wall time from the first attempt to the end, waits for the rate limit and backoff included.
     *
     * @return the duration
     */
    public Duration duration() {
        return duration;
    }

    /**
     * How many HTTP exchanges were attempted (0 when the request failed before any was sent, e.g. with a token
     * GitLab refused moments ago).
     *
     * @return the attempts
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Whether the method may change GitLab ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}).
     *
     * @return true for writes
     */
    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GitLabCall c && c.method.equals(method) && c.path.equals(path) && c.status == status
                && c.failure == failure && c.duration.equals(duration) && c.attempts == attempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, status, failure, duration, attempts);
    }

    @Override
    public String toString() {
        return "GitLabCall[" + method + " " + path + " -> " + (failure == null ? "" : failure + " ") + status
                + ", attempts=" + attempts + ", " + duration.toMillis() + " ms]";
    }
}
