/**
 * The preflight of a real GitLab: {@link io.scimlab.gitlab.preflight.Preflight} checks, read-only, what a bridge
 * needs there before an identity provider is connected (version, token, rights, the groups and custom roles the
 * mapping names, SAML identities, rate limits) and reports it as a {@link io.scimlab.gitlab.preflight.PreflightReport}.
 */
@NullMarked
package io.scimlab.gitlab.preflight;

import org.jspecify.annotations.NullMarked;
