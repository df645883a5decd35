package io.scimlab.core.internal;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of request paths and query strings. Unlike {@link java.net.URLDecoder}, which turns a
 * malformed UTF-8 sequence into U+FFFD (so that different ids collapse into one), a decoded value here must be
 * well-formed UTF-8, and path segments and parameter names hold no control character ({@code %00} would otherwise
 * reach providers and stores as part of an id). Internal: this package is not exported.
 */
public final class PercentDecoding {
    private PercentDecoding() {}

    /**
     * Decodes one path segment: {@code +} stays a plus sign.
     *
     * @param segment the raw segment
     * @return the decoded segment
     * @throws ScimException 400 {@code invalidValue} for malformed escapes, malformed UTF-8 or a control character
     */
    public static String pathSegment(String segment) {
        String s = decode(segment, false, "the path segment");
        refuseControls(s, "the path");
        return s;
    }

    /**
     * Decodes a query parameter name or value: {@code +} is a space (HTML form encoding, which clients use).
     *
     * @param text the raw text
     * @param name whether it is a parameter name (control characters refused) or a value (only NUL refused: the
     *             filter parser and readers check values by their own rules)
     * @return the decoded text
     * @throws ScimException 400 {@code invalidValue} for malformed escapes, malformed UTF-8 or a forbidden character
     */
    public static String queryPart(String text, boolean name) {
        String s = decode(text, true, "the query string");
        if (name) {
            refuseControls(s, "a query parameter name");
        } else if (s.indexOf('\0') >= 0) {
            throw ScimException.of(ScimType.INVALID_VALUE, "NUL (%00) in a query parameter value");
        }
        return s;
    }

    private static String decode(String text, boolean plusIsSpace, String where) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text; // the common case: nothing to decode, and the text is already Java's (valid) UTF-16
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < n ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < n ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ScimException.of(ScimType.INVALID_VALUE, "malformed percent-encoding in " + where
                            + " at character " + (i + 1));
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A raw non-ASCII character (the binding decoded the request line as UTF-8): keep it as UTF-8.
                int end = Character.isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1;
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        byte[] raw = bytes.toByteArray();
        long bad = Utf8.firstMalformed(raw);
        if (bad >= 0) {
            throw ScimException.of(ScimType.INVALID_VALUE, "malformed UTF-8 after percent-decoding " + where
                    + " at byte " + bad);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static void refuseControls(String s, String where) {
        for (int i = 0; i < s.length(); i++) {
            if (Texts.isControl(s.charAt(i))) {
                throw ScimException.of(ScimType.INVALID_VALUE, "a control character (U+"
                        + String.format("%04X", (int) s.charAt(i)) + ") in " + where);
            }
        }
    }
}
