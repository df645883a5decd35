/**
 * Service accounts for bots and AI agents, governed by the same SCIM rules as people: the SCIM marker
 * ({@link io.scimlab.gitlab.serviceaccount.ServiceAccounts}: {@code userType} {@code ServiceAccount} or ScimLab's
 * GitLab extension schema), the token policy, and the {@link io.scimlab.gitlab.serviceaccount.ServiceAccountTokens}
 * API that issues, rotates and revokes their GitLab tokens, handing each secret once to an
 * {@link io.scimlab.gitlab.serviceaccount.IssuedTokenSink} and keeping only token ids and expiry dates.
 */
@NullMarked
package io.scimlab.gitlab.serviceaccount;

import org.jspecify.annotations.NullMarked;
