/**
 * What GitLab cannot hold: SCIM group state, SCIM user attributes, id mappings and the markers of the memberships
 * the bridge manages, behind the small {@link io.scimlab.gitlab.state.StateStore} SPI, with an in-memory
 * implementation.
 */
@NullMarked
package io.scimlab.gitlab.state;

import org.jspecify.annotations.NullMarked;
