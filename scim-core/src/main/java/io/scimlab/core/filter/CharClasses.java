package io.scimlab.core.filter;

/**
 * The character classes of the filter grammar (RFC 7644 §3.4.2.2: ALPHA, DIGIT, nameChar, URN characters, white
 * space), shared by the parser and the AST's checks. Not a lexer: the parser reads characters directly.
 */
final class CharClasses {
    private CharClasses() {
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** nameChar of RFC 7644: "-" / "_" / DIGIT / ALPHA. */
    static boolean isNameChar(char c) {
        return isAlpha(c) || isDigit(c) || c == '-' || c == '_';
    }

    /** The first character of an attribute name: ALPHA, or '$' for {@code $ref} (RFC 7644 erratum). */
    static boolean isNameStart(char c) {
        return isAlpha(c) || c == '$';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Characters allowed in a schema URN of a path: the URN namespace-specific characters that cannot be
     * confused with filter punctuation (no brackets, parentheses, quotes or spaces).
     */
    static boolean isUrnChar(char c) {
        return isNameChar(c) || c == ':' || c == '.' || c == '%' || c == '+' || c == '=' || c == '@' || c == ';'
                || c == '$' || c == '!' || c == '*' || c == ',' || c == '~' || c == '/' || c == '\'';
    }

    static boolean isAttrName(String s, int from, int to) {
        if (from >= to || !isNameStart(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isUrn(String s) {
        if (s.length() < 5 || !s.regionMatches(true, 0, "urn:", 0, 4) || s.charAt(s.length() - 1) == ':') {
            return false;
        }
        for (int i = 4; i < s.length(); i++) {
            if (!isUrnChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
