package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Fields to change with {@code PUT /users/:id}; empty fields are not sent.
 */
public final class UserUpdate {
    private final Optional<String> username;
    private final Optional<String> email;
    private final Optional<String> name;
    private final boolean skipReconfirmation;
    private final Optional<Identity> identity;
    private final Optional<Boolean> external;
    private final Optional<String> note;

    private UserUpdate(Optional<String> username, Optional<String> email,
            Optional<String> name, boolean skipReconfirmation, Optional<Identity> identity, Optional<Boolean> external,
            Optional<String> note) {
        this.username = username;
        this.email = email;
        this.name = name;
        this.skipReconfirmation = skipReconfirmation;
        this.identity = identity;
        this.external = external;
        this.note = note;
    }

    /**
     * New username.
     *
     * @return the value
     */
    public Optional<String> username() {
        return username;
    }

    /**
     * New email.
     *
     * @return the value
     */
    public Optional<String> email() {
        return email;
    }

    /**
     * New name.
     *
     * @return the value
     */
    public Optional<String> name() {
        return name;
    }

    /**
     * Change the email at once rather than after confirmation.
     *
     * @return the value
     */
    public boolean skipReconfirmation() {
        return skipReconfirmation;
    }

    /**
     * Add or update this identity in place.
     *
     * @return the value
     */
    public Optional<Identity> identity() {
        return identity;
    }

    /**
     * New external flag.
     *
     * @return the value
     */
    public Optional<Boolean> external() {
        return external;
    }

    /**
     * New admin note.
     *
     * @return the value
     */
    public Optional<String> note() {
        return note;
    }

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

    @Override
    public boolean equals(Object other) {
        return other instanceof UserUpdate o && o.username.equals(username) && o.email.equals(email)
                && o.name.equals(name) && o.skipReconfirmation == skipReconfirmation && o.identity.equals(identity)
                && o.external.equals(external) && o.note.equals(note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, email, name, skipReconfirmation, identity, external, note);
    }

    @Override
    public String toString() {
        return "UserUpdate[" + "username=" + username + ", " + "email=" + email + ", " + "name=" + name + ", "
                + "skipReconfirmation=" + skipReconfirmation + ", " + "identity=" + identity + ", "
                + "external=" + external + ", " + "note=" + note + "]";
    }
}
