/**
 * A stateful fake GitLab: {@link io.scimlab.testkit.gitlab.FakeGitLab}, its {@link io.scimlab.testkit.gitlab.Fault}
 * rules and {@link io.scimlab.testkit.gitlab.JournalEntry journal}, and the JUnit 5
 * {@link io.scimlab.testkit.gitlab.FakeGitLabExtension}.
 */
@NullMarked
package io.scimlab.testkit.gitlab;

import org.jspecify.annotations.NullMarked;
