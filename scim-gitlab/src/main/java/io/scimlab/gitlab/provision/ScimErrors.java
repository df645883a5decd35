package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabException;
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
        }
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

    static ScimException toScim(GitLabException e) {
        ScimException s = switch (e.kind()) {
            case CONFLICT -> ScimException.of(ScimType.UNIQUENESS, "GitLab: " + message(e));
            case NOT_FOUND -> ScimException.notFound("GitLab has no such resource: " + message(e));
            case VALIDATION -> ScimException.invalidValue("GitLab rejected the change: " + message(e));
            case RATE_LIMITED -> ScimException.status(503, "GitLab is rate limiting the bridge; retry after "
                    + e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(60L) + " seconds");
            case UNAVAILABLE -> ScimException.status(503, "GitLab is unavailable; retry later");
            // Never echo GitLab's text for auth errors: it is about the bridge's credentials, not the client's.
            case UNAUTHORIZED -> ScimException.status(503,
                    "the bridge cannot authenticate to GitLab; retry later");
            case FORBIDDEN -> ScimException.status(502, "GitLab refused the bridge's request");
            case UNEXPECTED -> ScimException.status(502, "GitLab gave an unexpected answer");
        };
        return s.withCause(e);
    }

    /** GitLab's error text for a detail or audit event, cut (GitLab may repeat a long value the IdP sent). */
    static String message(GitLabException e) {
        String m = e.gitlabMessage().isEmpty() ? "HTTP " + e.status() : e.gitlabMessage();
        return Bounds.cut(e.fieldErrors().isEmpty() ? m : m + " " + e.fieldErrors());
    }
}
