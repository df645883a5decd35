package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.DateTimes;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.internal.Texts;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.Mutability;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The rules every attribute value is read by, in one place for both readers: the tree-building
 * {@link ResourceReader} and the typed {@link TypedJson}. Each method looks at the parser's current token for the
 * attribute at the cursor's path, and either accepts it or throws the 400 the RFC and the lenient mode call for;
 * the readers differ only in what they build from an accepted value.
 */
final class ValueRules {
    private ValueRules() {}

    /**
     * Whether a (non-null) value is an array whose elements are to be read one by one; a single-valued attribute
     * never takes an array, and a multi-valued one takes a single value only when lenient.
     */
    static boolean isArray(ReadCursor c, AttributeDefinition attribute) {
        JsonToken token = c.p.currentToken();
        if (!attribute.multiValued()) {
            if (token == JsonToken.START_ARRAY) {
                throw ScimException.invalidValue(c.path() + " is single-valued; an array is not allowed");
            }
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            if (c.strict) {
                throw ScimException.invalidValue(c.path() + " is multi-valued and must be an array");
            }
            return false;
        }
        return true;
    }

    /** An element of a multi-valued attribute (its index pushed) must not itself be an array. */
    static void checkElement(ReadCursor c) {
        if (c.p.currentToken() == JsonToken.START_ARRAY) {
            throw ScimException.invalidValue(c.path() + " must not be an array");
        }
    }

    /**
     * For a complex attribute whose value is not an object: the {@code value} sub-attribute a bare scalar is read
     * as when lenient ({@code "members": ["id"]}, {@code "manager": "id"}); anything else is rejected.
     */
    static AttributeDefinition bareValue(ReadCursor c, AttributeDefinition attribute) {
        AttributeDefinition valueSub = attribute.subAttribute("value");
        if (!c.strict && valueSub != null && c.p.currentToken().isScalarValue()) {
            return valueSub;
        }
        throw ScimException.invalidValue(c.path() + " must be a JSON object, not " + describe(c.p.currentToken()));
    }

    /**
     * Whether a member of a complex value is read: an unknown one is skipped (lenient) or rejected (strict); in a
     * request, a read-only sub-attribute of a writable attribute is skipped.
     *
     * @param sub the member's definition, null when the attribute has none of that name
     * @param name the member's name as sent
     */
    static boolean keepSub(ReadCursor c, AttributeDefinition parent, @Nullable AttributeDefinition sub, String name)
            throws IOException {
        if (sub == null) {
            c.unknown(c.path() + ".", name);
            return false;
        }
        if (c.request && sub.mutability() == Mutability.READ_ONLY && parent.mutability() != Mutability.READ_ONLY) {
            c.p.skipChildren();
            return false;
        }
        return true;
    }

