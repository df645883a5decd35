package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The fake's HTTP side: reads a request, applies the injected faults and the request throttle, hands it to
 * {@link FakeApi}, writes the answer and records it in the journal.
 */
final class FakeHttp {
    private final FakeApi api;
    private final Clock clock;
    private final @Nullable FakeThrottle throttle;
    private final FakeThrottle faultHeaders;
    // Appended on every request, so not copy-on-write; readers copy it under its lock.
    final List<JournalEntry> journal = Collections.synchronizedList(new ArrayList<>());
    final CopyOnWriteArrayList<InjectedFault> faults = new CopyOnWriteArrayList<>();
    final AtomicLong requests = new AtomicLong();

    FakeHttp(FakeApi api, FakeOptions options) {
        this.api = api;
        this.clock = options.clock();
        int limit = options.rateLimitPerMinute();
        this.throttle = limit > 0 ? new FakeThrottle(limit, clock) : null;
        this.faultHeaders = new FakeThrottle(limit, clock);
    }

    InjectedFault inject(Fault fault) {
        InjectedFault f = new InjectedFault(fault, clock.instant(), faults);
        faults.add(f);
        return f;
    }

    void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
        byte[] bodyBytes = ex.getRequestBody().readAllBytes();
        Call call = new Call(ex, method, rawPath, rawQuery, new String(bodyBytes, StandardCharsets.UTF_8));
        boolean dropResponse = false;
        try {
            for (InjectedFault f : faults) {
                if (!f.fires(method, rawPath, clock.instant())) {
                    continue;
                }
                Fault fault = f.fault();
                switch (fault.kind()) {
                    case LATENCY -> sleep(fault.delay());
                    case DROP -> {
                        call.journal(0, false);
                        // Closing before any response header closes the TCP connection: the client sees it end.
                        ex.close();
                        return;
                    }
                    case RATE_LIMIT -> {
                        Map<String, String> headers = new java.util.LinkedHashMap<>(faultHeaders.faultHeaders(
                                fault.retryAfterSeconds()));
                        headers.putAll(fault.headers());
                        call.sendText(429, "Retry later\n", headers, false);
                        return;
                    }
                    case ENDPOINT_RATE_LIMIT -> {
                        Map<String, String> headers = new java.util.LinkedHashMap<>(fault.headers());
                        if (fault.retryAfterSeconds() >= 0) {
                            headers.put("Retry-After", Long.toString(fault.retryAfterSeconds()));
                        }
                        ObjectNode body = FakeApi.JSON.objectNode();
                        body.putObject("message").put("error",
                                "This endpoint has been requested too many times. Try again later.");
                        call.send(429, FakeApi.MAPPER.writeValueAsBytes(body), headers, false);
                        return;
                    }
                    case DROP_RESPONSE -> dropResponse = true;
                    case STATUS -> {
                        call.send(fault.statusCode(), fault.body().getBytes(StandardCharsets.UTF_8), fault.headers(),
                                false);
                        return;
                    }
                    default -> throw new IllegalStateException();
                }
            }
            if (throttle != null) {
                FakeThrottle.Outcome outcome = throttle.take();
                outcome.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                if (outcome.throttled()) {
                    call.sendText(429, "Retry later\n", Map.of(), false);
                    return;
                }
            }
            FakeApi.Resp resp;
            try {
                resp = api.handle(request(ex, method, rawPath, rawQuery, bodyBytes));
            } catch (FakeError e) {
                resp = new FakeApi.Resp(e.status, e.body, e.headers);
            } catch (RuntimeException e) {
                resp = FakeApi.Resp.of(500, FakeApi.JSON.objectNode().put("message", "500 Internal Server Error"));
            }
            if (dropResponse) {
                call.journal(0, true);
                return;
            }
            byte[] out = resp.body() == null ? new byte[0] : FakeApi.MAPPER.writeValueAsBytes(resp.body());
            call.send(resp.status(), out, resp.headers(), true);
        } finally {
            ex.close();
        }
    }

    /** One exchange and what the journal needs to know of it. */
    private final class Call {
        private final HttpExchange ex;
        private final String method;
        private final String rawPath;
        private final String rawQuery;
        private final String body;

        Call(HttpExchange ex, String method, String rawPath, String rawQuery, String body) {
            this.ex = ex;
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.body = body;
        }

        void journal(int status, boolean processed) {
            journal.add(new JournalEntry(method, rawPath, rawQuery, body, status, processed));
        }

        void sendText(int status, String text, Map<String, String> headers, boolean processed) throws IOException {
            Map<String, String> all = new java.util.LinkedHashMap<>(headers);
            all.putIfAbsent("Content-Type", "text/plain");
            send(status, text.getBytes(StandardCharsets.UTF_8), all, processed);
        }

        void send(int status, byte[] out, Map<String, String> headers, boolean processed) throws IOException {
            journal(status, processed);
            headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (!headers.containsKey("Content-Type")) {
                ex.getResponseHeaders().set("Content-Type", "application/json");
            }
            if (status == 204 || out.length == 0) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(status, out.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    private static FakeApi.Req request(HttpExchange ex, String method, String rawPath, String rawQuery,
            byte[] body) {
        List<String> segments = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
        ObjectNode params = FakeApi.JSON.objectNode();
        parseForm(rawQuery, params);
        String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (body.length > 0) {
            if (type.contains("json")) {
                try {
                    JsonNode json = FakeApi.MAPPER.readTree(body);
                    if (json instanceof ObjectNode o) {
                        params.setAll(o);
                    }
                } catch (IOException e) {
                    throw FakeError.error(400, "body is not valid JSON");
                }
            } else {
                parseForm(new String(body, StandardCharsets.UTF_8), params);
            }
        }
        String privateToken = ex.getRequestHeaders().getFirst("PRIVATE-TOKEN");
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        String bearerHeader = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        String token = first(privateToken, bearerHeader, FakeRest.str(params, "private_token").orElse(null),
                FakeRest.str(params, "access_token").orElse(null));
        String bearer = first(bearerHeader, FakeRest.str(params, "access_token").orElse(null),
                FakeRest.str(params, "bearer_token").orElse(null));
        boolean hasAuth = token != null || authorization != null;
        return new FakeApi.Req(method, segments, params, token, bearer, hasAuth, rawPath, rawQuery, Map.of());
    }

    private static @Nullable String first(@Nullable String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static void parseForm(String form, ObjectNode into) {
        if (form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // "a=1&&b=2" or a trailing "&": no parameter (as Rack)
            }
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            if (key.endsWith("[]")) {
                String k = key.substring(0, key.length() - 2);
                JsonNode existing = into.get(k);
                (existing != null && existing.isArray() ? (ArrayNode) existing : into.putArray(k)).add(value);
            } else {
                into.put(key, value);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
