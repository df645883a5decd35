package io.scimlab.testkit.gitlab;

/**
 * One request the fake received.
 *
 * @param method    the HTTP method
 * @param path      the raw (still percent-encoded) path, e.g. {@code /api/v4/groups/acme%2Feng/members}
 * @param query     the raw query string, empty when none
 * @param body      the request body as text, empty when none
 * @param status    the status answered; 0 when the client got no answer (connection dropped before or after)
 * @param processed whether GitLab processed the request: false when a fault or the request throttle answered (or
 *                  dropped the connection) first, so nothing changed; true when it was handled, even if the answer
 *                  was then dropped ({@link Fault#dropResponse()})
 */
public record JournalEntry(String method, String path, String query, String body, int status, boolean processed) {
    /**
     * An entry for a request GitLab processed.
     *
     * @param method the HTTP method
     * @param path   the raw path
     * @param query  the raw query string
     * @param body   the request body
     * @param status the status answered, 0 for none
     */
    public JournalEntry(String method, String path, String query, String body, int status) {
        this(method, path, query, body, status, true);
    }

    /**
     * Whether the client got an answer.
     *
     * @return true unless the connection was dropped
     */
    public boolean answered() {
        return status != 0;
    }
}
