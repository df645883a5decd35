/**
 * The GitLab client: {@link io.scimlab.gitlab.api.GitLabClient} with one view per resource
 * ({@link io.scimlab.gitlab.api.UsersApi}, {@link io.scimlab.gitlab.api.MembersApi}, ...), its immutable value
 * types, the {@link io.scimlab.gitlab.api.GitLabCallListener} that observes every request, and the single
 * unchecked {@link io.scimlab.gitlab.api.GitLabException}. The only package that spells GitLab's URLs.
 */
@NullMarked
package io.scimlab.gitlab.api;

import org.jspecify.annotations.NullMarked;
