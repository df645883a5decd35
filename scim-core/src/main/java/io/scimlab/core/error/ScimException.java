package io.scimlab.core.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type of ScimLab: an HTTP status, an optional RFC 7644 {@link ScimType} and a detail
 * message meant for the SCIM client.
 *
 * <p>It is unchecked, like OkHttp's and Jackson's errors, so that providers and engines do not have to
 * declare it. The {@link #detail()} is sent to the client as it is: it must never carry a secret, and it
 * names the attribute or position that was wrong. {@link #toErrorJson()} renders the RFC 7644 §3.12 error
 * body, with {@code status} as a string as the RFC's examples (and Okta) require.
 *
 * <p>A 503 or 429 may say when to retry ({@link #withRetryAfter(Duration)}): the server answers it as the
 * {@code Retry-After} header, so an identity provider backs off instead of hammering a rate-limited backend.
 *
 * <p>Stack traces are not filled in for client errors (4xx): they describe bad input, not a bug, and they
 * are thrown often on hot paths such as filter parsing. A detail longer than {@value #MAX_DETAIL} characters is
 * cut: a detail is for a person, and must never carry a request's megabytes back.
 */
public final class ScimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The URN of the SCIM error message schema. */
    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    /** The longest detail kept; longer ones are cut with {@code ...}. */
    public static final int MAX_DETAIL = 1024;

    private final int status;
    private final transient @Nullable ScimType scimType;
    private final String detail;
    private final @Nullable Duration retryAfter;

    private ScimException(int status, @Nullable ScimType scimType, String detail, @Nullable Throwable cause,
            @Nullable Duration retryAfter) {
        super(cut(detail), cause, true, status >= 500);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a SCIM error status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.scimType = scimType;
        this.detail = cut(detail);
        this.retryAfter = retryAfter;
    }

    private ScimException(int status, @Nullable ScimType scimType, String detail, @Nullable Throwable cause) {
        this(status, scimType, detail, cause, null);
    }

    private static String cut(String detail) {
        Objects.requireNonNull(detail, "detail");
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 3) + "...";
    }

    /**
     * An error with a {@code scimType}, at the status the RFC pairs with it.
     *
     * @param scimType the RFC keyword
     * @param detail what was wrong, naming the attribute or position; shown to the client
     * @return the exception, to throw
     */
    public static ScimException of(ScimType scimType, String detail) {
        return new ScimException(scimType.defaultStatus(), scimType, detail, null);
    }

    /**
     * An error with a {@code scimType} at a given status.
     *
     * @param status the HTTP status (4xx or 5xx)
     * @param scimType the RFC keyword
     * @param detail what was wrong; shown to the client
     * @return the exception, to throw
     */
    public static ScimException of(int status, ScimType scimType, String detail) {
        return new ScimException(status, scimType, detail, null);
    }

    /**
     * An error without a {@code scimType} (e.g. 404, 409 on a version, 412, 413, 500, 501).
     *
     * @param status the HTTP status (4xx or 5xx)
     * @param detail what was wrong; shown to the client
     * @return the exception, to throw
     */
    public static ScimException status(int status, String detail) {
        return new ScimException(status, null, detail, null);
    }

    /**
     * Shorthand for a 400 {@code invalidValue}.
     *
     * @param detail what was wrong, naming the attribute path
     * @return the exception, to throw
     */
    public static ScimException invalidValue(String detail) {
        return of(ScimType.INVALID_VALUE, detail);
    }

    /**
     * Shorthand for a 400 {@code invalidSyntax}.
     *
     * @param detail what was wrong, naming the position
     * @return the exception, to throw
     */
    public static ScimException invalidSyntax(String detail) {
        return of(ScimType.INVALID_SYNTAX, detail);
    }

    /**
     * Shorthand for a 404 with a detail naming the resource.
     *
     * @param detail which resource was not found
     * @return the exception, to throw
     */
    public static ScimException notFound(String detail) {
        return status(404, detail);
    }

    /**
     * A copy of this error that records the lower-level cause (for logs; the cause never reaches the client).
     *
     * @param cause the underlying failure
     * @return a new exception with the same status, type and detail
     */
    public ScimException withCause(Throwable cause) {
        return new ScimException(status, scimType, detail, cause, retryAfter);
    }

    /**
     * A copy of this error that tells the client when to retry: {@link io.scimlab.core.server.ScimServer} answers
     * it with a {@code Retry-After} header (RFC 9110 §10.2.3) in whole seconds, rounded up. Only a 503 (Service
     * Unavailable) or 429 (Too Many Requests) carries one.
     *
     * @param delay how long to wait, zero or more
     * @return a new exception with the same status, type, detail and cause
     * @throws IllegalArgumentException when the delay is negative or the status is neither 503 nor 429
     */
    public ScimException withRetryAfter(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a retry delay is not negative");
        }
        if (status != 503 && status != 429) {
            throw new IllegalArgumentException("Retry-After belongs to a 503 or a 429, not a " + status);
        }
        return new ScimException(status, scimType, detail, getCause(), delay);
    }

    /** When the client may retry, for a 503 or 429 that says so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The {@code Retry-After} header value: the delay in whole seconds, rounded up.
     *
     * @return the value, or empty when this error has no retry delay
     */
    public Optional<String> retryAfterHeader() {
        if (retryAfter == null) {
            return Optional.empty();
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Optional.of(Long.toString(seconds));
    }

    /** The HTTP status, 400 to 599. */
    public int status() {
        return status;
    }

    /** The RFC 7644 {@code scimType}, when the error has one. */
    public Optional<ScimType> scimType() {
        return Optional.ofNullable(scimType);
    }

    /** The human-readable detail sent to the client. */
    public String detail() {
        return detail;
    }

    /**
     * Renders the RFC 7644 §3.12 error body: {@code schemas}, {@code status} (a string), {@code scimType}
     * when present, and {@code detail}.
     *
     * @return a new JSON object
     */
    public ObjectNode toErrorJson() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.putArray("schemas").add(ERROR_SCHEMA);
        error.put("status", Integer.toString(status));
        if (scimType != null) {
            error.put("scimType", scimType.keyword());
        }
        error.put("detail", detail);
        return error;
    }

    /**
     * Reads an RFC 7644 error body (as GitLab's SCIM API or another SCIM server sends it); {@code status} may
     * be a string or a number, {@code scimType} may be absent or unknown.
     *
     * @param error the error JSON
     * @param fallbackStatus the HTTP status to use when the body has none
     * @return the exception
     */
    public static ScimException fromErrorJson(JsonNode error, int fallbackStatus) {
        JsonNode statusNode = error.path("status");
        int status = fallbackStatus;
        if (statusNode.isNumber()) {
            status = statusNode.asInt();
        } else if (statusNode.isTextual()) {
            try {
                status = Integer.parseInt(statusNode.asText().trim());
            } catch (NumberFormatException e) {
                status = fallbackStatus;
            }
        }
        if (status < 400 || status > 599) {
            status = fallbackStatus < 400 || fallbackStatus > 599 ? 500 : fallbackStatus;
        }
        ScimType type = error.path("scimType").isTextual()
                ? ScimType.fromKeyword(error.path("scimType").asText()).orElse(null)
                : null;
        String detail = error.path("detail").isTextual() ? error.path("detail").asText() : "HTTP " + status;
        return new ScimException(status, type, detail, null);
    }

    // Not getMessage(), as Error Prone suggests: getMessage() is the bare detail, which callers put into SCIM error
    // bodies and log lines; toString() is the one-line description with status, scimType and Retry-After.
    @SuppressWarnings("OverrideThrowableToString")
    @Override
    public String toString() {
        return "ScimException{status=" + status + (scimType == null ? "" : ", scimType=" + scimType.keyword())
                + ", detail=" + detail + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "}";
    }
}
