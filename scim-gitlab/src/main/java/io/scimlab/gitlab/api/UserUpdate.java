package io.scimlab.gitlab.api;

import java.util.Optional;

/**
 * Fields to change with {@code PUT /users/:id}; empty fields are not sent.
 *
 * @param username           new username
 * @param email              new email
 * @param name               new name
 * @param skipReconfirmation change the email at once rather than after confirmation
 * @param identity           add or update this identity in place
 * @param external           new external flag
 * @param note               new admin note
 */
public record UserUpdate(Optional<String> username, Optional<String> email, Optional<String> name,
        boolean skipReconfirmation, Optional<Identity> identity, Optional<Boolean> external, Optional<String> note) {

    /**
     * An update that changes nothing; build on it with the {@code with} methods.
     *
     * @return the empty update
     */
    public static UserUpdate none() {
        return new UserUpdate(Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * A copy with a new username.
     *
     * @param value the username
     * @return the copy
     */
    public UserUpdate withUsername(String value) {
        return new UserUpdate(Optional.of(value), email, name, skipReconfirmation, identity, external, note);
    }

    /**
     * A copy with a new email that takes effect at once ({@code skip_reconfirmation=true}).
     *
     * @param value the email
     * @return the copy
     */
    public UserUpdate withEmail(String value) {
        return new UserUpdate(username, Optional.of(value), name, true, identity, external, note);
    }

    /**
     * A copy with a new name.
     *
     * @param value the name
     * @return the copy
     */
    public UserUpdate withName(String value) {
        return new UserUpdate(username, email, Optional.of(value), skipReconfirmation, identity, external, note);
    }

    /**
     * A copy that sets an identity.
     *
     * @param provider  the provider
     * @param externUid the external id
     * @return the copy
     */
    public UserUpdate withIdentity(String provider, String externUid) {
        return new UserUpdate(username, email, name, skipReconfirmation,
                Optional.of(new Identity(provider, externUid)), external, note);
    }

    /**
     * A copy with a new external flag.
     *
     * @param value the flag
     * @return the copy
     */
    public UserUpdate withExternal(boolean value) {
        return new UserUpdate(username, email, name, skipReconfirmation, identity, Optional.of(value), note);
    }

    /**
     * A copy with a new note.
     *
     * @param value the note
     * @return the copy
     */
    public UserUpdate withNote(String value) {
        return new UserUpdate(username, email, name, skipReconfirmation, identity, external, Optional.of(value));
    }
}
