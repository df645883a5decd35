package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A user to create with {@code POST /users}. The password is always {@code force_random_password}: provisioned
 * users sign in through the identity provider, so no password ever passes through this SDK.
 */
public final class NewUser {
    private final String username;
    private final String email;
    private final String name;
    private final Optional<Identity> identity;
    private final boolean skipConfirmation;
    private final boolean external;
    private final Optional<String> note;

    private NewUser(String username, String email, String name,
            Optional<Identity> identity, boolean skipConfirmation, boolean external, Optional<String> note) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(note, "note");
        this.username = username;
        this.email = email;
        this.name = name;
        this.identity = identity;
        this.skipConfirmation = skipConfirmation;
        this.external = external;
        this.note = note;
    }

    /**
     * The username.
     *
     * @return the value
     */
    public String username() {
        return username;
    }

    /**
     * The primary email.
     *
     * @return the value
     */
    public String email() {
        return email;
    }

    /**
     * The display name.
     *
     * @return the value
     */
    public String name() {
        return name;
    }

    /**
     * The external identity to attach ({@code extern_uid} + {@code provider}).
     *
     * @return the value
     */
    public Optional<Identity> identity() {
        return identity;
    }

    /**
     * Whether to mark the email confirmed.
     *
     * @return the value
     */
    public boolean skipConfirmation() {
        return skipConfirmation;
    }

    /**
     * Whether the user is external.
     *
     * @return the value
     */
    public boolean external() {
        return external;
    }

    /**
     * An admin note.
     *
     * @return the value
     */
    public Optional<String> note() {
        return note;
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

    @Override
    public boolean equals(Object other) {
        return other instanceof NewUser o && o.username.equals(username) && o.email.equals(email) && o.name.equals(name)
                && o.identity.equals(identity) && o.skipConfirmation == skipConfirmation && o.external == external
                && o.note.equals(note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, email, name, identity, skipConfirmation, external, note);
    }

    @Override
    public String toString() {
        return "NewUser[" + "username=" + username + ", " + "email=" + email + ", " + "name=" + name + ", "
                + "identity=" + identity + ", " + "skipConfirmation=" + skipConfirmation + ", "
                + "external=" + external + ", " + "note=" + note + "]";
    }
}
