package io.scimlab.gitlab.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The single unchecked error of the client. It carries the HTTP status (0 when no answer arrived), GitLab's
 * message, and the method and path of the request. The path never includes the query string, and nothing here
 * ever includes the token.
 */
public final class GitLabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of the exact status code. */
    public enum Kind {
        /** 400, 412 or 422: GitLab rejected the input; see {@link #fieldErrors()}. */
        VALIDATION,
        /**
         * 401 for the token itself: missing, unknown, expired or revoked (GitLab said {@code invalid_token}, or
         * {@code GET /user} with the same token answered 401 too).
         */
        UNAUTHORIZED,
        /**
         * 403: the token lacks a role or scope, or the endpoint is unavailable on this GitLab; also a 401 while the
         * token itself is valid ({@link #status()} 401: SAML group links answer so for missing rights).
         */
        FORBIDDEN,
        /** 404: the resource or route does not exist. */
        NOT_FOUND,
        /** 409: the resource already exists or conflicts. */
        CONFLICT,
        /**
         * 429 and the retries are exhausted, or a wait for the rate limit longer than
         * {@link RetryPolicy#maxRateLimitSleep()} (then the request was not sent, and {@link #status()} is that of
         * the last answer, 0 when none); see {@link #retryAfter()}.
         */
        RATE_LIMITED,
        /** 5xx, a timeout or a connection failure, after the retries allowed. */
        UNAVAILABLE,
        /** Any other answer GitLab should not give. */
        UNEXPECTED
    }

    private final Kind kind;
    private final int status;
    private final String gitlabMessage;
    private final String method;
    private final String path;
    private final Map<String, List<String>> fieldErrors;
    private final @Nullable Duration retryAfter;

    GitLabException(Kind kind, int status, String gitlabMessage, String method, String path,
            Map<String, List<String>> fieldErrors, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(kind + " (" + (status == 0 ? "no response" : "HTTP " + status) + ") from GitLab for " + method + " "
                + path + (gitlabMessage.isEmpty() ? "" : ": " + gitlabMessage), cause);
        this.kind = kind;
        this.status = status;
        this.gitlabMessage = gitlabMessage;
        this.method = method;
        this.path = path;
        this.fieldErrors = Map.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
    }

    /**
     * The kind of failure.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The HTTP status, or 0 when GitLab did not answer.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * GitLab's own message (its {@code message}, {@code error} or SCIM {@code detail}); empty when none.
     *
     * @return the message
     */
    public String gitlabMessage() {
        return gitlabMessage;
    }

    /**
     * The HTTP method.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * The request path, without query string.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * For validation errors of the form {@code {"message":{"field":["msg"]}}}: field to messages.
     *
     * @return the field errors, empty when none
     */
    public Map<String, List<String>> fieldErrors() {
        return fieldErrors;
    }

    /**
     * For rate-limit errors: how long GitLab asked to wait (or, when it did not say, the client's next backoff
     * step), from now.
     *
     * @return the wait
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
