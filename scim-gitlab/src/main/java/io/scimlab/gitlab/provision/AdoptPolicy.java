package io.scimlab.gitlab.provision;

/** What the bridge does with a direct membership that exists in GitLab but that it did not create. */
public enum AdoptPolicy {
    /** Leave it alone and never change or remove it (default). */
    LEAVE,
    /** Take it over: set the mapped level and manage it from then on. */
    ADOPT
}
