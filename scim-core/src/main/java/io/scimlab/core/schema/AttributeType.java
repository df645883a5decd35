package io.scimlab.core.schema;

import io.scimlab.core.error.ScimException;

/** The data type of an attribute (RFC 7643 §2.3). */
public enum AttributeType implements Keywords.Keyworded {
    /** A sequence of Unicode characters. */
    STRING("string"),
    /** The literal true or false. */
    BOOLEAN("boolean"),
    /** A real number with at least one digit after the decimal point. */
    DECIMAL("decimal"),
    /** A whole number with no fractional part. */
    INTEGER("integer"),
    /** An xsd:dateTime instant, such as 2008-01-23T04:56:22Z. */
    DATE_TIME("dateTime"),
    /** Base64-encoded bytes. */
    BINARY("binary"),
    /** A URI referring to a resource (with its referenceTypes). */
    REFERENCE("reference"),
    /** A value made of sub-attributes. */
    COMPLEX("complex");

    private final String keyword;

    AttributeType(String keyword) {
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
    public static AttributeType fromKeyword(String keyword) {
        return Keywords.find(AttributeType.class, keyword);
    }

    @Override
    public String toString() {
        return keyword;
    }
}
