package io.scimlab.core.internal;

/**
 * The one JSON string escaper of ScimLab (RFC 8259 §7), shared by the filter printer and the typed JSON writer.
 * It escapes exactly what Jackson escapes, with the same upper-case {@code \\u00XX} form, so output written either
 * way is byte-identical. Internal: this package is not exported.
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonStrings() {}

    /**
     * Appends a string as a quoted JSON string.
     *
     * @param b the builder
     * @param s the string
     */
    public static void appendQuoted(StringBuilder b, String s) {
        b.append('"');
        int n = s.length();
        int i = 0;
        // Most values need no escaping: find the first character that does, and copy the run before it at once.
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        if (i == n) {
            b.append(s);
        } else {
            b.append(s, 0, i);
            for (; i < n; i++) {
                appendEscaped(b, s.charAt(i));
            }
        }
        b.append('"');
    }

    private static void appendEscaped(StringBuilder b, char c) {
        switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            default -> {
                if (c < 0x20) {
                    b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else {
                    b.append(c);
                }
            }
        }
    }
}
