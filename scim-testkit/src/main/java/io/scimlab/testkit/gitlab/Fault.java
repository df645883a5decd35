package io.scimlab.testkit.gitlab;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fault to inject for requests matching a method and a path pattern. Immutable; build with a factory such as
 * {@link #status(int)} and refine with {@link #on(String, String)}, {@link #afterRequests(int)},
 * {@link #every(int)} and {@link #times(int)}.
 *
 * <p>Counting is per rule and only over matching requests: {@code afterRequests(10).every(3).times(2)} lets 10
 * matching requests through, then fires on every third of the rest, twice in all.
 */
public final class Fault {
    /** What the fault does. */
    public enum Kind {
        /** Answer with a status and body. */
        STATUS,
        /** Answer 429 with GitLab's rate-limit headers and {@code Retry-After}. */
        RATE_LIMIT,
        /** Delay, then handle the request normally. */
        LATENCY,
        /** Close the connection without answering. */
        DROP,
        /** Handle the request (state changes happen), then close the connection instead of answering. */
        DROP_RESPONSE
    }

    private final Kind kind;
    private final String method;
    private final Pattern path;
    private final int status;
    private final String body;
    private final long retryAfterSeconds;
    private final Duration latency;
    private final int skip;
    private final int every;
    private final int times;
    private final Map<String, String> headers;

    private Fault(Kind kind, String method, Pattern path, int status, String body, long retryAfterSeconds,
            Duration latency, int skip, int every, int times, Map<String, String> headers) {
        this.kind = kind;
        this.method = method;
        this.path = path;
        this.status = status;
        this.body = body;
        this.retryAfterSeconds = retryAfterSeconds;
        this.latency = latency;
        this.skip = skip;
        this.every = every;
        this.times = times;
        this.headers = Map.copyOf(headers);
    }

    private static Fault of(Kind kind, int status, String body, long retryAfter, Duration latency) {
        return new Fault(kind, "*", Pattern.compile(".*"), status, body, retryAfter, latency, 0, 1, -1, Map.of());
    }

    /**
     * Answer with a status and GitLab's JSON error body ({@code {"message":"<status> ..."}}).
     *
     * @param status the status, e.g. 500 or 503
     * @return the fault, matching every request until refined
     */
    public static Fault status(int status) {
        return of(Kind.STATUS, status, "{\"message\":\"" + status + " " + reason(status) + "\"}", 0, Duration.ZERO);
    }

    /**
     * Answer with a status and a body of your own.
     *
     * @param status the status
     * @param body   the JSON body
     * @return the fault
     */
    public static Fault status(int status, String body) {
        return of(Kind.STATUS, status, body, 0, Duration.ZERO);
    }

    /**
     * Answer 429 "Retry later" with {@code Retry-After} and GitLab's {@code RateLimit-*} headers.
     *
     * @param retryAfterSeconds the {@code Retry-After} value
     * @return the fault
     */
    public static Fault rateLimited(long retryAfterSeconds) {
        return of(Kind.RATE_LIMIT, 429, "Retry later", retryAfterSeconds, Duration.ZERO);
    }

    /**
     * Delay matching requests, then answer normally.
     *
     * @param delay the delay
     * @return the fault
     */
    public static Fault latency(Duration delay) {
        return of(Kind.LATENCY, 0, "", 0, delay);
    }

    /**
     * Drop the connection without answering.
     *
     * @return the fault
     */
    public static Fault dropConnection() {
        return of(Kind.DROP, 0, "", 0, Duration.ZERO);
    }

    /**
     * Handle the request normally, then drop the connection before the answer: the change happens but the client
     * never hears of it, the case that makes retrying a POST dangerous.
     *
     * @return the fault
     */
    public static Fault dropResponse() {
        return of(Kind.DROP_RESPONSE, 0, "", 0, Duration.ZERO);
    }

    /**
     * Restricts the fault to a method and a path.
     *
     * @param httpMethod the method, or {@code *} for any
     * @param pathRegex  a regular expression that must match the whole raw path
     * @return the copy
     */
    public Fault on(String httpMethod, String pathRegex) {
        return new Fault(kind, Objects.requireNonNull(httpMethod), Pattern.compile(pathRegex), status, body,
                retryAfterSeconds, latency, skip, every, times, headers);
    }

    /**
     * Lets the first {@code n} matching requests through.
     *
     * @param n how many
     * @return the copy
     */
    public Fault afterRequests(int n) {
        return new Fault(kind, method, path, status, body, retryAfterSeconds, latency, n, every, times, headers);
    }

    /**
     * Fires only on every {@code n}-th eligible request.
     *
     * @param n the period, at least 1
     * @return the copy
     */
    public Fault every(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("every must be at least 1");
        }
        return new Fault(kind, method, path, status, body, retryAfterSeconds, latency, skip, n, times, headers);
    }

    /**
     * Fires at most {@code n} times; unlimited by default.
     *
     * @param n how many times
     * @return the copy
     */
    public Fault times(int n) {
        return new Fault(kind, method, path, status, body, retryAfterSeconds, latency, skip, every, n, headers);
    }

    /**
     * Adds a response header to {@link Kind#STATUS} and {@link Kind#RATE_LIMIT} answers, e.g. a {@code Link}.
     *
     * @param name  the header name
     * @param value the value
     * @return the copy
     */
    public Fault header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Fault(kind, method, path, status, body, retryAfterSeconds, latency, skip, every, times, more);
    }

    Map<String, String> headers() {
        return headers;
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    int statusCode() {
        return status;
    }

    String body() {
        return body;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration delay() {
        return latency;
    }

    boolean matches(String httpMethod, String rawPath) {
        return (method.equals("*") || method.equalsIgnoreCase(httpMethod)) && path.matcher(rawPath).matches();
    }

    /** Decides, for the {@code n}-th matching request (1-based), whether this fault fires. */
    boolean firesOn(int n, int firedSoFar) {
        if (n <= skip || (times >= 0 && firedSoFar >= times)) {
            return false;
        }
        return (n - skip) % every == 0;
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Error";
        };
    }

    @Override
    public String toString() {
        return "Fault[" + kind + " " + method + " " + path + "]";
    }
}
