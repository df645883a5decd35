/**
 * ScimLab Testkit for JUnit 5: {@link io.scimlab.testkit.junit.FakeGitLabExtension}, which starts a fake GitLab
 * per test class, and the IdP conformance kit ({@link io.scimlab.testkit.conformance.ScimConformance},
 * {@link io.scimlab.testkit.conformance.ScimConformanceTests}), which replays Okta's and Microsoft Entra ID's
 * request sequences and the RFC 7644 checks over HTTP against any SCIM endpoint as JUnit dynamic tests.
 *
 * <p>Start here: extend {@link io.scimlab.testkit.conformance.ScimConformanceTests} in your test sources and return
 * your endpoint's base URL and token from {@code target()}.
 *
 * <p>This is the only ScimLab module that requires JUnit; the fake GitLab itself ({@code io.scimlab.testkit}) does
 * not.
 */
module io.scimlab.testkit.junit {
    requires transitive io.scimlab.testkit;
    requires transitive org.junit.jupiter.api;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    // Annotations only: consumers compile without JSpecify on their module path (not transitive).
    requires static org.jspecify;

    exports io.scimlab.testkit.junit;
    exports io.scimlab.testkit.conformance;
}
