/**
 * Provisioning GitLab from SCIM: {@link io.scimlab.gitlab.provision.GitLabUserProvider} and
 * {@link io.scimlab.gitlab.provision.GitLabGroupProvider} (the {@code ResourceProvider}s a SCIM server calls),
 * their policies, the {@link io.scimlab.gitlab.provision.Reconciler}, and
 * {@link io.scimlab.gitlab.provision.GitLabBridge}, which wires them for a self-managed instance or GitLab.com.
 */
@NullMarked
package io.scimlab.gitlab.provision;

import org.jspecify.annotations.NullMarked;
