package io.scimlab.gitlab.serviceaccount;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * Issues, rotates and revokes GitLab tokens of SCIM users provisioned as service accounts, through GitLab's
 * service-account token API (GitLab.com: the top-level group's {@code service_accounts/:id/personal_access_tokens};
 * self-managed: the admin personal access token API for that user). Every secret goes once to the bridge's
 * {@link IssuedTokenSink}; ScimLab stores only ids and expiry dates in its {@link ServiceAccountTokenStore} and
 * writes one audit event per GitLab call, never with the value.
 *
 * <p>GitLab failures are thrown as {@link io.scimlab.gitlab.api.GitLabException}; create and rotate are never
 * retried after a lost answer (a retried rotation would present a revoked token and GitLab would revoke the whole
 * token family).
 */
public interface ServiceAccountTokens {
    /**
     * Issues a token with the policy's longest lifetime.
     *
     * @param scimUserId the SCIM id of an active service account
     * @param name       the token name (shown in GitLab)
     * @param scopes     the scopes, each allowed by the policy
     * @return what is kept about the token (the value went to the sink)
     * @throws IllegalArgumentException when the user is unknown or not a service account, or a scope is not allowed
     * @throws IllegalStateException    when the account is inactive, or no sink is configured
     */
    ManagedToken issue(String scimUserId, String name, Collection<String> scopes);

    /**
     * Issues a token with a shorter lifetime.
     *
     * @param scimUserId   the SCIM id of an active service account
     * @param name         the token name
     * @param scopes       the scopes
     * @param lifetimeDays days until expiry, 1 to the policy's maximum
     * @return what is kept about the token
     * @throws IllegalArgumentException as {@link #issue(String, String, Collection)}, or for a lifetime out of range
     * @throws IllegalStateException    as {@link #issue(String, String, Collection)}
     */
    ManagedToken issue(String scimUserId, String name, Collection<String> scopes, int lifetimeDays);

    /**
     * Rotates a token: GitLab revokes the old value and issues a new one (a new token id) with the policy's longest
     * lifetime; the new value goes to the sink.
     *
     * @param scimUserId the service account
     * @param tokenId    the token id (as returned by {@link #issue} or {@link #tokens})
     * @return the new token
     * @throws IllegalArgumentException when the token is not one of this account's tokens
     */
    ManagedToken rotate(String scimUserId, long tokenId);

    /**
     * Revokes a token (a token GitLab no longer knows counts as revoked).
     *
     * @param scimUserId the service account
     * @param tokenId    the token id
     * @throws IllegalArgumentException when the user is unknown or not a service account
     */
    void revoke(String scimUserId, long tokenId);

    /**
     * Rotates every stored token whose expiry is within the policy's rotate-before days. A failure of one token is
     * audited and logged (by id) and does not stop the others; call again to retry.
     *
     * @return the new tokens
     */
    List<ManagedToken> rotateAllDue();

    /**
     * Runs {@link #rotateAllDue()} on {@code scheduler} at once and then {@code period} after each run ends, as
     * {@code TokenRotator.schedule} does for the bridge's own token. A run that fails as a whole (no sink, the store
     * unreachable) is logged and the next one runs as planned; failures of single tokens are audited and logged by
     * {@link #rotateAllDue()} itself. Replicas may all schedule it: runs take the replicas' write lock in turn, and a
     * token one replica rotated is no longer due for the next.
     *
     * <pre>{@code
     * ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
     * bridge.serviceAccountTokens().schedule(scheduler, Duration.ofHours(1));
     * }</pre>
     *
     * @param scheduler the scheduler
     * @param period    the delay between runs (an hour is plenty: tokens expire on a date)
     * @return the scheduled task, to cancel
     * @throws IllegalArgumentException when the period is not positive
     */
    ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period);

    /**
     * The tokens the bridge issued for a service account and still holds.
     *
     * @param scimUserId the SCIM user id
     * @return the tokens, oldest first
     */
    List<ManagedToken> tokens(String scimUserId);

    /**
     * Every token the bridge issued and still holds, of every service account: what an access report lists (ids,
     * names, scopes, expiry dates; never a value). Tokens made in GitLab by other means are not among them.
     *
     * @return the tokens, by SCIM user id, then expiry date, then token id
     */
    List<ManagedToken> tokens();
}
