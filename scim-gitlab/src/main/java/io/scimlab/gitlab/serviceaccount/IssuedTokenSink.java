package io.scimlab.gitlab.serviceaccount;

/**
 * Receives each service-account token value exactly once, right after GitLab issued or rotated it: the only
 * place a secret leaves ScimLab. Typical sinks write to a secrets manager (Vault, AWS Secrets Manager) keyed by
 * the SCIM user id. Called on the caller's thread while the bridge's provisioning lock is held, so keep it quick.
 *
 * <p>When the sink throws, nobody holds the new value: a freshly issued token is revoked at once, and the
 * exception reaches the caller. A rotated token cannot be un-rotated (GitLab already revoked the old value), so
 * it is revoked as well and the caller issues a new one.
 */
@FunctionalInterface
public interface IssuedTokenSink {
    /**
     * Takes a new token.
     *
     * @param token the token with its secret
     */
    void accept(IssuedToken token);
}
