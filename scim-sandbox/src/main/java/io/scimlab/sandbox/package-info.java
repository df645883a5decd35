/**
 * The runnable sandbox: a SCIM endpoint bridged to an embedded fake GitLab (or a real one), for trying ScimLab
 * with curl or an IdP in minutes. {@link io.scimlab.sandbox.Sandbox#main(String[])} is the entry point of
 * {@code scim-sandbox.jar}.
 */
@NullMarked
package io.scimlab.sandbox;

import org.jspecify.annotations.NullMarked;
