/**
 * Spring Boot auto-configuration for ScimLab: a SCIM 2.0 endpoint bridged to GitLab, configured by
 * {@code scimlab.*} properties ({@link io.scimlab.spring.boot.ScimLabProperties}), on Spring Boot 3.5 and 4.x.
 *
 * <p>Every bean is created only when the application has not declared one of its type; the
 * {@link io.scimlab.spring.boot.GitLabClientCustomizer} and {@link io.scimlab.spring.boot.ScimServerCustomizer}
 * beans adjust the ones the starter builds.
 */
@NullMarked
package io.scimlab.spring.boot;

import org.jspecify.annotations.NullMarked;
