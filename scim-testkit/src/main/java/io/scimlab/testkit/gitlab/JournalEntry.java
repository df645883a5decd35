package io.scimlab.testkit.gitlab;

/**
 * One request the fake received.
 *
 * @param method the HTTP method
 * @param path   the raw (still percent-encoded) path, e.g. {@code /api/v4/groups/acme%2Feng/members}
 * @param query  the raw query string, empty when none
 * @param body   the request body as text, empty when none
 * @param status the status answered; 0 when the connection was dropped
 */
public record JournalEntry(String method, String path, String query, String body, int status) {
}
