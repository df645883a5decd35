package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Sends one logical request: paces it, authenticates it, retries it when that is safe, and turns failures into
 * {@link GitLabException}s. The token lives only here and only goes into the request header.
 */
final class Transport {
    /** How often one request is sent again with a newer token after a 401. */
    private static final int MAX_TOKEN_REFRESHES = 3;

    static final MediaType JSON = MediaType.get("application/json");

    /** An answer that is not an error. */
    record Reply(int status, Headers headers, String body) {
    }

    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    private final OkHttpClient http;
    private final String authHeader;
    private final TokenHeader kind;
    private final Supplier<String> token;
    private final Duration refusedPause;
    // The last token GitLab refused (as a hash: the secret stays in the supplier) and until when it is not sent
    // again, so an IdP retrying against a revoked token does not turn into a loop of 401s at GitLab. Shared with
    // the clients derived by newBuilder(), like the pacer.
    private final AtomicReference<@Nullable Refusal> refusal;
    private final RetryPolicy policy;
    private final Pacer pacer;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final List<GitLabCallListener> listeners;

    record Refusal(String tokenHash, long untilMillis) {
    }

    Transport(OkHttpClient http, TokenHeader kind, Supplier<String> token, Duration refusedPause, RetryPolicy policy,
            Pacer pacer, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
        this(http, kind, token, refusedPause, new AtomicReference<>(), policy, pacer, sleeper, clock, mapper,
                List.of());
    }

    Transport(OkHttpClient http, TokenHeader kind, Supplier<String> token, Duration refusedPause,
            AtomicReference<@Nullable Refusal> refusal, RetryPolicy policy, Pacer pacer, Sleeper sleeper,
            Clock clock, ObjectMapper mapper, List<GitLabCallListener> listeners) {
        this.http = http;
        this.authHeader = kind == TokenHeader.BEARER ? "Authorization" : "PRIVATE-TOKEN";
        this.kind = kind;
        this.token = token;
        this.refusedPause = refusedPause;
        this.refusal = refusal;
        this.policy = policy;
        this.pacer = pacer;
        this.sleeper = sleeper;
        this.clock = clock;
        this.mapper = mapper;
        this.listeners = List.copyOf(listeners);
    }

    Pacer pacer() {
        return pacer;
    }

