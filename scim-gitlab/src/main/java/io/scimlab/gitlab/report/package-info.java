/**
 * The access report: who can do what in GitLab, and why. An {@link io.scimlab.gitlab.report.AccessReport} (from
 * {@code GitLabBridge.accessReport()}) lists every membership in the GitLab groups and projects the role mapping
 * names, each explained by the SCIM groups and the mapping entry or rule that grant it, or flagged as unexplained
 * (a manual membership, drift, a user the identity provider deactivated), and every service account with its
 * tokens' expiry dates; as JSON lines or CSV, written while GitLab's pages arrive.
 */
@NullMarked
package io.scimlab.gitlab.report;

import org.jspecify.annotations.NullMarked;
