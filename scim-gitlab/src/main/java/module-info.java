/**
 * ScimLab GitLab: a typed client for GitLab's REST v4 and SCIM APIs over OkHttp, with paced requests,
 * safe retries and typed errors; and the SCIM providers that provision GitLab users, group memberships and roles
 * from an identity provider, with deprovisioning policies, a reconciler and an audit trail.
 *
 * <p>Start here: {@link io.scimlab.gitlab.provision.GitLabBridge#builder()} with a
 * {@link io.scimlab.gitlab.api.GitLabClient}, then hand the bridge's providers to a
 * {@link io.scimlab.core.server.ScimServer}.
 */
module io.scimlab.gitlab {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive okhttp3;
    requires transitive io.scimlab.core;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;
    requires transitive java.sql;

    exports io.scimlab.gitlab.api;
    exports io.scimlab.gitlab.mapping;
    exports io.scimlab.gitlab.provision;
    exports io.scimlab.gitlab.preflight;
    exports io.scimlab.gitlab.report;
    exports io.scimlab.gitlab.state;
    exports io.scimlab.gitlab.state.jdbc;
    exports io.scimlab.gitlab.audit;
    exports io.scimlab.gitlab.serviceaccount;
    exports io.scimlab.gitlab.token;
}
