package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A user to create with {@code POST /users}. The password is always {@code force_random_password}: provisioned
 * users sign in through the identity provider, so no password ever passes through this SDK.
 *
 * @param username         the username
 * @param email            the primary email
 * @param name             the display name
 * @param identity         the external identity to attach ({@code extern_uid} + {@code provider})
 * @param skipConfirmation whether to mark the email confirmed
 * @param external         whether the user is external
 * @param note             an admin note
 */
public record NewUser(String username, String email, String name, Optional<Identity> identity,
        boolean skipConfirmation, boolean external, Optional<String> note) {
    /**
     * Checks the components.
     *
     * @param username         username
     * @param email            email
     * @param name             name
     * @param identity         identity
     * @param skipConfirmation skip confirmation
     * @param external         external
     * @param note             note
     */
    public NewUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(note, "note");
    }

    /**
     * A confirmed, internal user without identity or note.
     *
     * @param username the username
     * @param email    the email
     * @param name     the name
     * @return the request
     */
    public static NewUser of(String username, String email, String name) {
        return new NewUser(username, email, name, Optional.empty(), true, false, Optional.empty());
    }

    /**
     * A copy with an external identity.
     *
     * @param provider  the provider
     * @param externUid the external id
     * @return the copy
     */
    public NewUser withIdentity(String provider, String externUid) {
        return new NewUser(username, email, name, Optional.of(new Identity(provider, externUid)), skipConfirmation,
                external, note);
    }

    /**
     * A copy with another confirmation setting.
     *
     * @param skip whether to skip email confirmation
     * @return the copy
     */
    public NewUser withSkipConfirmation(boolean skip) {
        return new NewUser(username, email, name, identity, skip, external, note);
    }

    /**
     * A copy with a note.
     *
     * @param text the note
     * @return the copy
     */
    public NewUser withNote(String text) {
        return new NewUser(username, email, name, identity, skipConfirmation, external, Optional.of(text));
    }
}
