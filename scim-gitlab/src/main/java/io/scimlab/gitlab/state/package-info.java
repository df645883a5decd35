/**
 * What GitLab cannot hold: SCIM group state, SCIM user attributes, id mappings, the markers of the memberships
 * the bridge manages and the GitLab writes whose answer it has not seen ({@link io.scimlab.gitlab.state.PendingWrite}),
 * behind the small {@link io.scimlab.gitlab.state.StateStore} SPI, with an in-memory implementation.
 */
@NullMarked
package io.scimlab.gitlab.state;

import org.jspecify.annotations.NullMarked;
