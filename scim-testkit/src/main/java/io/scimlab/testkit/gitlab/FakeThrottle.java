package io.scimlab.testkit.gitlab;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitLab's request throttle for the API (Rack::Attack, {@code lib/gitlab/rack_attack.rb}, {@code throttle.rb}): a
 * fixed per-minute window aligned to the epoch; every answer carries {@code RateLimit-*} headers, and requests over
 * the limit get 429 {@code text/plain} "Retry later" with {@code Retry-After} (seconds to the window's end) before
 * GitLab processes them.
 */
final class FakeThrottle {
    private static final long PERIOD = 60;

    private final int limit;
    private final Clock clock;
    private long window = -1;
    private int count;

    FakeThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** The outcome for one request: its headers and whether it is throttled. */
    record Outcome(boolean throttled, Map<String, String> headers) {
    }

    synchronized Outcome take() {
        long now = clock.instant().getEpochSecond();
        long current = now / PERIOD;
        if (current != window) {
            window = current;
            count = 0;
        }
        count++;
        long reset = (current + 1) * PERIOD;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("RateLimit-Name", "throttle_authenticated_api");
        h.put("RateLimit-Limit", Integer.toString(limit));
        h.put("RateLimit-Observed", Integer.toString(count));
        h.put("RateLimit-Remaining", Integer.toString(Math.max(0, limit - count)));
        h.put("RateLimit-Reset", Long.toString(reset));
        boolean throttled = count > limit;
        if (throttled) {
            h.put("RateLimit-ResetTime", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.ofInstant(Instant.ofEpochSecond(reset), ZoneOffset.UTC)));
            h.put("Retry-After", Long.toString(Math.max(1, reset - now)));
        }
        return new Outcome(throttled, h);
    }

    /** The headers of a 429 a fault answers with, as if the window were exhausted. */
    Map<String, String> faultHeaders(long retryAfter) {
        long reset = clock.instant().getEpochSecond() + retryAfter;
        int shown = limit > 0 ? limit : 2000;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("RateLimit-Name", "throttle_authenticated_api");
        h.put("RateLimit-Limit", Integer.toString(shown));
        h.put("RateLimit-Observed", Integer.toString(shown + 1));
        h.put("RateLimit-Remaining", "0");
        h.put("RateLimit-Reset", Long.toString(reset));
        h.put("RateLimit-ResetTime", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(Instant.ofEpochSecond(reset), ZoneOffset.UTC)));
        h.put("Retry-After", Long.toString(retryAfter));
        return h;
    }
}
