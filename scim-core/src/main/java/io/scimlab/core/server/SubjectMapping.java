package io.scimlab.core.server;

import java.util.Optional;

/**
 * Maps the authenticated subject of a request to the id of a User, which enables {@code /Me} (RFC 7644 §3.11).
 * Without one, {@code /Me} answers 501.
 */
@FunctionalInterface
public interface SubjectMapping {
    /**
     * The User the request's subject is.
     *
     * @param context who is asking
     * @return the User's id, or empty when the subject is no User (then {@code /Me} is 404)
     */
    Optional<String> userId(RequestContext context);
}
