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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses SCIM filters (RFC 7644 §3.4.2.2, with erratum 4690) and PATCH paths (§3.5.2).
 *
 * <p>A hand-written recursive-descent parser over the text: no regular expressions, no tokeniser pass, and
 * recursion only where the filter nests (parentheses, {@code not}, value filters), which
 * {@link FilterOptions#maxDepth()} bounds. Precedence is {@code not} over {@code and} over {@code or};
 * keywords, operators and attribute names are case-insensitive; any run of spaces, tabs or line breaks
 * separates tokens. Errors are 400 {@code invalidFilter} (or {@code invalidPath} for PATCH paths) with a
 * detail such as {@code expected a comparison operator at column 10: userName zz "a"}.
 *
 * <p>Thread-safe: each call uses its own parser state.
 */
public final class FilterParser {
    private static final String VALUE_EXPECTED =
            "a value (a quoted string, a number, true, false or null)";
    private static final String OP_EXPECTED =
            "a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)";

    private final String s;
    private final int len;
    private final FilterOptions options;
    private final ScimType errorType;
    private int pos;
    private int depth;
    private int terms;

    private FilterParser(String text, FilterOptions options, ScimType errorType) {
        this.s = text;
        this.len = text.length();
        this.options = options;
        this.errorType = errorType;
    }

    /**
     * Parses a filter with the lenient default options.
     *
     * @param filter the filter text
     * @return the AST
     * @throws ScimException 400 {@code invalidFilter} naming the column and what was expected
     */
    public static Filter parse(String filter) {
        return parse(filter, FilterOptions.lenient());
    }

    /**
     * Parses a filter.
     *
     * @param filter the filter text
     * @param options strictness and limits
     * @return the AST
     * @throws ScimException 400 {@code invalidFilter} naming the column and what was expected
     */
    public static Filter parse(String filter, FilterOptions options) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        FilterParser p = new FilterParser(filter, options, ScimType.INVALID_FILTER);
        p.checkLength("filter");
        p.skipSpace();
        Filter f = p.parseOr(false);
        p.skipSpace();
        if (p.pos < p.len) {
            throw p.error(p.s.charAt(p.pos) == ')' ? "no unmatched ')'" : "'and', 'or' or the end of the filter");
        }
        return f;
    }

    /**
     * Parses a PATCH path with the lenient default options.
     *
     * @param path the path text, e.g. {@code emails[type eq "work"].value}
     * @return the path
     * @throws ScimException 400 {@code invalidPath} naming the column and what was expected
     */
    public static PatchPath parsePath(String path) {
        return parsePath(path, FilterOptions.lenient());
    }

    /**
     * Parses a PATCH path: {@code attrPath} or {@code valuePath [subAttr]}, optionally URN-qualified.
     *
     * @param path the path text
     * @param options strictness (for the value filter) and limits
     * @return the path
     * @throws ScimException 400 {@code invalidPath} naming the column and what was expected
     */
    public static PatchPath parsePath(String path, FilterOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        FilterParser p = new FilterParser(path, options, ScimType.INVALID_PATH);
        p.checkLength("path");
        p.skipSpace();
        AttributePath attr = p.parseAttrPath(false);
        Filter valueFilter = null;
        if (p.pos < p.len && p.s.charAt(p.pos) == '[') {
            if (attr.subAttribute() != null) {
                throw p.error("the end of the path (a value filter applies to an attribute, not a sub-attribute)");
            }
            valueFilter = p.parseBracket();
            if (p.pos < p.len && p.s.charAt(p.pos) == '.') {
                p.pos++;
                attr = attr.withSubAttribute(p.parseName("a sub-attribute name"));
            }
        }
        p.skipSpace();
        if (p.pos < p.len) {
            throw p.error(valueFilter == null ? "'[', '.' or the end of the path" : "'.' or the end of the path");
        }
        return new PatchPath(attr, valueFilter);
    }

    private void checkLength(String what) {
        if (len > options.maxLength()) {
            throw ScimException.of(errorType,
                    "the " + what + " is " + len + " characters long; at most " + options.maxLength() + " are accepted");
        }
    }

    // ---- grammar ------------------------------------------------------------------------------------------

    /** orExpr := andExpr ("or" andExpr)*. Chains are held in one node, built iteratively. */
    private Filter parseOr(boolean inValue) {
        Filter first = parseAnd(inValue);
        List<Filter> list = null;
        while (true) {
            int save = pos;
            skipSpace();
            if (!keyword("or")) {
                pos = save;
                break;
            }
            pos += 2;
            skipSpace();
            if (list == null) {
                list = new ArrayList<>(4);
                list.add(first);
            }
            list.add(parseAnd(inValue));
        }
        return list == null ? first : new Or(list);
    }

    /** andExpr := unary ("and" unary)*. */
    private Filter parseAnd(boolean inValue) {
        Filter first = parseUnary(inValue);
        List<Filter> list = null;
        while (true) {
            int save = pos;
            skipSpace();
            if (!keyword("and")) {
                pos = save;
                break;
            }
            pos += 3;
            skipSpace();
            if (list == null) {
                list = new ArrayList<>(4);
                list.add(first);
            }
            list.add(parseUnary(inValue));
        }
        return list == null ? first : new And(list);
    }

    /** unary := "not" "(" filter ")" / "(" filter ")" / attrExp / valuePath. */
    private Filter parseUnary(boolean inValue) {
        if (pos >= len) {
            throw error("an attribute path, '(' or 'not'");
        }
        char c = s.charAt(pos);
        if (c == '(') {
            return parseGroup(inValue);
        }
        if ((c == 'n' || c == 'N') && keyword("not")) {
            int save = pos;
            pos += 3;
            skipSpace();
            if (pos < len && s.charAt(pos) == '(') {
                return new Not(parseGroup(inValue));
            }
            // "not" is also a valid attribute name ("not eq 1"); without '(' it is read as one.
            pos = save;
        }
        int pathStart = pos;
        AttributePath path = parseAttrPath(inValue);
        if (pos < len && s.charAt(pos) == '[') {
            if (inValue) {
                throw error("a comparison operator (a value filter cannot contain another value filter)");
            }
            if (path.subAttribute() != null) {
                pos = pathStart;
                throw error("an attribute without sub-attribute before '[' (a value filter applies to an attribute)");
            }
            Filter inner = parseBracket();
            if (pos < len && s.charAt(pos) == '.') {
                return parseSubAfterValuePath(path, inner);
            }
            return new ValuePathFilter(path, inner);
        }
        return parseAttrExp(path);
    }

    /** "(" filter ")" with the depth checked; the position is at '('. */
    private Filter parseGroup(boolean inValue) {
        enter();
        pos++;
        skipSpace();
        Filter f = parseOr(inValue);
        skipSpace();
        if (pos >= len || s.charAt(pos) != ')') {
            throw error("')'" + (pos >= len ? "" : ", 'and' or 'or'"));
        }
        pos++;
        depth--;
        return f;
    }

    /** "[" valFilter "]"; the position is at '['. */
    private Filter parseBracket() {
        enter();
        pos++;
        skipSpace();
        Filter f = parseOr(true);
        skipSpace();
        if (pos >= len || s.charAt(pos) != ']') {
            throw error("']'" + (pos >= len ? "" : ", 'and' or 'or'"));
        }
        pos++;
        depth--;
        return f;
    }

    /** Entra's {@code emails[type eq "work"].value eq "x"}: lenient only, read as one value filter. */
    private Filter parseSubAfterValuePath(AttributePath path, Filter inner) {
        if (options.strict()) {
            throw error("'and', 'or' or the end of the filter (a sub-attribute after a value filter is not RFC 7644"
                    + " filter syntax; lenient mode accepts it)");
        }
        pos++;
        AttributePath sub = AttributePath.of(parseName("a sub-attribute name"));
        Filter term = parseAttrExp(sub);
        List<Filter> all = new ArrayList<>();
        if (inner instanceof And and) {
            all.addAll(and.filters());
        } else {
            all.add(inner);
        }
        all.add(term);
        return new ValuePathFilter(path, new And(all));
    }

    /** attrExp := attrPath SP "pr" / attrPath SP compareOp SP compValue. */
    private Filter parseAttrExp(AttributePath path) {
        int beforeSpace = pos;
        skipSpace();
        int opStart = pos;
        int opEnd = opStart;
        while (opEnd < len && Lexer.isAlpha(s.charAt(opEnd))) {
            opEnd++;
        }
        if (opEnd - opStart != 2 || opStart == beforeSpace) {
            throw error(path.isSimple() && path.name().equalsIgnoreCase("not") ? OP_EXPECTED + " or '(' after 'not'"
                    : OP_EXPECTED);
        }
        if (++terms > options.maxTerms()) {
            throw error("at most " + options.maxTerms() + " comparisons", "the filter has more than " + options.maxTerms()
                    + " comparisons");
        }
        char a = s.charAt(opStart);
        if ((a == 'p' || a == 'P') && (s.charAt(opStart + 1) | 0x20) == 'r') {
            pos = opEnd;
            return new Present(path);
        }
        CompareOp op = CompareOp.find(s, opStart);
        if (op == null) {
            throw error(path.isSimple() && path.name().equalsIgnoreCase("not") ? OP_EXPECTED + " or '(' after 'not'"
                    : OP_EXPECTED);
        }
        pos = opEnd;
        skipSpace();
        return new Comparison(path, op, parseValue());
    }

    // ---- paths --------------------------------------------------------------------------------------------

    /**
     * attrPath := [URI ":"] ATTRNAME ["." subAttr]. A URN contains dots and colons ("...:2.0:User"), so
     * for a URN path the whole run of URN characters is read first and the attribute starts after its last
     * colon. Inside a value filter only a bare sub-attribute name is allowed.
     */
    private AttributePath parseAttrPath(boolean inValue) {
        int start = pos;
        if (pos + 4 <= len && s.regionMatches(true, pos, "urn:", 0, 4)) {
            if (inValue) {
                throw error("a sub-attribute name (paths inside a value filter are relative)");
            }
            int end = pos + 4;
            int lastColon = pos + 3;
            while (end < len && Lexer.isUrnChar(s.charAt(end))) {
                if (s.charAt(end) == ':') {
                    lastColon = end;
                }
                end++;
            }
            if (lastColon <= start + 4) {
                pos = lastColon + 1;
                throw error("a schema URN followed by ':' and an attribute name");
            }
            if (s.charAt(lastColon - 1) == ':') {
                pos = lastColon;
                throw error("an attribute name (a schema URN does not end with ':')");
            }
            String urn = s.substring(start, lastColon);
            pos = lastColon + 1;
            String name = parseName("an attribute name after the schema URN");
            String sub = null;
            if (pos < len && s.charAt(pos) == '.') {
                pos++;
                sub = parseName("a sub-attribute name");
            }
            if (pos < end) {
                throw error("a space after the attribute path");
            }
            return new AttributePath(urn, name, sub);
        }
        String name = parseName("an attribute path");
        String sub = null;
        if (pos < len && s.charAt(pos) == '.') {
            if (inValue) {
                throw error("a comparison operator (paths inside a value filter are sub-attribute names)");
            }
            pos++;
            sub = parseName("a sub-attribute name");
            if (pos < len && s.charAt(pos) == '.') {
                throw error("a space after the attribute path (a path has at most one sub-attribute)");
            }
        }
        return new AttributePath(null, name, sub);
    }

    private String parseName(String expected) {
        int start = pos;
        if (pos >= len || !Lexer.isNameStart(s.charAt(pos))) {
            throw error(expected);
        }
        pos++;
        while (pos < len && Lexer.isNameChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    // ---- values -------------------------------------------------------------------------------------------

    private JsonNode parseValue() {
        if (pos >= len) {
            throw error(VALUE_EXPECTED);
        }
        char c = s.charAt(pos);
        if (c == '"') {
            return TextNode.valueOf(parseString());
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
        return TextNode.valueOf(s.substring(start, end));
    }

    /** An unquoted value ends at white space or filter punctuation. */
    private static boolean isBareEnd(char c) {
        return Lexer.isSpace(c) || c == ')' || c == ']' || c == '(' || c == '[' || c == '"';
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
        while (i < end && Lexer.isDigit(s.charAt(i))) {
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
            while (i < end && Lexer.isDigit(s.charAt(i))) {
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
            while (i < end && Lexer.isDigit(s.charAt(i))) {
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

    private void skipSpace() {
        while (pos < len && Lexer.isSpace(s.charAt(pos))) {
            pos++;
        }
    }

    /** Whether a keyword (any case) starts at the position and is not the start of a longer name. */
    private boolean keyword(String word) {
        int n = word.length();
        return pos + n <= len && s.regionMatches(true, pos, word, 0, n)
                && (pos + n == len || !Lexer.isNameChar(s.charAt(pos + n)) && s.charAt(pos + n) != '.'
                        && s.charAt(pos + n) != '[' && s.charAt(pos + n) != ':');
    }

    private void enter() {
        if (++depth > options.maxDepth()) {
            throw error("at most " + options.maxDepth() + " nested levels",
                    "the filter nests deeper than " + options.maxDepth() + " levels");
        }
    }

    private ScimException error(String expected) {
        return error(expected, null);
    }

    private ScimException error(String expected, @Nullable String problem) {
        StringBuilder d = new StringBuilder(96);
        if (problem != null) {
            d.append(problem).append(" at column ").append(pos + 1);
        } else {
            d.append("expected ").append(expected).append(pos >= len ? " at the end (column " + (pos + 1) + ")"
                    : " at column " + (pos + 1));
        }
        d.append(": ");
        // The input is echoed so the client sees where; long inputs are cut around the position.
        if (len <= 200) {
            d.append(s);
        } else {
            int from = Math.max(0, pos - 80);
            int to = Math.min(len, pos + 80);
            d.append(from > 0 ? "..." : "").append(s, from, to).append(to < len ? "..." : "");
        }
        return ScimException.of(errorType, d.toString());
    }
}
