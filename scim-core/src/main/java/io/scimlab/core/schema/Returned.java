package io.scimlab.core.schema;

import io.scimlab.core.error.ScimException;

/** When an attribute is returned in a response (RFC 7643 §7, returned). */
public enum Returned implements Keywords.Keyworded {
    /** Always returned, whatever the attributes or excludedAttributes parameters say. */
    ALWAYS("always"),
    /** Never returned. */
    NEVER("never"),
    /** Returned unless excluded, or unless the attributes parameter lists other attributes. */
    DEFAULT("default"),
    /** Returned only when the attributes parameter names it. */
    REQUEST("request");

    private final String keyword;

    Returned(String keyword) {
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
    public static Returned fromKeyword(String keyword) {
        return Keywords.find(Returned.class, keyword);
    }

    @Override
    public String toString() {
        return keyword;
    }
}
