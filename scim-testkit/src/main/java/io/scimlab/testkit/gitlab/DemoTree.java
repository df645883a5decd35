package io.scimlab.testkit.gitlab;

/**
 * The demo tree {@link FakeGitLab#seedDemoTree(String)} seeds: a top-level group with {@code engineering},
 * {@code engineering/backend} and {@code design} below it, and the project {@code engineering/api}.
 *
 * @param top         the top-level group's id
 * @param engineering {@code <top>/engineering}
 * @param backend     {@code <top>/engineering/backend}
 * @param design      {@code <top>/design}
 * @param api         the project {@code <top>/engineering/api}
 */
public record DemoTree(long top, long engineering, long backend, long design, long api) {
}
