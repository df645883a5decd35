package io.scimlab.core.schema;

import io.scimlab.core.error.ScimException;

/** How unique an attribute's value must be (RFC 7643 §7, uniqueness). */
public enum Uniqueness implements Keywords.Keyworded {
    /** No uniqueness required. */
    NONE("none"),
    /** Unique within the service provider (for one tenant). */
    SERVER("server"),
    /** Globally unique. */
    GLOBAL("global");

    private final String keyword;

    Uniqueness(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as RFC 7643 writes it in a schema representation. */
    @Override
    public String keyword() {
        return keyword;
    }

    /**
     * Finds the value for a keyword, ignoring case.
     *
     * @param keyword the keyword as written in a schema
     * @return the value
     * @throws ScimException 400 {@code invalidValue} when the keyword is not one of this characteristic's
     */
    public static Uniqueness fromKeyword(String keyword) {
        return Keywords.find(Uniqueness.class, keyword);
    }

    @Override
    public String toString() {
        return keyword;
    }
}
