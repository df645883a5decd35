package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.gitlab.api.GitLabException;

/** Turns GitLab's errors into SCIM errors the identity provider understands (and retries where it should). */
final class Errors {
    private Errors() {
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

    static String message(GitLabException e) {
        String m = e.gitlabMessage().isEmpty() ? "HTTP " + e.status() : e.gitlabMessage();
        return e.fieldErrors().isEmpty() ? m : m + " " + e.fieldErrors();
    }
}
