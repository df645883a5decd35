package io.scimlab.core.schema;

import io.scimlab.core.error.ScimException;

/** Whether and how a client may change an attribute (RFC 7643 §7, mutability). */
public enum Mutability implements Keywords.Keyworded {
    /** The service provider sets it; clients' values are ignored. */
    READ_ONLY("readOnly"),
    /** Clients may read and change it. */
    READ_WRITE("readWrite"),
    /** Clients may set it once (at creation or when unassigned) and never change it afterwards. */
    IMMUTABLE("immutable"),
    /** Clients may set it but it is never returned (e.g. a password). */
    WRITE_ONLY("writeOnly");

    private final String keyword;

    Mutability(String keyword) {
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
    public static Mutability fromKeyword(String keyword) {
        return Keywords.find(Mutability.class, keyword);
    }

    @Override
    public String toString() {
        return keyword;
    }
}
