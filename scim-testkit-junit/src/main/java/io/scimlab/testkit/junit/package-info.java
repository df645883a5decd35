/**
 * JUnit 5 support for the fake GitLab: {@link io.scimlab.testkit.junit.FakeGitLabExtension} starts one
 * {@link io.scimlab.testkit.gitlab.FakeGitLab} per test class and injects it into parameters.
 */
@NullMarked
package io.scimlab.testkit.junit;

import org.jspecify.annotations.NullMarked;
