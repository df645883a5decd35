package io.scimlab.core.internal;

/**
 * The one way an error detail quotes client input: at most {@value #MAX} characters, cut with {@code ...}, with
 * control characters and lone surrogates escaped as in JSON ({@code \n}, {@code \u0007}). A detail
 * goes back to the client and into logs; a megabyte value, a forged log line or a terminal escape must reach
 * neither. Internal: this package is not exported.
 */
public final class Excerpt {
    /** The most characters of input a detail quotes. */
    public static final int MAX = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Excerpt() {}

    /**
     * The start of a text, safe to put in a detail.
     *
     * @param text client input
     * @return at most {@value #MAX} characters of it (escaped), followed by {@code ...} when it is longer
     */
    public static String of(String text) {
        return window(text, 0, MAX);
    }

    /**
     * The part of a text around a position (a parse error's column), safe to put in a detail.
     *
     * @param text client input
     * @param position the 0-based position the error is at
     * @return at most {@value #MAX} characters around the position (escaped), with {@code ...} where cut
     */
    public static String around(String text, int position) {
        int from = Math.max(0, Math.min(position - MAX / 3, text.length() - MAX));
        return window(text, from, from + MAX);
    }

    private static String window(String text, int from, int to) {
        int n = text.length();
        to = Math.min(n, to);
        // Never cut a surrogate pair in two.
        if (from > 0 && from < n && Character.isLowSurrogate(text.charAt(from))) {
            from++;
        }
        if (to < n && to > from && Character.isHighSurrogate(text.charAt(to - 1))) {
            to--;
        }
        StringBuilder b = new StringBuilder(to - from + 8);
        if (from > 0) {
            b.append("...");
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                    && Character.isHighSurrogate(text.charAt(i - 1)));
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Texts.isControl(c) || loneSurrogate || c == '\u2028' || c == '\u2029') {
                b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                        .append(HEX[c & 0xF]);
            } else {
                b.append(c);
            }
        }
        if (to < n) {
            b.append("...");
        }
        return b.toString();
    }
}
