package io.scimlab.testkit.gitlab;

import static io.scimlab.testkit.gitlab.FakeApi.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * GitLab's per-endpoint limits ({@code Gitlab::ApplicationRateLimiter} through {@code check_rate_limit!}): a fixed
 * window aligned to the epoch ({@code Time.now.to_i.divmod(interval)}), counted per key and scope; the request that
 * takes the count over the threshold is refused, and a threshold of 0 turns the limit off.
 */
final class FakeRateLimiter {
    /** The limits the fake models, with GitLab's intervals. */
    enum Key {
        /** {@code members_delete}: {@code DELETE /groups|projects/:id/members/:user_id}, per source and caller. */
        MEMBERS_DELETE(60),
        /** {@code users_get_by_id}: {@code GET /users/:id} for non-admins, per caller. */
        USERS_GET_BY_ID(600);

        final long intervalSeconds;

        Key(long intervalSeconds) {
            this.intervalSeconds = intervalSeconds;
        }
    }

    private final FakeState state;
    private final Map<String, Integer> counts = new HashMap<>();

    FakeRateLimiter(FakeState state) {
        this.state = state;
    }

    /**
     * Counts one request and refuses it with GitLab's 429 when over the limit.
     *
     * @param key   the limit
     * @param scope what the limit is counted per, e.g. {@code group:5/user:1}
     */
    void check(Key key, String scope) {
        int threshold = switch (key) {
            case MEMBERS_DELETE -> state.options.membersDeleteLimit();
            case USERS_GET_BY_ID -> state.options.usersGetByIdLimit();
        };
        if (threshold <= 0) {
            return;
        }
        long window = state.options.clock().instant().getEpochSecond() / key.intervalSeconds;
        String id = key + "|" + scope + "|" + window;
        // Old windows are never read again; dropping them keeps the map small in long runs.
        counts.keySet().removeIf(k -> !k.endsWith("|" + window));
        int count = counts.merge(id, 1, Integer::sum);
        if (count > threshold) {
            throw tooManyRequests(key);
        }
    }

    private FakeError tooManyRequests(Key key) {
        ObjectNode body = JSON.objectNode();
        body.putObject("message").put("error", "This endpoint has been requested too many times. Try again later.");
        FakeError e = new FakeError(429, body);
        // Since GitLab 18.6 (MR !206603) check_rate_limit! sends Retry-After: the whole interval, not the time
        // left; before, these answers carry no rate-limit header at all.
        if (state.options.version().atLeast(18, 6)) {
            e.headers.put("Retry-After", Long.toString(key.intervalSeconds));
        }
        return e;
    }
}
