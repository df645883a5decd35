package io.scimlab.gitlab.api;

/**
 * Which HTTP header carries the client's token (not to be confused with the kind of token GitLab issued, which
 * only matters for rotation: see {@code io.scimlab.gitlab.token.TokenType}).
 */
public enum TokenHeader {
    /** {@code PRIVATE-TOKEN: <token>}, GitLab's header for personal, group and project access tokens. */
    PRIVATE_TOKEN,
    /** {@code Authorization: Bearer <token>}, for OAuth tokens and GitLab's SCIM tokens. */
    BEARER
}
