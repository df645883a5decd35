/**
 * A stateful fake GitLab: {@link io.scimlab.testkit.gitlab.FakeGitLab} (configured by
 * {@link io.scimlab.testkit.gitlab.FakeGitLabBuilder}), its {@link io.scimlab.testkit.gitlab.Fault} rules and their
 * {@link io.scimlab.testkit.gitlab.InjectedFault} handles and the request
 * {@link io.scimlab.testkit.gitlab.JournalEntry journal}. The JUnit 5 extension that starts one per test class is
 * {@code io.scimlab.testkit.junit.FakeGitLabExtension}, in the artifact {@code scim-testkit-junit}. Every GitLab
 * behaviour the fake has is listed, with the GitLab source that confirms it and the test that shows it, in the
 * repository's {@code docs/gitlab-behaviour.md}.
 */
@NullMarked
package io.scimlab.testkit.gitlab;

import org.jspecify.annotations.NullMarked;
