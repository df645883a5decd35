/**
 * ScimLab GitLab: a typed client for GitLab's REST v4 and SCIM APIs over OkHttp, with paced requests,
 * safe retries and typed errors.
 */
module io.scimlab.gitlab {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive okhttp3;
    requires static transitive org.jspecify;

    exports io.scimlab.gitlab.api;
}
