package io.scimlab.core.filter;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * <p>This class holds the grammar; the package-private {@code FilterScanner} the characters: names, literals, white space, keywords
 * and the error details.
 *
 * <p>Thread-safe: each call uses its own parser state.
 */
public final class FilterParser extends FilterScanner {
    private static final String OP_EXPECTED =
            "a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)";

    private int depth;
    private int terms;

    private FilterParser(String text, FilterOptions options, ScimType errorType) {
        super(text, options, errorType);
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
        while (opEnd < len && CharClasses.isAlpha(s.charAt(opEnd))) {
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
            while (end < len && CharClasses.isUrnChar(s.charAt(end))) {
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

    private void enter() {
        if (++depth > options.maxDepth()) {
            throw error("at most " + options.maxDepth() + " nested levels",
                    "the filter nests deeper than " + options.maxDepth() + " levels");
        }
    }

}
