/**
 * How SCIM names become GitLab names: {@link io.scimlab.gitlab.mapping.UsernamePolicy} (SCIM {@code userName} to
 * a valid, unique GitLab username) and {@link io.scimlab.gitlab.mapping.RoleMapping} (SCIM groups to GitLab group
 * memberships with access levels), built in code or loaded from JSON.
 */
@NullMarked
package io.scimlab.gitlab.mapping;

import org.jspecify.annotations.NullMarked;
