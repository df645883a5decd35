package io.scimlab.gitlab.provision;

/**
 * One step of a {@link ReconcilePlan}: a GitLab change, or a bookkeeping step without a GitLab call. The steps
 * themselves are internal to the bridge; a caller sees what each does and what it costs.
 */
public sealed interface Change permits PlanStep {
    /**
     * One line for a dry run.
     *
     * @return the description
     */
    String describe();

    /**
     * How many GitLab requests applying this step takes (0 for bookkeeping).
     *
     * @return the count
     */
    int calls();
}
