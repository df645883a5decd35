/**
 * The bridge's own GitLab token: where it is kept ({@link io.scimlab.gitlab.token.TokenStore}, in memory or in
 * the JDBC schema through {@link io.scimlab.gitlab.state.jdbc.JdbcStorage#tokenStore()}), and the
 * {@link io.scimlab.gitlab.token.TokenRotator} that rotates it through GitLab's rotate API before it expires and
 * switches the client to the new value between requests.
 */
@NullMarked
package io.scimlab.gitlab.token;

import org.jspecify.annotations.NullMarked;
