package io.scimlab.gitlab.api;

import java.util.Objects;

/**
 * GitLab's answer to a multi-user add ({@link MembersApi#addAll}): 201 whatever happened, with
 * {@code {"status":"success"}}, or {@code {"status":"error","message":"<username>: <errors> and <username>: ..."}}
 * naming each user GitLab did not add (the others were added).
 *
 * @param complete whether GitLab reported success
 * @param message  GitLab's message about the users it did not add; empty when complete
 */
public record MembersAdded(boolean complete, String message) {
    /** Success for every user. */
    public static final MembersAdded COMPLETE = new MembersAdded(true, "");

    /**
     * Checks the components.
     *
     * @param complete complete
     * @param message  message
     */
    public MembersAdded {
        Objects.requireNonNull(message, "message");
    }
}
