/**
 * ScimLab Testkit: an in-process fake GitLab (REST v4 and GitLab's SCIM API) on the JDK's HTTP server, with
 * fault injection, a request journal and a JUnit 5 extension; the IdP conformance kit; the sandbox.
 */
module io.scimlab.testkit {
    requires transitive com.fasterxml.jackson.databind;
    requires transitive jdk.httpserver;
    // The sandbox and conformance kit of this module drive GitLab through the client; the fake itself does not.
    requires transitive io.scimlab.gitlab;
    requires static transitive org.jspecify;
    // Only FakeGitLabExtension needs JUnit; the fake works without it.
    requires static transitive org.junit.jupiter.api;

    requires java.net.http;
    exports io.scimlab.testkit.gitlab;
    exports io.scimlab.testkit.conformance;
    exports io.scimlab.testkit.sandbox;
}
