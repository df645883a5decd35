/**
 * ScimLab Testkit: an in-process fake GitLab (REST v4 and GitLab's SCIM API) on the JDK's HTTP server, with
 * fault injection and a request journal. It depends on Jackson and the JDK only: neither ScimLab's core nor its
 * GitLab bridge, and not JUnit (the JUnit 5 extension and the IdP conformance kit are in
 * {@code io.scimlab.testkit.junit}, artifact {@code scim-testkit-junit}).
 *
 * <p>Start here: {@link io.scimlab.testkit.gitlab.FakeGitLab#builder()}.
 */
module io.scimlab.testkit {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive jdk.httpserver;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;

    exports io.scimlab.testkit.gitlab;
}
