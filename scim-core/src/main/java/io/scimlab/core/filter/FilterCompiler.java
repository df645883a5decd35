package io.scimlab.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.filter.Matchers.AttributeMatcher;
import io.scimlab.core.filter.Matchers.Matcher;
import io.scimlab.core.filter.Matchers.ValueTest;
import io.scimlab.core.internal.DateTimes;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.ResolvedAttribute;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a filter AST into {@link Matchers}: resolves each path against the schema, checks the operator
 * fits the attribute's type and converts the literal. A visitor, as other translations of filters are.
 */
final class FilterCompiler implements FilterVisitor<Matcher> {
    /** {@code schemas} is in every resource but in no schema; it is matched as case-insensitive URNs. */
    private static final AttributeDefinition SCHEMAS =
            AttributeDefinition.builder("schemas", AttributeType.REFERENCE).multiValued(true).build();

    private final FilterEvaluator evaluator;
    /** The multi-valued attribute whose elements a value filter's inner paths refer to, or null at top level. */
    private final @Nullable AttributeDefinition parent;

    FilterCompiler(FilterEvaluator evaluator, @Nullable AttributeDefinition parent) {
        this.evaluator = evaluator;
        this.parent = parent;
    }

    @Override
    public Matcher visitAnd(And and) {
        return new Matchers.AndMatcher(compileAll(and.filters()));
    }

    @Override
    public Matcher visitOr(Or or) {
        return new Matchers.OrMatcher(compileAll(or.filters()));
    }

    private Matcher[] compileAll(List<Filter> filters) {
        Matcher[] out = new Matcher[filters.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = filters.get(i).accept(this);
        }
        return out;
    }

    @Override
    public Matcher visitNot(Not not) {
        return new Matchers.NotMatcher(not.filter().accept(this));
    }

    @Override
    public Matcher visitValuePath(ValuePathFilter valuePath) {
        Target t = target(valuePath.path());
        if (t == null) {
            return new Matchers.ConstantMatcher(false);
        }
        if (!t.definition.isComplex()) {
            throw invalid("a value filter applies to a complex attribute, and " + valuePath.path() + " is not one");
        }
        Matcher inner = valuePath.filter().accept(new FilterCompiler(evaluator, t.definition));
        return new Matchers.ValuePathMatcher(t.extension, t.attribute, inner);
    }

    @Override
    public Matcher visitPresent(Present present) {
        Target t = target(present.path());
        if (t == null) {
            return new Matchers.ConstantMatcher(false);
        }
        return new AttributeMatcher(t.extension, t.attribute, t.sub, false, Matchers.PRESENT, false);
    }

    @Override
    public Matcher visitComparison(Comparison c) {
        CompareOp op = c.op();
        JsonNode literal = c.value();
        Target t = target(c.path());
        if (literal.isNull()) {
            if (op != CompareOp.EQ && op != CompareOp.NE) {
                throw invalid("only eq and ne compare with null, not " + op + ": " + Excerpt.of(c.toString()));
            }
            // eq null: has no value; ne null: has one.
            return t == null ? new Matchers.ConstantMatcher(op == CompareOp.EQ)
                    : new AttributeMatcher(t.extension, t.attribute, t.sub, false, Matchers.PRESENT, op == CompareOp.EQ);
        }
        if (t == null) {
            return new Matchers.ConstantMatcher(op == CompareOp.NE);
        }
        AttributeDefinition def = t.definition;
        boolean valueOfElements = false;
        if (def.isComplex()) {
            AttributeDefinition value = def.multiValued() ? def.subAttribute("value") : null;
            if (value == null) {
                throw invalid("the complex attribute " + c.path() + " can only be compared through a sub-attribute: "
                        + Excerpt.of(c.toString()));
            }
            def = value;
            valueOfElements = true;
        }
        CompareOp test = op == CompareOp.NE ? CompareOp.EQ : op;
        ValueTest valueTest = valueTest(c, def, test, literal);
        return new AttributeMatcher(t.extension, t.attribute, t.sub, valueOfElements, valueTest, op == CompareOp.NE);
    }

