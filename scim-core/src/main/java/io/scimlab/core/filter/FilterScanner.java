package io.scimlab.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.internal.Texts;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * The character level of {@link FilterParser}: the text and the position in it, and what is read without
 * grammar — white space, keywords, attribute names, JSON literals and strings — and the error details that name
 * the column. One instance per parse.
 */
abstract class FilterScanner {
    private static final String VALUE_EXPECTED =
            "a value (a quoted string, a number, true, false or null)";

    final String s;
    final int len;
    final FilterOptions options;
    final ScimType errorType;
    int pos;

    FilterScanner(String text, FilterOptions options, ScimType errorType) {
        this.s = text;
        this.len = text.length();
        this.options = options;
        this.errorType = errorType;
    }

    void checkLength(String what) {
        if (len > options.maxLength()) {
            throw ScimException.of(errorType,
                    "the " + what + " is " + len + " characters long; at most " + options.maxLength() + " are accepted");
        }
    }

    String parseName(String expected) {
        int start = pos;
        if (pos >= len || !CharClasses.isNameStart(s.charAt(pos))) {
            throw error(expected);
        }
        pos++;
        while (pos < len && CharClasses.isNameChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    // ---- values -------------------------------------------------------------------------------------------

    JsonNode parseValue() {
        if (pos >= len) {
            throw error(VALUE_EXPECTED);
        }
        char c = s.charAt(pos);
        if (c == '"') {
            int quote = pos;
            return TextNode.valueOf(checkText(parseString(), quote));
        }
        int start = pos;
        int end = pos;
        while (end < len && !isBareEnd(s.charAt(end))) {
            end++;
        }
        if (end == start) {
            throw error(VALUE_EXPECTED);
        }
        JsonNode literal = literal(start, end);
        if (literal != null) {
            pos = end;
            return literal;
        }
        if (options.strict()) {
            throw error(VALUE_EXPECTED + " (lenient mode accepts unquoted strings)");
        }
        pos = end;
        return TextNode.valueOf(checkText(s.substring(start, end), start));
    }

    /** An unquoted value ends at white space or filter punctuation. */
    private static boolean isBareEnd(char c) {
        return CharClasses.isSpace(c) || c == ')' || c == ']' || c == '(' || c == '[' || c == '"';
    }

    /** The JSON literal spelled by s[start, end), or null when it is none. */
    private @Nullable JsonNode literal(int start, int end) {
        int n = end - start;
        if (n == 4 && s.startsWith("true", start)) {
            return BooleanNode.TRUE;
        }
        if (n == 5 && s.startsWith("false", start)) {
            return BooleanNode.FALSE;
        }
        if (n == 4 && s.startsWith("null", start)) {
            return NullNode.getInstance();
        }
        return number(start, end);
    }

    /** A JSON number: -? (0 / [1-9] DIGIT*) ("." DIGIT+)? ([eE] [+-]? DIGIT+)?, or null. */
    private @Nullable JsonNode number(int start, int end) {
        int i = start;
        if (i < end && s.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        while (i < end && CharClasses.isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            return null;
        }
        boolean integral = true;
        if (i < end && s.charAt(i) == '.') {
            integral = false;
            int fracStart = ++i;
            while (i < end && CharClasses.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == fracStart) {
                return null;
            }
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < end && CharClasses.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return null;
            }
        }
        if (i != end) {
            return null;
        }
        if (integral && intDigits <= 18) {
            long v = 0;
            for (int k = intStart; k < end; k++) {
                v = v * 10 + (s.charAt(k) - '0');
            }
            if (intStart > start) {
                v = -v;
            }
            return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }
        if (integral) {
            BigInteger big = new BigInteger(s.substring(start, end));
            return big.bitLength() < 64 ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
        }
        try {
            return DecimalNode.valueOf(new BigDecimal(s.substring(start, end)));
        } catch (NumberFormatException | ArithmeticException e) {
            // An exponent beyond BigDecimal's scale range: say so rather than fail obscurely.
            return null;
        }
    }

    /**
     * A string literal must not hold NUL or a lone surrogate ({@code "\\u0000"}, {@code "\\ud800"}), which no
     * attribute value holds and no backend query should carry.
     */
    private String checkText(String text, int at) {
        int bad = Texts.firstForbidden(text, false);
        if (bad >= 0) {
            pos = at;
            throw error("a string", "a string with " + Texts.describe(text, bad) + " (no value holds one)");
        }
        return text;
    }

    /** A JSON string; the position is at the opening quote. */
    private String parseString() {
        int start = ++pos;
        // Fast path: no escapes, one substring.
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == '"') {
                return s.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            checkControl(c);
            pos++;
        }
        StringBuilder b = new StringBuilder(pos - start + 16).append(s, start, pos);
        while (pos < len) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c != '\\') {
                checkControl(c);
                b.append(c);
                pos++;
                continue;
            }
            if (++pos >= len) {
                break;
            }
            char e = s.charAt(pos);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(parseHex4());
                default -> throw error("a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
            }
            if (e != 'u') {
                pos++;
            }
        }
        throw error("a closing '\"' (the string starts at column " + start + ")");
    }

    private void checkControl(char c) {
        if (c < 0x20 && options.strict()) {
            throw error("an escaped control character (JSON strings hold no raw control characters)");
        }
    }

    private char parseHex4() {
        int v = 0;
        for (int k = 1; k <= 4; k++) {
            int d = pos + k < len ? Character.digit(s.charAt(pos + k), 16) : -1;
            if (d < 0) {
                throw error("four hexadecimal digits after \\u");
            }
            v = v * 16 + d;
        }
        pos += 5;
        return (char) v;
    }

    // ---- lexing helpers -----------------------------------------------------------------------------------

    void skipSpace() {
        while (pos < len && CharClasses.isSpace(s.charAt(pos))) {
            pos++;
        }
    }

    /** Whether a keyword (any case) starts at the position and is not the start of a longer name. */
    boolean keyword(String word) {
        int n = word.length();
        return pos + n <= len && s.regionMatches(true, pos, word, 0, n)
                && (pos + n == len || (!CharClasses.isNameChar(s.charAt(pos + n)) && s.charAt(pos + n) != '.'
                        && s.charAt(pos + n) != '[' && s.charAt(pos + n) != ':'));
    }

    ScimException error(String expected) {
        return error(expected, null);
    }

    ScimException error(String expected, @Nullable String problem) {
        StringBuilder d = new StringBuilder(96);
        if (problem != null) {
            d.append(problem).append(" at column ").append(pos + 1);
        } else {
            d.append("expected ").append(expected).append(pos >= len ? " at the end (column " + (pos + 1) + ")"
                    : " at column " + (pos + 1));
        }
        d.append(": ");
        // The input is echoed so the client sees where: a short excerpt around the position, escaped.
        d.append(Excerpt.around(s, pos));
        return ScimException.of(errorType, d.toString());
    }
}
