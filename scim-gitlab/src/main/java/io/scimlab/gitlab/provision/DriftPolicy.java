package io.scimlab.gitlab.provision;

/** What the reconciler does when a managed membership was changed or removed by hand in GitLab. */
public enum DriftPolicy {
    /** Report it in the plan and leave GitLab as it is (default). */
    REPORT,
    /** Put the membership back as the mapping says. */
    REVERT
}
