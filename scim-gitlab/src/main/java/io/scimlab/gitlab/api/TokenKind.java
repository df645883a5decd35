package io.scimlab.gitlab.api;

/** How the client presents its token. */
public enum TokenKind {
    /** {@code PRIVATE-TOKEN: <token>}, GitLab's header for personal, group and project access tokens. */
    PRIVATE_TOKEN,
    /** {@code Authorization: Bearer <token>}, for OAuth tokens and GitLab's SCIM tokens. */
    BEARER
}
