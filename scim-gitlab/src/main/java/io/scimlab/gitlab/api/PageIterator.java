package io.scimlab.gitlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Walks GitLab's pages lazily: only the current page is held, and the next one is fetched when it runs out.
 * The next page comes from {@code Link rel="next"} (keyset and offset) or, failing that, {@code x-next-page}
 * (offset). GitLab writes its configured external URL into {@code Link}, not the address the client used, so only
 * the link's path and query are followed, on the configured base URL: a GitLab reached at an internal address
 * pages, and the token never goes to any other host the header may name.
 */
final class PageIterator<T> implements Iterator<T> {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*?rel=\"?next\"?");

    private final Transport transport;
    private final Function<JsonNode, T> mapper;
    private final HttpUrl origin;
    private @Nullable HttpUrl next;
    private Iterator<JsonNode> page = Collections.emptyIterator();

    PageIterator(Transport transport, HttpUrl first, Function<JsonNode, T> mapper) {
        this.transport = transport;
        this.mapper = mapper;
        this.origin = first;
        this.next = first;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && next != null) {
            fetch(next);
        }
        return page.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return mapper.apply(page.next());
    }

    private void fetch(HttpUrl url) {
        Transport.Reply reply = transport.send("GET", url, null, Transport.JSON, true);
        JsonNode array;
        try {
            array = transport.mapper().readTree(reply.body());
        } catch (IOException e) {
            throw new GitLabException(GitLabException.Kind.UNEXPECTED, reply.status(), "page is not JSON", "GET",
                    url.encodedPath(), Map.of(), null, e);
        }
        page = array.isArray() ? array.elements() : Collections.emptyIterator();
        next = nextUrl(url, reply);
    }

    private @Nullable HttpUrl nextUrl(HttpUrl current, Transport.Reply reply) {
        for (String link : reply.headers().values("Link")) {
            Matcher m = LINK.matcher(link);
            if (m.find()) {
                HttpUrl candidate = HttpUrl.parse(m.group(1));
                if (candidate == null) {
                    candidate = origin.resolve(m.group(1));
                }
                if (candidate == null) {
                    throw new GitLabException(GitLabException.Kind.UNEXPECTED, reply.status(),
                            "unreadable pagination link", "GET", current.encodedPath(), Map.of(), null, null);
                }
                return origin.newBuilder().encodedPath(candidate.encodedPath())
                        .encodedQuery(candidate.encodedQuery()).build();
            }
        }
        String nextPage = reply.headers().get("x-next-page");
        if (nextPage != null && !nextPage.isBlank()) {
            return current.newBuilder().setQueryParameter("page", nextPage.trim()).build();
        }
        return null;
    }
}
