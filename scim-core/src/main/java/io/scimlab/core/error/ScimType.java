package io.scimlab.core.error;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code scimType} error keywords of RFC 7644 §3.12, and those RFC 9865 (cursor pagination) adds, spelled
 * exactly as the RFCs spell them.
 *
 * <p>Each keyword belongs with the HTTP status the RFC's table gives it: 409 for {@link #UNIQUENESS}, 403 for
 * {@link #SENSITIVE}, 400 for the rest. {@link #defaultStatus()} gives it.
 */
public enum ScimType {
    /** The filter syntax was invalid, or the filter operator is not supported for the attribute. */
    INVALID_FILTER("invalidFilter", 400),
    /** The filter yields too many results for the server to process. */
    TOO_MANY("tooMany", 400),
    /** One or more of the attribute values are already in use or reserved. */
    UNIQUENESS("uniqueness", 409),
    /** The attempted modification is not compatible with the target attribute's mutability. */
    MUTABILITY("mutability", 400),
    /** The request body structure was invalid or did not conform to the request schema. */
    INVALID_SYNTAX("invalidSyntax", 400),
    /** The path attribute was invalid or malformed. */
    INVALID_PATH("invalidPath", 400),
    /** The specified path did not yield an attribute or value that could be operated on. */
    NO_TARGET("noTarget", 400),
    /** A required value was missing, or the value specified was not compatible with the attribute type. */
    INVALID_VALUE("invalidValue", 400),
    /** The specified SCIM protocol version is not supported. */
    INVALID_VERS("invalidVers", 400),
    /** The request cannot be completed because it contains sensitive information (e.g. in the URL). */
    SENSITIVE("sensitive", 403),
    /** RFC 9865: the cursor is not one the service provider issued for this query (or it was altered). */
    INVALID_CURSOR("invalidCursor", 400),
    /** RFC 9865: the cursor was valid but has expired; start again from the first page. */
    EXPIRED_CURSOR("expiredCursor", 400),
    /** RFC 9865: the count is not acceptable for cursor pagination (e.g. above the maximum page size). */
    INVALID_COUNT("invalidCount", 400);

    private final String keyword;
    private final int defaultStatus;

    ScimType(String keyword, int defaultStatus) {
        this.keyword = keyword;
        this.defaultStatus = defaultStatus;
    }

    /** The keyword as it appears in the {@code scimType} member of an error response. */
    public String keyword() {
        return keyword;
    }

    /** The HTTP status RFC 7644 §3.12 (or RFC 9865) pairs with this keyword. */
    public int defaultStatus() {
        return defaultStatus;
    }

    /**
     * Finds the keyword, ignoring case.
     *
     * @param keyword the {@code scimType} text of an error response
     * @return the matching type, or empty when the text is not an RFC keyword
     */
    public static Optional<ScimType> fromKeyword(String keyword) {
        String wanted = keyword.toLowerCase(Locale.ROOT);
        for (ScimType type : values()) {
            if (type.keyword.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return keyword;
    }
}
