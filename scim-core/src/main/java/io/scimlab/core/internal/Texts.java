package io.scimlab.core.internal;

/**
 * The characters no string value may hold, in one place for the resource readers and the filter parser: NUL, and
 * UTF-16 surrogates that are not part of a pair (JSON's {@code \ud800} escape makes them; no Unicode character is
 * one). Names and identifiers also hold no control character (C0, DEL, C1): a tab or an escape sequence in a
 * {@code userName} or {@code displayName} breaks logs, terminals and every system the name is pushed to.
 * Internal: this package is not exported.
 */
public final class Texts {
    private Texts() {}

    /**
     * Whether a character is a control character: C0 (U+0000 to U+001F), DEL (U+007F) or C1 (U+0080 to U+009F).
     *
     * @param c the character
     * @return true for a control character
     */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /**
     * The first character a string value may not hold.
     *
     * @param text the value
     * @param singleLine whether control characters are refused too (names and identifiers)
     * @return its index, or -1 when there is none
     */
    public static int firstForbidden(String text, boolean singleLine) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue; // printable ASCII, the common case
            }
            if (c == 0 || (singleLine && isControl(c))) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What the character at an index {@link #firstForbidden} found is, for an error detail.
     *
     * @param text the value
     * @param index the index
     * @return e.g. {@code "NUL (U+0000) at character 3"} or {@code "the control character U+0007 at character 1"}
     */
    public static String describe(String text, int index) {
        char c = text.charAt(index);
        String code = String.format("U+%04X", (int) c);
        String what = c == 0 ? "NUL (" + code + ")" : Character.isSurrogate(c) ? "the lone surrogate " + code
                : "the control character " + code;
        return what + " at character " + (index + 1);
    }
}
