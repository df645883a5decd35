/**
 * ScimLab Testkit: an in-process fake GitLab (REST v4 and GitLab's SCIM API) on the JDK's HTTP server, with
 * fault injection, a request journal and a JUnit 5 extension; and the IdP conformance kit, which replays real
 * identity providers' request sequences against any SCIM endpoint over HTTP. It depends on Jackson and the JDK
 * only: neither ScimLab's core nor its GitLab bridge.
 */
module io.scimlab.testkit {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive jdk.httpserver;
    requires static transitive org.jspecify;
    // Only FakeGitLabExtension needs JUnit; the fake works without it.
    requires static transitive org.junit.jupiter.api;

    requires java.net.http;
    exports io.scimlab.testkit.gitlab;
    exports io.scimlab.testkit.conformance;
}
