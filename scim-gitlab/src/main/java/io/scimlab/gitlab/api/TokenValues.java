package io.scimlab.gitlab.api;

import java.util.Objects;

/**
 * The one check of a GitLab token value, wherever it comes from (a builder, a token supplier, a token store).
 * Tokens are read from files and secret stores, which add what the token never contains: a trailing newline, a
 * CRLF line end, a byte order mark. Such a value would be refused by OkHttp when it builds the request header, with
 * an error that prints the whole value. So surrounding whitespace and a leading byte order mark are removed, and a
 * value that still contains anything but visible ASCII is refused with an error that never contains the value.
 */
public final class TokenValues {
    private TokenValues() {
    }

    /**
     * The token as it is sent: without surrounding whitespace (a file's trailing CR or LF) or a leading byte order
     * mark.
     *
     * @param value the token as read
     * @return the token to send
     * @throws IllegalArgumentException when it is empty, or contains a control character, whitespace or a
     *                                  non-ASCII character inside; the message gives the position, never the value
     */
    public static String clean(String value) {
        Objects.requireNonNull(value, "token");
        String v = value.startsWith("\uFEFF") ? value.substring(1) : value;
        v = v.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("the GitLab token is empty");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the GitLab token has a control character, whitespace or a "
                        + "non-ASCII character at position " + (i + 1) + " of " + v.length()
                        + " (the value is not shown); check how it was written to its file or secret store");
            }
        }
        return v;
    }
}
