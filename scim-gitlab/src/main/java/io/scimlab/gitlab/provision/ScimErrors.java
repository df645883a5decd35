package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.state.LockUnavailableException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns GitLab's errors into SCIM errors the identity provider understands (and retries where it should). The
 * providers and the reconciler translate once, at their entry points ({@link #translated}); inside, a
 * {@link GitLabException} travels as it is, and only the places that decide something on its kind catch it.
 */
final class ScimErrors {
    private ScimErrors() {
    }

    /** Runs an entry point's work: a {@link GitLabException} leaving it becomes a {@link ScimException}. */
    static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (GitLabException e) {
            throw toScim(e);
        } catch (LockUnavailableException e) {
            throw toScim(e);
        }
    }

    /**
     * The SCIM error for a write whose locks stayed held by another write past the store's wait: 503 with a short
     * {@code Retry-After} (the other write is nearly always done by then). The detail names no resource.
     */
    static ScimException toScim(LockUnavailableException e) {
        return ScimException.status(503, "another change to the same users or groups is in progress; retry after "
                + seconds(LOCK_WAIT) + " seconds").withRetryAfter(LOCK_WAIT).withCause(e);
    }

    /** A lazy stream whose GitLab pages may fail while the server consumes it, after the entry point returned. */
    static <T> Stream<T> translated(Stream<T> lazy) {
        Iterator<T> it = lazy.iterator();
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return translated(it::hasNext);
            }

            @Override
            public T next() {
                return translated(it::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED
                | Spliterator.NONNULL), false).onClose(lazy::close);
    }

    /**
     * The SCIM error for a GitLab failure. Every failure an identity provider should retry is a 503 with
     * {@code Retry-After} (IdPs retry 503, and wait as told): GitLab's rate limit (as long as GitLab asked), GitLab
     * being unavailable, and the bridge's token being refused (an operator has to act; retrying later is right).
     */
    static ScimException toScim(GitLabException e) {
        ScimException s = switch (e.kind()) {
            case CONFLICT -> ScimException.of(ScimType.UNIQUENESS, "GitLab: " + message(e));
            case NOT_FOUND -> ScimException.notFound("GitLab has no such resource: " + message(e));
            case VALIDATION -> ScimException.invalidValue("GitLab rejected the change: " + message(e));
            case RATE_LIMITED -> {
                Duration wait = e.retryAfter().map(d -> d.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : d)
                        .orElse(RATE_LIMIT_WAIT);
                yield ScimException.status(503, "GitLab is rate limiting the bridge; retry after "
                        + seconds(wait) + " seconds").withRetryAfter(wait);
            }
            case UNAVAILABLE -> ScimException.status(503, "GitLab is unavailable; retry later")
                    .withRetryAfter(UNAVAILABLE_WAIT);
            // Never echo GitLab's text for auth errors: it is about the bridge's credentials, not the client's.
            case UNAUTHORIZED -> ScimException.status(503,
                    "the bridge cannot authenticate to GitLab; retry later").withRetryAfter(UNAUTHORIZED_WAIT);
            case FORBIDDEN -> ScimException.status(502, "GitLab refused the bridge's request");
            case UNEXPECTED -> ScimException.status(502, "GitLab gave an unexpected answer");
        };
        return s.withCause(e);
    }

    /** A write's locks were busy: the holder is one SCIM write, usually done within a second. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);
    /** At least a second: {@code Retry-After: 0} would invite an immediate retry into the same limit. */
    private static final Duration MIN_WAIT = Duration.ofSeconds(1);
    /** A rate limit that did not say how long: GitLab's windows are a minute. */
    private static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    /** GitLab down or slow after the client's own retries: a short wait, the IdP retries again if needed. */
    private static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(30);
    /** The bridge's token refused: the client pauses it (30 s by default), an operator may have to act. */
    private static final Duration UNAUTHORIZED_WAIT = Duration.ofSeconds(60);

    private static long seconds(Duration d) {
        return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    }

    /** GitLab's error text for a detail or audit event, cut (GitLab may repeat a long value the IdP sent). */
    static String message(GitLabException e) {
        String m = e.gitlabMessage().isEmpty() ? "HTTP " + e.status() : e.gitlabMessage();
        return Bounds.cut(e.fieldErrors().isEmpty() ? m : m + " " + e.fieldErrors());
    }
}
