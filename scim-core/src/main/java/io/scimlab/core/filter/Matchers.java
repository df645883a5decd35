package io.scimlab.core.filter;

import io.scimlab.core.internal.DateTimes;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.resource.ScimResource;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The compiled form of a filter: a tree of matchers with every attribute path already resolved to JSON
 * member names and every literal already converted to the attribute's type, so that matching a resource
 * walks the JSON tree without allocating (arrays are walked by index, strings compared in place).
 */
final class Matchers {
    private Matchers() {
    }

    /** A compiled filter node, tested against a resource or, inside a value filter, one element. */
    abstract static class Matcher {
        abstract boolean test(JsonNode context);
    }

    /** Tests one scalar JSON value (never an array). */
    abstract static class ValueTest {
        abstract boolean test(JsonNode value);
    }

    static final class AndMatcher extends Matcher {
        private final Matcher[] operands;

        AndMatcher(Matcher[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(JsonNode context) {
            for (Matcher m : operands) {
                if (!m.test(context)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class OrMatcher extends Matcher {
        private final Matcher[] operands;

        OrMatcher(Matcher[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(JsonNode context) {
            for (Matcher m : operands) {
                if (m.test(context)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class NotMatcher extends Matcher {
        private final Matcher operand;

        NotMatcher(Matcher operand) {
            this.operand = operand;
        }

        @Override
        boolean test(JsonNode context) {
            return !operand.test(context);
        }
    }

    /** The compiled form of a term on an attribute unknown to the schema (lenient mode). */
    static final class ConstantMatcher extends Matcher {
        private final boolean result;

        ConstantMatcher(boolean result) {
            this.result = result;
        }

        @Override
        boolean test(JsonNode context) {
            return result;
        }
    }

    /** {@code attr[filter]}: true when one element of the attribute matches the inner filter. */
    static final class ValuePathMatcher extends Matcher {
        private final @Nullable String extension;
        private final String attribute;
        private final Matcher inner;

        ValuePathMatcher(@Nullable String extension, String attribute, Matcher inner) {
            this.extension = extension;
            this.attribute = attribute;
            this.inner = inner;
        }

        @Override
        boolean test(JsonNode context) {
            JsonNode container = extension == null ? context : ScimResource.member(context, extension);
            JsonNode values = ScimResource.member(container, attribute);
            if (values.isArray()) {
                for (int i = 0, n = values.size(); i < n; i++) {
                    if (inner.test(values.get(i))) {
                        return true;
                    }
                }
                return false;
            }
            // A single complex value (or a lenient filter on a single-valued complex attribute).
            return values.isObject() && inner.test(values);
        }
    }

    /**
     * A comparison or presence test: finds the attribute's values and is true when any of them passes the
     * test (multi-valued attributes match when any value matches), or, when negated ({@code ne}, {@code eq
     * null}), when none does.
     */
    static final class AttributeMatcher extends Matcher {
        private final @Nullable String extension;
        private final String attribute;
        private final @Nullable String sub;
        private final boolean valueOfElements;
        private final ValueTest test;
        private final boolean negate;

        AttributeMatcher(@Nullable String extension, String attribute, @Nullable String sub, boolean valueOfElements,
                ValueTest test, boolean negate) {
            this.extension = extension;
            this.attribute = attribute;
            this.sub = sub;
            this.valueOfElements = valueOfElements;
            this.test = test;
            this.negate = negate;
        }

        @Override
        boolean test(JsonNode context) {
            return any(context) != negate;
        }

        private boolean any(JsonNode context) {
            JsonNode container = extension == null ? context : ScimResource.member(context, extension);
            JsonNode value = ScimResource.member(container, attribute);
            if (sub != null) {
                if (value.isArray()) {
                    for (int i = 0, n = value.size(); i < n; i++) {
                        if (anyOf(ScimResource.member(value.get(i), sub))) {
                            return true;
                        }
                    }
                    return false;
                }
                value = ScimResource.member(value, sub);
            }
            return anyOf(value);
        }

        private boolean anyOf(JsonNode value) {
            if (value.isArray()) {
                for (int i = 0, n = value.size(); i < n; i++) {
                    JsonNode element = value.get(i);
                    if (test.test(valueOfElements ? ScimResource.member(element, "value") : element)) {
                        return true;
                    }
                }
                return false;
            }
            return test.test(valueOfElements && value.isObject() ? ScimResource.member(value, "value") : value);
        }
    }

    /** {@code pr}: not null, not an empty string, array or object. */
    static final ValueTest PRESENT = new ValueTest() {
        @Override
        boolean test(JsonNode value) {
            if (value.isMissingNode() || value.isNull()) {
                return false;
            }
            if (value.isTextual()) {
                return !value.textValue().isEmpty();
            }
            if (value.isObject()) {
                // An object whose members are all null or empty is as unassigned as an empty one.
                for (JsonNode member : value) {
                    if (test(member)) {
                        return true;
                    }
                }
                return false;
            }
            return !value.isArray() || !value.isEmpty();
        }
    };

    static boolean ordered(CompareOp op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalStateException("not an ordering operator: " + op);
        };
    }

    /** String and reference comparisons, case-exact or not as the schema says; never builds a lower-case copy. */
    static final class StringTest extends ValueTest {
        private final CompareOp op;
        private final String literal;
        private final boolean caseExact;

        StringTest(CompareOp op, String literal, boolean caseExact) {
            this.op = op;
            this.literal = literal;
            this.caseExact = caseExact;
        }

        @Override
        boolean test(JsonNode value) {
            if (!value.isTextual()) {
                return false;
            }
            String v = value.textValue();
            int m = literal.length();
            return switch (op) {
                case EQ -> caseExact ? v.equals(literal) : v.equalsIgnoreCase(literal);
                case SW -> v.regionMatches(!caseExact, 0, literal, 0, m);
                case EW -> v.length() >= m && v.regionMatches(!caseExact, v.length() - m, literal, 0, m);
                case CO -> caseExact ? v.contains(literal) : containsIgnoreCase(v, literal);
                default -> ordered(op, caseExact ? v.compareTo(literal) : v.compareToIgnoreCase(literal));
            };
        }

        private static boolean containsIgnoreCase(String v, String literal) {
            int m = literal.length();
            for (int i = 0, last = v.length() - m; i <= last; i++) {
                if (v.regionMatches(true, i, literal, 0, m)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Booleans; a string "true"/"false" in the resource (as Entra writes them) counts as the boolean. */
    static final class BooleanTest extends ValueTest {
        private final boolean literal;

        BooleanTest(boolean literal) {
            this.literal = literal;
        }

        @Override
        boolean test(JsonNode value) {
            if (value.isBoolean()) {
                return value.booleanValue() == literal;
            }
            return value.isTextual() && value.textValue().equalsIgnoreCase(literal ? "true" : "false");
        }
    }

    /** Integers and decimals, compared numerically (1 eq 1.0); longs without allocating. */
    static final class NumberTest extends ValueTest {
        private final CompareOp op;
        private final BigDecimal literal;
        private final boolean literalIsLong;
        private final long literalLong;

        NumberTest(CompareOp op, BigDecimal literal) {
            this.op = op;
            this.literal = literal;
            BigDecimal stripped = literal.stripTrailingZeros();
            boolean whole = stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18;
            this.literalIsLong = whole;
            this.literalLong = whole ? stripped.longValueExact() : 0;
        }

        @Override
        boolean test(JsonNode value) {
            int cmp;
            if (value.isIntegralNumber() && literalIsLong && value.canConvertToLong()) {
                cmp = Long.compare(value.longValue(), literalLong);
            } else if (value.isNumber()) {
                cmp = value.decimalValue().compareTo(literal);
            } else if (value.isTextual()) {
                try {
                    cmp = new BigDecimal(value.textValue().trim()).compareTo(literal);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else {
                return false;
            }
            return ordered(op, cmp);
        }
    }

    /** dateTimes, compared as instants (so offsets and fractions compare correctly). */
    static final class DateTimeTest extends ValueTest {
        private final CompareOp op;
        private final long seconds;
        private final int nanos;

        DateTimeTest(CompareOp op, long seconds, int nanos) {
            this.op = op;
            this.seconds = seconds;
            this.nanos = nanos;
        }

        @Override
        boolean test(JsonNode value) {
            if (!value.isTextual()) {
                return false;
            }
            String text = value.textValue();
            long s = DateTimes.epochSeconds(text);
            if (s == DateTimes.INVALID) {
                return false;
            }
            int cmp = Long.compare(s, seconds);
            if (cmp == 0) {
                cmp = Integer.compare(DateTimes.nanos(text), nanos);
            }
            return ordered(op, cmp);
        }
    }
}
