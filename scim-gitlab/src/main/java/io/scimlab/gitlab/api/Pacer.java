package io.scimlab.gitlab.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When a request may go out. Three rules, one lock:
 *
 * <ul>
 *   <li>a token bucket that spaces requests so a bulk run stays inside the request budget, and a global gate that
 *       GitLab's request throttle closes ({@code RateLimit-Remaining: 0}, or a 429 carrying {@code RateLimit-*}
 *       headers) for every thread sharing this client, so one 429 does not turn into a storm of them;</li>
 *   <li>a gate per endpoint, closed by GitLab's per-endpoint limits ({@code check_rate_limit!}: a JSON 429 without
 *       {@code RateLimit-*} headers, and before GitLab 18.6 without {@code Retry-After} either), with the
 *       endpoint's own exponential backoff: a {@code Retry-After: 60} on member deletions of one group does not
 *       stall reads, nor deletions in another group;</li>
 *   <li>GitLab's {@code members_delete} limit (60 a minute per group or project and caller by default) kept ahead
 *       of time: no more member deletions per group go out in any 60 seconds, so a large offboarding runs at the
 *       limit instead of into it.</li>
 * </ul>
 *
 * <p>The bucket holds one twentieth of the budget and refills with the rest over a minute, so no 60-second window
 * ever sees more than the budget (GitLab counts per minute, not per bucket).
 */
final class Pacer {
    /** {@code DELETE /groups|projects/:id/members/:user_id}, the requests GitLab's {@code members_delete} counts. */
    private static final Pattern MEMBER_DELETE = Pattern.compile("/api/v4/(groups|projects)/[^/]+/members/[^/]+");
    private static final long WINDOW_MILLIS = 60_000;

    private final Clock clock;
    private final boolean unlimited;
    private final double capacity;
    private final double perMilli;
    private final int memberDeletesPerMinute;
    private double tokens;
    private long lastRefill;
    private long closedUntil;
    // Only endpoints with something to remember (a closed gate, a 429 streak, recent member deletions): an entry
    // goes again once it has nothing left, so the map does not grow with every path ever requested.
    private final Map<String, Endpoint> endpoints = new HashMap<>();

    private static final class Endpoint {
        long closedUntil;
        int strikes;
        // The send times of the latest member deletions, ascending, at most memberDeletesPerMinute of them.
        final List<Long> sent = new ArrayList<>();

        boolean idle(long now) {
            return closedUntil <= now && strikes == 0 && (sent.isEmpty() || sent.get(sent.size() - 1)
                    <= now - WINDOW_MILLIS);
        }
    }

    Pacer(int requestsPerMinute, Clock clock) {
        this(requestsPerMinute, 0, clock);
    }

    Pacer(int requestsPerMinute, int memberDeletesPerMinute, Clock clock) {
        this.clock = clock;
        this.unlimited = requestsPerMinute <= 0;
        this.capacity = Math.max(1, requestsPerMinute / 20.0);
        this.perMilli = Math.max(1, requestsPerMinute - capacity) / 60_000.0;
        this.memberDeletesPerMinute = Math.max(0, memberDeletesPerMinute);
        this.tokens = capacity;
        this.lastRefill = clock.millis();
    }

