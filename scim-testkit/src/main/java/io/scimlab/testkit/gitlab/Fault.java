package io.scimlab.testkit.gitlab;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A fault to inject, as a rule: what happens to the requests it matches, and when. Immutable; build with a factory
 * such as {@link #status(int)} and refine with {@link #on(String, String)}, {@link #afterRequests(int)},
 * {@link #every(int)}, {@link #times(int)}, {@link #probability(double)}, {@link #startingAfter(Duration)} and
 * {@link #during(Duration)}. {@link FakeGitLab#inject(Fault)} applies it and returns an {@link InjectedFault} handle
 * to remove it again; any number of rules may be active at once, and their time windows may overlap.
 *
 * <p>Counting is per injected rule and only over the matching requests inside its time window:
 * {@code afterRequests(10).every(3).times(2)} lets 10 matching requests through, then fires on every third of the
 * rest, twice in all. A probability is applied to the requests the counting selects, with a seeded random source,
 * so a test run is repeatable. Time windows are measured on the fake's clock ({@link FakeGitLabBuilder#clock}).
 *
 * <p>Rules are checked in the order injected. A {@link Kind#LATENCY} rule delays and lets the next rules run; the
 * first rule of any other kind that fires decides the answer.
 */
public final class Fault {
    /** What the fault does. */
    public enum Kind {
        /** Answer with a status and body; GitLab never processes the request. */
        STATUS,
        /**
         * Answer 429 as GitLab's request throttle (Rack::Attack) does: {@code text/plain} "Retry later" with
         * {@code Retry-After} and the {@code RateLimit-*} headers.
         */
        RATE_LIMIT,
        /**
         * Answer 429 as a per-endpoint limit ({@code check_rate_limit!}) does: GitLab's JSON message, and no header
         * at all (GitLab 17.x) or only {@code Retry-After} (newer versions).
         */
        ENDPOINT_RATE_LIMIT,
        /** Delay, then go on (to other rules, then the normal answer). */
        LATENCY,
        /** Close the connection without answering; GitLab never processes the request. */
        DROP,
        /** Handle the request (state changes happen), then close the connection instead of answering. */
        DROP_RESPONSE
    }

    private Kind kind;
    private String method = "*";
    private Pattern path = Pattern.compile(".*");
    private int status;
    private String body = "";
    private long retryAfterSeconds = -1;
    private Duration latency = Duration.ZERO;
    private int skip;
    private int every = 1;
    private int times = -1;
    private double probability = 1.0;
    private long seed = 42;
    private Duration startAfter = Duration.ZERO;
    private @Nullable Duration during;
    private Map<String, String> headers = Map.of();

    private Fault(Kind kind) {
        this.kind = kind;
    }

    private Fault copy() {
        Fault f = new Fault(kind);
        f.method = method;
        f.path = path;
        f.status = status;
        f.body = body;
        f.retryAfterSeconds = retryAfterSeconds;
        f.latency = latency;
        f.skip = skip;
        f.every = every;
        f.times = times;
        f.probability = probability;
        f.seed = seed;
        f.startAfter = startAfter;
        f.during = during;
        f.headers = headers;
        return f;
    }

    /**
     * Answer with a status and GitLab's JSON error body ({@code {"message":"<status> ..."}}), e.g. a 5xx.
     *
     * @param status the status, e.g. 500 or 503
     * @return the fault, matching every request until refined
     */
    public static Fault status(int status) {
        return status(status, "{\"message\":\"" + status + " " + reason(status) + "\"}");
    }

    /**
     * Answer with a status and a body of your own.
     *
     * @param status the status
     * @param body   the JSON body
     * @return the fault
     */
    public static Fault status(int status, String body) {
        Fault f = new Fault(Kind.STATUS);
        f.status = status;
        f.body = Objects.requireNonNull(body);
        return f;
    }

    /**
     * Answer 429 as GitLab's request throttle does: "Retry later" with {@code Retry-After} and GitLab's
     * {@code RateLimit-*} headers.
     *
     * @param retryAfterSeconds the {@code Retry-After} value
     * @return the fault
     */
    public static Fault rateLimited(long retryAfterSeconds) {
        Fault f = new Fault(Kind.RATE_LIMIT);
        f.status = 429;
        f.retryAfterSeconds = retryAfterSeconds;
        return f;
    }

    /**
     * Answer 429 as a GitLab 17.x per-endpoint limit does: the JSON message and no header at all, so a client cannot
     * learn when to retry.
     *
     * @return the fault
     */
    public static Fault endpointRateLimited() {
        Fault f = new Fault(Kind.ENDPOINT_RATE_LIMIT);
        f.status = 429;
        return f;
    }

    /**
     * Answer 429 as a per-endpoint limit of GitLab 18.6 and later does: the JSON message and {@code Retry-After}
     * (GitLab sends the limit's whole interval).
     *
     * @param retryAfterSeconds the {@code Retry-After} value
     * @return the fault
     */
    public static Fault endpointRateLimited(long retryAfterSeconds) {
        Fault f = endpointRateLimited();
        f.retryAfterSeconds = retryAfterSeconds;
        return f;
    }

    /**
     * Delay matching requests, then answer normally.
     *
     * @param delay the delay
     * @return the fault
     */
    public static Fault latency(Duration delay) {
        Fault f = new Fault(Kind.LATENCY);
        f.latency = Objects.requireNonNull(delay);
        return f;
    }

    /**
     * Close the connection without answering: the client sees the connection end (a reset or an early EOF) and
     * GitLab never processed the request.
     *
     * @return the fault
     */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP);
    }

    /**
     * Handle the request normally, then drop the connection before the answer: the change happens but the client
     * never hears of it, the case that makes retrying a POST dangerous.
     *
     * @return the fault
     */
    public static Fault dropResponse() {
        return new Fault(Kind.DROP_RESPONSE);
    }

    /**
     * Restricts the fault to a method and a path.
     *
     * @param httpMethod the method, or {@code *} for any
     * @param pathRegex  a regular expression that must match the whole raw path
     * @return the copy
     */
    public Fault on(String httpMethod, String pathRegex) {
        Fault f = copy();
        f.method = Objects.requireNonNull(httpMethod);
        f.path = Pattern.compile(pathRegex);
        return f;
    }

    /**
     * Lets the first {@code n} matching requests through.
     *
     * @param n how many
     * @return the copy
     */
    public Fault afterRequests(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("afterRequests must not be negative");
        }
        Fault f = copy();
        f.skip = n;
        return f;
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
        Fault f = copy();
        f.every = n;
        return f;
    }

    /**
     * Fires at most {@code n} times; unlimited by default.
     *
     * @param n how many times
     * @return the copy
     */
    public Fault times(int n) {
        Fault f = copy();
        f.times = n;
        return f;
    }

    /**
     * Fires on each selected request with this probability, drawn from a random source seeded with 42.
     *
     * @param p the probability, 0 to 1
     * @return the copy
     */
    public Fault probability(double p) {
        return probability(p, 42);
    }

    /**
     * Fires on each selected request with this probability, drawn from a random source with this seed.
     *
     * @param p    the probability, 0 to 1
     * @param seed the seed, for a repeatable sequence
     * @return the copy
     */
    public Fault probability(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
        Fault f = copy();
        f.probability = p;
        f.seed = seed;
        return f;
    }

    /**
     * Becomes active this long after it is injected (immediately by default).
     *
     * @param delay the delay on the fake's clock
     * @return the copy
     */
    public Fault startingAfter(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the delay must not be negative");
        }
        Fault f = copy();
        f.startAfter = delay;
        return f;
    }

    /**
     * Stays active this long once started, then stops by itself (until removed by default).
     *
     * @param window the window on the fake's clock
     * @return the copy
     */
    public Fault during(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
        Fault f = copy();
        f.during = window;
        return f;
    }

    /**
     * Adds a response header to {@link Kind#STATUS}, {@link Kind#RATE_LIMIT} and {@link Kind#ENDPOINT_RATE_LIMIT}
     * answers, e.g. a {@code Link}.
     *
     * @param name  the header name
     * @param value the value
     * @return the copy
     */
    public Fault header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        Fault f = copy();
        f.headers = Map.copyOf(more);
        return f;
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    Map<String, String> headers() {
        return headers;
    }

    int statusCode() {
        return status;
    }

    String body() {
        return body;
    }

    /** The {@code Retry-After} value, -1 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration delay() {
        return latency;
    }

    double probabilityValue() {
        return probability;
    }

    long seed() {
        return seed;
    }

    Duration startAfter() {
        return startAfter;
    }

    /** The active window once started, null for until removed. */
    @Nullable Duration window() {
        return during;
    }

    boolean matches(String httpMethod, String rawPath) {
        return (method.equals("*") || method.equalsIgnoreCase(httpMethod)) && path.matcher(rawPath).matches();
    }

    /** Decides, for the {@code n}-th matching request (1-based), whether the counting selects it. */
    boolean selects(int n, int firedSoFar) {
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
