/**
 * The IdP conformance kit: Okta's and Microsoft Entra ID's request sequences, JumpCloud's and OneLogin's
 * connection tests and the RFC 7644 checks, replayed over HTTP against any SCIM endpoint, as JUnit 5 dynamic tests
 * whose names and failures say which client, which step, and what was expected.
 */
@NullMarked
package io.scimlab.testkit.conformance;

import org.jspecify.annotations.NullMarked;