    /**
     * The key GitLab's per-endpoint limits count by: method and path with the ids in it generalised, except the
     * group or project a limit is scoped to ({@code DELETE /api/v4/groups/12/members/:id}, {@code GET
     * /api/v4/users/:id}).
     */
    static String endpoint(String method, String encodedPath) {
        String[] segments = encodedPath.split("/", -1);
        StringBuilder key = new StringBuilder(method).append(' ');
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean scope = i > 0 && (segments[i - 1].equals("groups") || segments[i - 1].equals("projects"));
            boolean id = !s.isEmpty() && !scope && s.chars().allMatch(Character::isDigit);
            key.append(i == 0 ? "" : "/").append(id ? ":id" : s);
        }
        return key.toString();
    }

    /** Takes one token of the budget; returns how long the caller must wait before sending (0 = at once). */
    synchronized long reserveMillis() {
        return reserve("", false, Long.MAX_VALUE);
    }

    /**
     * Reserves a send slot for a request, unless it would have to wait longer than {@code maxWaitMillis}: then
     * nothing is reserved and the wait is returned negated, for the caller to fail the request without sending it.
     *
     * @param key    the request's {@link #endpoint}
     * @param delete whether it is a member deletion (paced per group, see the class documentation)
     * @return the wait in milliseconds (0 = at once), or minus the wait when it is longer than allowed
     */
    synchronized long reserve(String key, boolean delete, long maxWaitMillis) {
        long now = clock.millis();
        long wait = Math.max(0, closedUntil - now);
        Endpoint e = endpoints.get(key);
        if (e != null) {
            wait = Math.max(wait, e.closedUntil - now);
        }
        boolean paced = delete && memberDeletesPerMinute > 0;
        if (paced && e != null && e.sent.size() >= memberDeletesPerMinute) {
            // The oldest of the latest N deletions must leave the 60-second window first.
            wait = Math.max(wait, e.sent.get(e.sent.size() - memberDeletesPerMinute) + WINDOW_MILLIS - now);
        }
        double refilled = unlimited ? 0 : Math.min(capacity, tokens + (now - lastRefill) * perMilli);
        if (!unlimited && refilled - 1 < 0) {
            wait = Math.max(wait, (long) Math.ceil((1 - refilled) / perMilli));
        }
        if (wait > maxWaitMillis) {
            return -wait;
        }
        if (!unlimited) {
            tokens = refilled - 1;
            lastRefill = now;
        }
        if (paced) {
            Endpoint slot = endpoints.computeIfAbsent(key, k -> new Endpoint());
            insertSorted(slot.sent, now + wait);
            while (slot.sent.size() > memberDeletesPerMinute) {
                slot.sent.remove(0);
            }
        }
        return wait;
    }

    private static void insertSorted(List<Long> times, long t) {
        int i = times.size();
        while (i > 0 && times.get(i - 1) > t) {
            i--;
        }
        times.add(i, t);
    }

    /** Closes the global gate until the given epoch millis (never shortens an existing closure). */
    synchronized void closeUntil(long epochMillis) {
        closedUntil = Math.max(closedUntil, epochMillis);
    }

    /** Closes one endpoint's gate until the given epoch millis (never shortens an existing closure). */
    synchronized void closeUntil(String key, long epochMillis) {
        Endpoint e = endpoints.computeIfAbsent(key, k -> new Endpoint());
        e.closedUntil = Math.max(e.closedUntil, epochMillis);
    }

    /**
     * Counts a per-endpoint 429 and returns how many in a row the endpoint has answered (1 for the first), the
     * exponent of its backoff: the streak outlives one request, so the waits keep growing across the requests of a
     * bulk run until GitLab's window has passed.
     */
    synchronized int strike(String key) {
        return ++endpoints.computeIfAbsent(key, k -> new Endpoint()).strikes;
    }

    /** An answer other than 429 from an endpoint: its streak ends. */
    synchronized void answered(String key) {
        Endpoint e = endpoints.get(key);
        if (e != null) {
            e.strikes = 0;
            if (e.idle(clock.millis())) {
                endpoints.remove(key);
            }
        }
    }

    /** Whether a request is a member deletion, which GitLab counts against {@code members_delete}. */
    static boolean memberDelete(String method, String encodedPath) {
        return method.equals("DELETE") && MEMBER_DELETE.matcher(encodedPath).matches();
    }

    /** Reads GitLab's rate-limit headers; an exhausted quota closes the gate until its reset. */
    void observe(String remaining, String reset) {
        try {
            if (!remaining.isEmpty() && Long.parseLong(remaining.trim()) <= 0 && !reset.isEmpty()) {
                closeUntil(Long.parseLong(reset.trim()) * 1000);
            }
        } catch (NumberFormatException ignored) {
            // A malformed header is GitLab's bug; pacing by our own budget is still safe.
        }
    }
}
