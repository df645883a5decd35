package io.scimlab.gitlab.api;

import java.util.Optional;

/**
 * A group service account to create; GitLab generates whatever is left empty.
 *
 * @param name     display name
 * @param username username
 * @param email    email
 */
public record NewServiceAccount(Optional<String> name, Optional<String> username, Optional<String> email) {
    /**
     * A service account with a name and username.
     *
     * @param name     the name
     * @param username the username
     * @return the request
     */
    public static NewServiceAccount of(String name, String username) {
        return new NewServiceAccount(Optional.of(name), Optional.of(username), Optional.empty());
    }
}
