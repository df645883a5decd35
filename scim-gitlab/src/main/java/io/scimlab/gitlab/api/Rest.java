package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * What every resource view of a {@link GitLabClient} shares: the transport, the {@code /api/v4} base URL (the only
 * place that spells it), pagination and the confirm-before-retry rule for POSTs that create something.
 */
final class Rest {
    static final int PER_PAGE = 100;

    private final Transport transport;
    private final HttpUrl api;

    Rest(Transport transport, HttpUrl baseUrl) {
        this.transport = transport;
        this.api = baseUrl.newBuilder().addPathSegments("api/v4").build();
    }

    ObjectMapper mapper() {
        return transport.mapper();
    }

    ObjectNode object() {
        return transport.mapper().createObjectNode();
    }

    HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = api.newBuilder();
        for (String s : segments) {
            b.addPathSegment(segment(s));
        }
        return b;
    }

    /**
     * A value that becomes one path segment. OkHttp resolves {@code .} and {@code ..} like a browser (dropping the
     * segment, or the one before it), so an id or externalId spelled that way would address another resource —
     * the collection, or a parent — with the bridge's token: refused before any URL is built.
     *
     * @param value the segment's value (encoded by OkHttp)
     * @return the value
     * @throws IllegalArgumentException for an empty value, {@code .} or {@code ..}
     */
    static String segment(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("not a usable path segment: \"" + value + "\"");
        }
        return value;
    }

    HttpUrl paged(String... segments) {
        return url(segments).addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    /**
     * Keyset pagination newest first ({@code order_by=id&sort=desc}): the one keyset order every GitLab endpoint
     * that has keyset pagination supports; audit events support no other and answer 405 to an ascending one.
     */
    static HttpUrl keysetNewestFirst(HttpUrl.Builder b) {
        return b.addQueryParameter("pagination", "keyset").addQueryParameter("order_by", "id")
                .addQueryParameter("sort", "desc").addQueryParameter("per_page", Integer.toString(PER_PAGE)).build();
    }

    <T> Stream<T> stream(HttpUrl first, Function<JsonNode, T> mapper) {
        PageIterator<T> it = new PageIterator<>(transport, first, mapper);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED
                | Spliterator.NONNULL), false);
    }

    JsonNode get(HttpUrl url) {
        return send("GET", url, null, true);
    }

    JsonNode send(String method, HttpUrl url, @Nullable JsonNode body, boolean idempotent) {
        Transport.Reply reply = transport.send(method, url, body, Transport.JSON, idempotent);
        if (reply.body().isBlank()) {
            return transport.mapper().nullNode();
        }
        try {
            return transport.mapper().readTree(reply.body());
        } catch (IOException e) {
            throw new GitLabException(GitLabException.Kind.UNEXPECTED, reply.status(), "answer is not JSON", method,
                    url.encodedPath(), Map.of(), null, e);
        }
    }

    static <T> Optional<T> optional(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (GitLabException e) {
            if (e.kind() == GitLabException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Runs a non-idempotent POST. After an UNAVAILABLE failure it waits a backoff step, asks {@code landed}
     * whether the failed attempt took effect after all, and only sends again when it did not. A CONFLICT on a
     * retried attempt is also checked with {@code landed}, since it may be the earlier attempt's own result.
     */
    <T> T confirmedPost(Supplier<T> attempt, Supplier<Optional<T>> landed) {
        int failures = 0;
        while (true) {
            try {
                return attempt.get();
            } catch (GitLabException e) {
                boolean interrupted = Thread.currentThread().isInterrupted();
                if (!interrupted && e.kind() == GitLabException.Kind.UNAVAILABLE
                        && failures + 1 < transport.policy().maxAttempts()) {
                    failures++;
                    transport.pause(transport.backoff(failures), e.method(), e.path());
                    Optional<T> result = landed.get();
                    if (result.isPresent()) {
                        return result.get();
                    }
                    continue;
                }
                if (e.kind() == GitLabException.Kind.CONFLICT && failures > 0) {
                    Optional<T> result = landed.get();
                    if (result.isPresent()) {
                        return result.get();
                    }
                }
                throw e;
            }
        }
    }
}
