package io.scimlab.gitlab.token;

/** Which kind of GitLab access token the bridge holds; each kind has its own rotate endpoint. */
public enum TokenType {
    /** A personal access token (an administrator's on self-managed): {@code personal_access_tokens/self/rotate}. */
    PERSONAL,
    /** A group access token: {@code groups/:id/access_tokens/:token_id/rotate}. */
    GROUP,
    /** A group service account's token: {@code groups/:id/service_accounts/:user_id/personal_access_tokens/...}. */
    SERVICE_ACCOUNT
}
