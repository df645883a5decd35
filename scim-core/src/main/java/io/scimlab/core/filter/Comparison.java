package io.scimlab.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An attribute comparison, {@code path op value}, e.g. {@code meta.lastModified gt "2011-05-13T04:42:34Z"}.
 *
 * <p>The value is a JSON scalar: a string, a number, {@code true}, {@code false} or {@code null}. Numbers
 * are normalised so that equal filter texts give equal nodes: whole numbers (and decimals of scale 0) become an
 * {@code IntNode}, {@code LongNode} or {@code BigIntegerNode} (the smallest that fits), other numbers a
 * {@code DecimalNode}.
 *
 * @param path the attribute
 * @param op the operator
 * @param value the literal compared with
 */
public record Comparison(AttributePath path, CompareOp op, JsonNode value) implements Filter {

    /** Checks the parts and normalises a numeric value. */
    public Comparison {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (!value.isValueNode() || value.isBinary() || value.isPojo()) {
            throw new IllegalArgumentException("a filter compares with a string, number, boolean or null, not " + value);
        }
        if (value.isNumber()) {
            value = normalise(value);
        }
    }

    /**
     * A comparison with a string.
     *
     * @param path the attribute path, e.g. {@code userName}
     * @param op the operator
     * @param text the string
     * @return the node
     */
    public static Comparison of(AttributePath path, CompareOp op, String text) {
        return new Comparison(path, op, TextNode.valueOf(text));
    }

    static JsonNode normalise(JsonNode number) {
        if (number.isIntegralNumber()) {
            BigInteger big = number.bigIntegerValue();
            if (big.bitLength() < 32) {
                return number instanceof IntNode ? number : IntNode.valueOf(big.intValue());
            }
            if (big.bitLength() < 64) {
                return number instanceof LongNode ? number : LongNode.valueOf(big.longValue());
            }
            return number instanceof BigIntegerNode ? number : BigIntegerNode.valueOf(big);
        }
        if (number instanceof DecimalNode) {
            // Scale 0 prints without a point or exponent and so reads back as a whole number: make it one now.
            BigDecimal d = number.decimalValue();
            return d.scale() == 0 ? normalise(BigIntegerNode.valueOf(d.unscaledValue())) : number;
        }
        return DecimalNode.valueOf(number.isDouble() || number.isFloat()
                ? BigDecimal.valueOf(number.doubleValue()) : number.decimalValue());
    }

    @Override
    public <R> R accept(FilterVisitor<R> visitor) {
        return visitor.visitComparison(this);
    }

    /** The canonical filter text. */
    @Override
    public String toString() {
        return FilterPrinter.print(this);
    }
}