    /**
     * A simple (non-complex) value, checked and coerced: a {@link String} for string, reference, dateTime and
     * binary attributes, a {@link Boolean}, a {@link Long} or a {@link BigDecimal}. The token must not be null.
     */
    static Object simple(ReadCursor c, AttributeDefinition attribute) throws IOException {
        JsonParser p = c.p;
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            throw ScimException.invalidValue(c.path() + " must be a " + attribute.type().keyword() + ", not "
                    + describe(token));
        }
        AttributeType type = attribute.type();
        switch (type) {
            case STRING, REFERENCE -> {
                if (token == JsonToken.VALUE_STRING) {
                    return text(c, p.getText());
                }
                if (!c.strict && (token.isNumeric() || token.isBoolean())) {
                    return p.getText();
                }
            }
            case BOOLEAN -> {
                if (token.isBoolean()) {
                    return token == JsonToken.VALUE_TRUE;
                }
                if (!c.strict && token == JsonToken.VALUE_STRING) {
                    String text = p.getText().trim();
                    if (text.equalsIgnoreCase("true")) {
                        return true;
                    }
                    if (text.equalsIgnoreCase("false")) {
                        return false;
                    }
                }
            }
            case INTEGER -> {
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw ScimException.invalidValue(c.path() + " is out of the 64-bit integer range");
                    }
                    return p.getLongValue();
                }
                if (!c.strict && token == JsonToken.VALUE_STRING) {
                    try {
                        return Long.parseLong(p.getText().trim());
                    } catch (NumberFormatException e) {
                        // falls through to the error below
                    }
                }
            }
            case DECIMAL -> {
                if (token.isNumeric()) {
                    return p.getDecimalValue();
                }
                if (!c.strict && token == JsonToken.VALUE_STRING) {
                    try {
                        return new BigDecimal(p.getText().trim());
                    } catch (NumberFormatException e) {
                        // falls through to the error below
                    }
                }
            }
            case DATE_TIME -> {
                if (token == JsonToken.VALUE_STRING) {
                    String text = p.getText();
                    try {
                        DateTimes.parse(text);
                        return text;
                    } catch (DateTimeParseException e) {
                        throw ScimException.invalidValue(c.path() + " must be an xsd:dateTime such as"
                                + " 2008-01-23T04:56:22Z, not \"" + Excerpt.of(text) + "\"");
                    }
                }
            }
            case BINARY -> {
                if (token == JsonToken.VALUE_STRING) {
                    String text = p.getText();
                    checkLength(c, text, c.maxStringLength);
                    if (!isBase64(text)) {
                        throw ScimException.invalidValue(c.path() + " must be base64-encoded binary");
                    }
                    return text;
                }
            }
            case COMPLEX -> throw new IllegalStateException("complex values are not simple");
            default -> throw new IllegalStateException("unknown type " + type);
        }
        throw ScimException.invalidValue(c.path() + " must be a " + type.keyword() + ", not " + describe(token));
    }

    // What each ASCII character is in base64 text: 1 an alphabet character (standard or URL-safe), 2 padding,
    // 3 a line break or space (tolerated), 0 not allowed. A table, because certificates and photos are long
    // enough for this check to show in a profile.
    private static final byte[] BASE64 = new byte[128];

    static {
        for (char ch = 'A'; ch <= 'Z'; ch++) {
            BASE64[ch] = 1;
            BASE64[ch + ('a' - 'A')] = 1;
        }
        for (char ch = '0'; ch <= '9'; ch++) {
            BASE64[ch] = 1;
        }
        BASE64['+'] = 1;
        BASE64['/'] = 1;
        BASE64['-'] = 1;
        BASE64['_'] = 1;
        BASE64['='] = 2;
        BASE64['\r'] = 3;
        BASE64['\n'] = 3;
        BASE64[' '] = 3;
    }

    static boolean isBase64(String text) {
        int padding = 0;
        int count = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            int kind = ch < 128 ? BASE64[ch] : 0;
            if (kind == 1) {
                if (padding > 0) {
                    return false;
                }
                count++;
            } else if (kind == 2) {
                padding++;
                count++;
            } else if (kind == 0) {
                return false;
            }
        }
        return padding <= 2 && (padding == 0 || count % 4 == 0);
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    /**
     * A string value as sent, when it is acceptable text: no longer than the cursor's limit (the name limit for
     * names and identifiers), no NUL, no lone surrogate, and for names no control character.
     */
    static String text(ReadCursor c, String text) {
        boolean name = c.inName();
        checkLength(c, text, name ? c.maxNameLength : c.maxStringLength);
        int bad = Texts.firstForbidden(text, name);
        if (bad >= 0) {
            throw ScimException.invalidValue(c.path() + " must not contain " + Texts.describe(text, bad)
                    + (name && text.charAt(bad) != 0 && !Character.isSurrogate(text.charAt(bad))
                            ? " (names and identifiers are one line of printable text)" : ""));
        }
        return text;
    }

    private static void checkLength(ReadCursor c, String text, int max) {
        if (text.length() > max) {
            throw ScimException.invalidValue(c.path() + " is " + text.length() + " characters long; at most " + max
                    + " are accepted");
        }
    }
}
