/**
 * The GitLab client: {@link io.scimlab.gitlab.api.GitLabClient}, its immutable value types and the single
 * unchecked {@link io.scimlab.gitlab.api.GitLabException}.
 */
@NullMarked
package io.scimlab.gitlab.api;

import org.jspecify.annotations.NullMarked;