    private ValueTest valueTest(Comparison c, AttributeDefinition def, CompareOp op, JsonNode literal) {
        AttributeType type = def.type();
        return switch (type) {
            case STRING, REFERENCE -> new Matchers.StringTest(op, text(c, literal, type), def.caseExact());
            case BINARY -> {
                requireOp(c, op == CompareOp.EQ, type);
                yield new Matchers.StringTest(op, text(c, literal, type), true);
            }
            case BOOLEAN -> {
                requireOp(c, op == CompareOp.EQ, type);
                yield new Matchers.BooleanTest(bool(c, literal));
            }
            case INTEGER, DECIMAL -> {
                requireOp(c, !op.isSubstring(), type);
                yield new Matchers.NumberTest(op, number(c, literal));
            }
            case DATE_TIME -> {
                requireOp(c, !op.isSubstring(), type);
                String text = literal.isTextual() ? literal.textValue() : "";
                long seconds = DateTimes.epochSeconds(text);
                if (seconds == DateTimes.INVALID) {
                    StringBuilder shown = new StringBuilder();
                    FilterPrinter.appendValue(shown, literal);
                    throw invalid(c.path() + " is a dateTime attribute and " + Excerpt.of(shown.toString())
                            + " is not an RFC 3339 date-time: " + Excerpt.of(c.toString()));
                }
                yield new Matchers.DateTimeTest(op, seconds, DateTimes.nanos(text));
            }
            default -> throw new IllegalStateException("unexpected attribute type " + type);
        };
    }

    private static void requireOp(Comparison c, boolean ok, AttributeType type) {
        if (!ok) {
            throw invalid("the operator " + c.op() + " is not supported for the " + type + " attribute " + c.path()
                    + (c.op().isSubstring() ? " (co, sw and ew compare strings)" : "") + ": "
                    + Excerpt.of(c.toString()));
        }
    }

    private String text(Comparison c, JsonNode literal, AttributeType type) {
        if (literal.isTextual()) {
            return literal.textValue();
        }
        if (evaluator.options().strict()) {
            throw invalid(c.path() + " is a " + type + " attribute and compares with a quoted string: "
                    + Excerpt.of(c.toString()));
        }
        return literal.asText();
    }

    private boolean bool(Comparison c, JsonNode literal) {
        if (literal.isBoolean()) {
            return literal.booleanValue();
        }
        if (!evaluator.options().strict() && literal.isTextual()) {
            String text = literal.textValue();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return text.equalsIgnoreCase("true");
            }
        }
        throw invalid(c.path() + " is a boolean attribute and compares with true or false: "
                + Excerpt.of(c.toString()));
    }

    private BigDecimal number(Comparison c, JsonNode literal) {
        if (literal.isNumber()) {
            return literal.decimalValue();
        }
        if (!evaluator.options().strict() && literal.isTextual()) {
            try {
                return new BigDecimal(literal.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw invalid(c.path() + " is a number attribute and compares with a number: " + Excerpt.of(c.toString()));
    }

    /** Where a path's values are in the JSON and what they are; null for an unknown attribute (lenient). */
    private @Nullable Target target(AttributePath path) {
        if (parent != null) {
            AttributeDefinition sub = parent.subAttribute(path.name());
            if (sub == null) {
                return unknown(path);
            }
            return new Target(null, sub.name(), null, sub);
        }
        if (path.schemaUrn() == null && path.subAttribute() == null && path.name().equalsIgnoreCase("schemas")) {
            return new Target(null, "schemas", null, SCHEMAS);
        }
        Optional<ResolvedAttribute> r = evaluator.resolve(path);
        if (r.isEmpty()) {
            return unknown(path);
        }
        ResolvedAttribute a = r.get();
        AttributeDefinition sub = a.subAttribute();
        return new Target(a.extension() ? a.schemaUrn() : null, a.attribute().name(), sub == null ? null : sub.name(),
                a.definition());
    }

    private @Nullable Target unknown(AttributePath path) {
        if (evaluator.options().strict()) {
            throw invalid("the attribute " + (parent == null ? "" : parent.name() + ".") + Excerpt.of(path.toString())
                    + " is not defined for "
                    + evaluator.resourceType().name() + " resources");
        }
        return null;
    }

    private static ScimException invalid(String detail) {
        return ScimException.of(ScimType.INVALID_FILTER, detail);
    }

    /** The JSON location (extension key, attribute, sub-attribute) and the definition a path ends at. */
    private record Target(@Nullable String extension, String attribute, @Nullable String sub,
            AttributeDefinition definition) {
    }
}
