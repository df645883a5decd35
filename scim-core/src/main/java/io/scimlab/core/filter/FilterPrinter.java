package io.scimlab.core.filter;

import io.scimlab.core.internal.JsonStrings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Prints the canonical text of a filter: lower-case keywords, one space between tokens, JSON literals, and
 * parentheses exactly where the tree differs from what precedence and left-to-right chaining would give,
 * so that parsing the text yields an equal tree.
 */
final class FilterPrinter {

    private FilterPrinter() {
    }

    static String print(Filter filter) {
        StringBuilder b = new StringBuilder(64);
        append(b, filter);
        return b.toString();
    }

    static void append(StringBuilder b, Filter filter) {
        if (filter instanceof And and) {
            // An operand that is itself a chain was a parenthesised group: flattening it would change the tree.
            appendChain(b, and.filters(), " and ", true);
        } else if (filter instanceof Or or) {
            appendChain(b, or.filters(), " or ", false);
        } else if (filter instanceof Not not) {
            b.append("not (");
            append(b, not.filter());
            b.append(')');
        } else if (filter instanceof Comparison c) {
            appendPath(b, c.path());
            b.append(' ').append(c.op().keyword()).append(' ');
            appendValue(b, c.value());
        } else if (filter instanceof Present p) {
            appendPath(b, p.path());
            b.append(" pr");
        } else if (filter instanceof ValuePathFilter v) {
            appendPath(b, v.path());
            b.append('[');
            append(b, v.filter());
            b.append(']');
        } else {
            throw new IllegalStateException("unknown filter node " + filter.getClass());
        }
    }

    private static void appendChain(StringBuilder b, List<Filter> operands, String keyword, boolean isAnd) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                b.append(keyword);
            }
            Filter f = operands.get(i);
            boolean group = f instanceof Or || (isAnd && f instanceof And) || (!isAnd && f instanceof Or);
            if (group) {
                b.append('(');
                append(b, f);
                b.append(')');
            } else {
                append(b, f);
            }
        }
    }

    static void appendPath(StringBuilder b, AttributePath path) {
        if (path.schemaUrn() != null) {
            b.append(path.schemaUrn()).append(':');
        }
        b.append(path.name());
        if (path.subAttribute() != null) {
            b.append('.').append(path.subAttribute());
        }
    }

    static void appendValue(StringBuilder b, JsonNode value) {
        if (value.isTextual()) {
            JsonStrings.appendQuoted(b, value.textValue());
        } else if (value.isNumber()) {
            // BigDecimal.toString may use an exponent ("1E+3"), which is valid JSON and parses back exactly.
            b.append(value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.decimalValue().toString());
        } else {
            b.append(value.isNull() ? "null" : value.asBoolean() ? "true" : "false");
        }
    }

}
