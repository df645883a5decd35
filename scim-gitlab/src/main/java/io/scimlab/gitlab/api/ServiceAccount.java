package io.scimlab.gitlab.api;

import java.util.Optional;

/**
 * A group service account (a bot user owned by a top-level group).
 *
 * @param id       the account's user id
 * @param username the username
 * @param name     the display name
 * @param email    the email, when GitLab shows it
 */
public record ServiceAccount(long id, String username, String name, Optional<String> email) {
}