    AtomicReference<@Nullable Refusal> refusal() {
        return refusal;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    RetryPolicy policy() {
        return policy;
    }

    OkHttpClient http() {
        return http;
    }

    /**
     * Sends a request.
     *
     * @param idempotent whether 5xx, timeouts and connection failures may be retried; 429 is always retried
     *                   because GitLab's rate limiter answers before the request is processed
     */
    Reply send(String method, HttpUrl url, @Nullable JsonNode body, MediaType type, boolean idempotent) {
        long start = System.nanoTime();
        int[] attempts = new int[1];
        if (listeners.isEmpty()) {
            return send(method, url, body, type, idempotent, start, attempts);
        }
        try {
            Reply reply = send(method, url, body, type, idempotent, start, attempts);
            ended(new GitLabCall(method, url.encodedPath(), reply.status(), null, elapsed(start), attempts[0]));
            return reply;
        } catch (GitLabException e) {
            ended(new GitLabCall(method, url.encodedPath(), e.status(), e.kind(), elapsed(start), attempts[0]));
            throw e;
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void ended(GitLabCall call) {
        for (GitLabCallListener l : listeners) {
            try {
                l.callEnded(call);
            } catch (RuntimeException e) {
                // An observer must never turn a call GitLab answered into a failure (or hide one).
                LOG.log(System.Logger.Level.WARNING, "GitLabCallListener failed: " + e.getClass().getName());
            }
        }
    }

    private Reply send(String method, HttpUrl url, @Nullable JsonNode body, MediaType type, boolean idempotent,
            long start, int[] attempts) {
        String path = url.encodedPath();
        String endpoint = Pacer.endpoint(method, path);
        boolean memberDelete = Pacer.memberDelete(method, path);
        long maxSleep = policy.maxRateLimitSleep().map(Duration::toMillis).orElse(Long.MAX_VALUE);
        int failures = 0;
        int limited = 0;
        int lastStatus = 0;
        int refreshes = 0;
        while (true) {
            String secret = currentToken(method, path);
            long wait = pacer.reserve(endpoint, memberDelete, maxSleep);
            if (wait < 0) {
                // Longer than this caller may sleep (the bridge holds a lock): fail unsent, saying when to return.
                throw new GitLabException(GitLabException.Kind.RATE_LIMITED, lastStatus, "rate limited: the next "
                        + "request may go out in " + Duration.ofMillis(-wait).toSeconds() + " s; not sent", method,
                        path, Map.of(), Duration.ofMillis(-wait), null);
            }
            pause(Duration.ofMillis(wait), method, path);
            Reply reply;
            attempts[0]++;
            try {
                reply = execute(method, url, body, type, secret);
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(method, path, e);
                }
                failures++;
                if (idempotent && failures < policy.maxAttempts()) {
                    pause(backoff(failures), method, path);
                    continue;
                }
                throw new GitLabException(GitLabException.Kind.UNAVAILABLE, 0, "timeout", method, path, Map.of(),
                        null, e);
            } catch (IOException e) {
                failures++;
                if (idempotent && failures < policy.maxAttempts()) {
                    pause(backoff(failures), method, path);
                    continue;
                }
                throw new GitLabException(GitLabException.Kind.UNAVAILABLE, 0,
                        "connection failed: " + e.getClass().getSimpleName(), method, path, Map.of(), null, e);
            }
            pacer.observe(header(reply, "RateLimit-Remaining"), header(reply, "RateLimit-Reset"));
            int status = reply.status();
            lastStatus = status;
            if (status == 429) {
                limited++;
                Duration retryAfter = rateLimited(reply, endpoint);
                if (limited <= policy.maxRateLimitRetries() && retryAfter.compareTo(policy.maxRateLimitWait()) <= 0) {
                    // The gate is closed; the next turn waits at it like any request (or fails unsent).
                    continue;
                }
                throw error(reply, method, path, retryAfter);
            }
            pacer.answered(endpoint);
            if (status >= 500) {
                failures++;
                if (idempotent && failures < policy.maxAttempts()) {
                    pause(backoff(failures), method, path);
                    continue;
                }
                throw error(reply, method, path, null);
            }
            if (status == 401 && !rotatesAnotherToken(path)) {
                if (!tokenRefused(reply, url, secret)) {
                    // The token works: GitLab refused this request, not the token (SAML group links answer 401 to
                    // a caller without the rights, and for a group that does not exist).
                    GitLabException e = error(reply, method, path, null);
                    throw new GitLabException(GitLabException.Kind.FORBIDDEN, 401, e.gitlabMessage()
                            + " (the token is valid: missing rights, or no such resource)", method, path,
                            e.fieldErrors(), null, null);
                }
                // GitLab checks the token before it processes anything, so repeating even a POST is safe.
                if (token instanceof TokenSource source) {
                    source.refused(secret, new GitLabCall(method, path, status, GitLabException.Kind.UNAUTHORIZED,
                            elapsed(start), attempts[0]));
                }
                // A newer token (a rotation switched while this request was on its way): send it again. More than
                // once, because rotations can follow each other while one request waits at the pacer; bounded,
                // because each retry needs a token other than the one just refused.
                if (refreshes < MAX_TOKEN_REFRESHES && !supplied(method, path).equals(secret)) {
                    refreshes++;
                    continue;
                }
                refusal.set(new Refusal(hash(secret), clock.millis() + refusedPause.toMillis()));
                throw error(reply, method, path, null);
            }
            if (status < 200 || status >= 300) {
                throw error(reply, method, path, null);
            }
            return reply;
        }
    }

    /**
     * A 429: closes the gate it concerns and returns how long it stays closed. GitLab's request throttle
     * (Rack::Attack) sends {@code RateLimit-*} headers and limits every request of the caller: the global gate.
     * A per-endpoint limit sends none, and {@code Retry-After} (the limit's whole interval) only from GitLab 18.6:
     * that endpoint's gate, closed for {@code Retry-After} or, without it, for the endpoint's next backoff step.
     */
    private Duration rateLimited(Reply reply, String endpoint) {
        boolean throttle = !header(reply, "RateLimit-Limit").isEmpty() || !header(reply, "RateLimit-Name").isEmpty();
        int strike = throttle ? 0 : pacer.strike(endpoint);
        Duration wait = retryAfter(reply).orElseGet(() -> policy.rateLimitBackoff(Math.max(1, strike),
                ThreadLocalRandom.current().nextDouble()));
        // A wait beyond maxRateLimitWait fails this request; the gate holds the others back only that long, so no
        // request sleeps for an hour a Retry-After asked (each that tries again learns GitLab's wait anew).
        long until = clock.millis() + Math.min(wait.toMillis(), policy.maxRateLimitWait().toMillis());
        if (throttle) {
            pacer.closeUntil(until);
        } else {
            pacer.closeUntil(endpoint, until);
        }
        return wait;
    }

    /**
     * Whether a 401 means the token itself is refused. GitLab says so in the body for revoked and expired tokens
     * ({@code invalid_token}); a bare {@code 401 Unauthorized} is also what some endpoints answer for missing
     * rights, so a cheap {@code GET /api/v4/user} with the same token decides: only a 401 there confirms it. SCIM
     * endpoints check nothing but the token, so their 401 is the token's.
     */
    private boolean tokenRefused(Reply reply, HttpUrl url, String secret) {
        if (reply.body().contains("invalid_token")) {
            return true;
        }
        List<String> segments = url.pathSegments();
        int api = -1;
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i).equals("api") && segments.get(i + 1).equals("v4")) {
                api = i;
                break;
            }
        }
        if (api < 0 || (segments.size() == api + 3 && segments.get(api + 2).equals("user"))) {
            return true;
        }
        HttpUrl.Builder check = url.newBuilder().query(null);
        for (int i = segments.size() - 1; i >= api + 2; i--) {
            check.removePathSegment(i);
        }
        try {
            return execute("GET", check.addPathSegment("user").build(), null, JSON, secret).status() == 401;
        } catch (IOException e) {
            // Cannot tell: take GitLab's word for it, as before the check existed.
            return true;
        }
    }

    /**
     * Rotating another token by id answers 401 to a non-administrator when that token is not theirs or does not
     * exist ({@code lib/api/personal_access_tokens.rb}), so such a 401 says nothing about the caller's token.
     */
    private static boolean rotatesAnotherToken(String path) {
        return path.endsWith("/rotate") && !path.endsWith("/self/rotate");
    }

    /** The token to send; fails fast while it is the one GitLab refused within the pause. */
    private String currentToken(String method, String path) {
        String secret = supplied(method, path);
        Refusal r = refusal.get();
        if (r != null) {
            if (clock.millis() < r.untilMillis() && r.tokenHash().equals(hash(secret))) {
                throw new GitLabException(GitLabException.Kind.UNAUTHORIZED, 401,
                        "the token was refused (revoked or expired); not sent again yet", method, path, Map.of(),
                        null, null);
            }
            refusal.compareAndSet(r, null);
        }
        return secret;
    }

    /** The supplier's value; one it gave that cannot be sent fails the request without showing the value. */
    private String supplied(String method, String path) {
        try {
            return token.get();
        } catch (CheckedTokenSource.UnusableTokenException e) {
            throw new GitLabException(GitLabException.Kind.UNAUTHORIZED, 0,
                    Objects.requireNonNullElse(e.getMessage(), "the token source has no usable token"), method, path, Map.of(),
                    null, null);
        }
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    Duration backoff(int retry) {
        return policy.backoff(retry, ThreadLocalRandom.current().nextDouble());
    }

    void pause(Duration wait, String method, String path) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(method, path, e);
        }
    }

    private static GitLabException interrupted(String method, String path, Exception e) {
        return new GitLabException(GitLabException.Kind.UNAVAILABLE, 0, "interrupted", method, path, Map.of(), null,
                e);
    }

    private Reply execute(String method, HttpUrl url, @Nullable JsonNode body, MediaType type, String secret)
            throws IOException {
        RequestBody requestBody = null;
        if (body != null) {
            requestBody = RequestBody.create(mapper.writeValueAsBytes(body), type);
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            requestBody = RequestBody.create(new byte[0], type);
        }
        String authValue = kind == TokenHeader.BEARER ? "Bearer " + secret : secret;
        Request request;
        try {
            request = new Request.Builder().url(url).header(authHeader, authValue)
                    .header("Accept", "application/json").method(method, requestBody).build();
        } catch (IllegalArgumentException e) {
            // OkHttp names the header value in this error: never pass it (or it as a cause) on. Tokens are cleaned
            // when set and when supplied, so this is a last line of defence.
            throw new GitLabException(GitLabException.Kind.UNAUTHORIZED, 0, "the token cannot be sent in an HTTP "
                    + "header", method, url.encodedPath(), Map.of(), null, null);
        }
        try (Response response = http.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            return new Reply(response.code(), response.headers(), responseBody.string());
        }
    }

    private static String header(Reply reply, String name) {
        String value = reply.headers().get(name);
        return value == null ? "" : value;
    }

    /** GitLab's wait: {@code Retry-After} seconds, else until {@code RateLimit-Reset}; empty when it says neither. */
    Optional<Duration> retryAfter(Reply reply) {
        try {
            String after = header(reply, "Retry-After");
            if (!after.isEmpty()) {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(after.trim()))));
            }
            String reset = header(reply, "RateLimit-Reset");
            if (!reset.isEmpty()) {
                return Optional.of(Duration.ofMillis(Math.max(0, Long.parseLong(reset.trim()) * 1000
                        - clock.millis())));
            }
        } catch (NumberFormatException ignored) {
            // Fall through to our own backoff.
        }
        return Optional.empty();
    }

    GitLabException error(Reply reply, String method, String path, @Nullable Duration retryAfter) {
        int status = reply.status();
        String message = "";
        Map<String, List<String>> fields = new LinkedHashMap<>();
        JsonNode json = null;
        try {
            json = reply.body().isBlank() ? null : mapper.readTree(reply.body());
        } catch (IOException notJson) {
            json = null;
        }
        if (json != null && json.isObject()) {
            JsonNode m = json.path("message");
            if (m.isTextual()) {
                message = m.asText();
            } else if (m.isObject()) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : m.properties()) {
                    List<String> messages = new ArrayList<>();
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(v -> messages.add(redact(v.asText())));
                    } else {
                        messages.add(redact(e.getValue().asText()));
                    }
                    fields.put(redact(e.getKey()), List.copyOf(messages));
                    parts.add(redact(e.getKey()) + " " + String.join(", ", messages));
                }
                message = String.join("; ", parts);
            } else if (json.path("error").isTextual()) {
                message = json.path("error").asText()
                        + (json.path("error_description").isTextual() ? ": " + json.path("error_description").asText()
                                : "");
            } else if (json.path("detail").isTextual()) {
                message = json.path("detail").asText();
            }
        } else if (json == null) {
            // Mask before cutting: a token straddling the cut would otherwise leak its first part.
            String text = redact(reply.body().strip());
            message = text.length() > 200 ? text.substring(0, 200) : text;
        }
        GitLabException.Kind kind = switch (status) {
            case 400, 412, 422 -> GitLabException.Kind.VALIDATION;
            case 401 -> GitLabException.Kind.UNAUTHORIZED;
            case 403 -> GitLabException.Kind.FORBIDDEN;
            case 404 -> GitLabException.Kind.NOT_FOUND;
            case 409 -> GitLabException.Kind.CONFLICT;
            case 429 -> GitLabException.Kind.RATE_LIMITED;
            default -> status >= 500 ? GitLabException.Kind.UNAVAILABLE : GitLabException.Kind.UNEXPECTED;
        };
        return new GitLabException(kind, status, redact(message), method, path, fields, retryAfter, null);
    }

    /**
     * GitLab's text with our own token masked: a proxy or a misconfigured GitLab that echoes the request headers
     * (or a URL it was given) in an error body must not put the token into an exception, a log line or a SCIM error
     * detail. The token is masked as it is and percent-encoded ({@code glpat%2D...}, also twice encoded), and so
     * is anything shaped like a GitLab token.
     */
    private String redact(String text) {
        // The current value: after a rotation GitLab may still echo the previous one, which the supplier no longer
        // holds; both are masked by the pattern of GitLab tokens below as well.
        String secret;
        try {
            secret = token.get();
        } catch (RuntimeException e) {
            // An unusable supplied value is never sent, so it cannot be echoed.
            secret = "";
        }
        String masked = text;
        if (!secret.isEmpty()) {
            masked = masked.replace(secret, "****");
            masked = percentEncodable(secret).matcher(masked).replaceAll("****");
        }
        return GITLAB_TOKEN.matcher(masked).replaceAll("****");
    }

    /** A pattern for {@code value} with any of its characters percent-encoded, once or more ({@code %252D}). */
    private static Pattern percentEncodable(String value) {
        StringBuilder p = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            String hex = String.format("%02X", b & 0xff);
            String encoded = "%(?:25)*(?i:" + hex + ")";
            p.append(c < 0x80 ? "(?:" + Pattern.quote(String.valueOf(c)) + "|" + encoded + ")" : encoded);
        }
        return Pattern.compile(p.toString());
    }

    /**
     * GitLab's token formats (personal, group, service account, SCIM), also with percent-encoded characters: masked
     * wherever an error text has one.
     */
    private static final Pattern GITLAB_TOKEN = Pattern.compile("gl(?:pat|oas|dt|ft|imt|ptt|rt|soat|agent|ctt|cbt)"
            + "(?:-|%(?:25)*2[dD])(?:[A-Za-z0-9_\\-]|%(?:25)*[0-9A-Fa-f]{2}){8,}");
}
