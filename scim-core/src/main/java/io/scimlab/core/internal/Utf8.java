package io.scimlab.core.internal;

import io.scimlab.core.error.ScimException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one strict UTF-8 decoder check of ScimLab (RFC 3629 §4, Unicode's "well-formed UTF-8" table). Jackson's byte
 * parser decodes overlong forms ({@code C0 AF} becomes {@code /}, {@code C0 80} NUL), UTF-16 surrogates encoded in
 * three bytes and sequences beyond U+10FFFF without complaint, so every request body is checked here before a
 * parser sees it: a malformed sequence is 400 {@code invalidSyntax} naming its byte offset.
 *
 * <p>JSON text also never holds a raw NUL byte (control characters in strings are escaped, RFC 8259 §7), and a NUL
 * is what makes Jackson guess UTF-16 or UTF-32: {@link #checkJson} refuses one too, so a body is always read as
 * UTF-8. Internal: this package is not exported.
 */
public final class Utf8 {
    private Utf8() {}

    /**
     * An incremental checker, for input that arrives in pieces; {@link #feed} and {@link #finish} give the offset
     * of the first byte of the first malformed sequence. Not thread-safe.
     */
    public static final class Decoder {
        private final boolean refuseNul;
        private long position;
        private long sequenceStart;
        private int need;
        private int lo = 0x80;
        private int hi = 0xBF;
        private boolean nul;

        /**
         * A checker.
         *
         * @param refuseNul whether a NUL byte counts as malformed (JSON text)
         */
        public Decoder(boolean refuseNul) {
            this.refuseNul = refuseNul;
        }

        /**
         * Checks the next bytes.
         *
         * @param b the buffer
         * @param off the first byte
         * @param len how many bytes
         * @return -1, or the offset (from the first byte ever fed) of the malformed sequence
         */
        public long feed(byte[] b, int off, int len) {
            int end = off + len;
            for (int i = off; i < end; i++, position++) {
                int x = b[i];
                if (need == 0) {
                    if (x > 0 || (x == 0 && !refuseNul)) {
                        continue; // ASCII, the common case
                    }
                    nul = x == 0;
                    x &= 0xFF;
                    sequenceStart = position;
                    // The well-formed lead bytes and the range each allows for its first continuation byte.
                    if (x >= 0xC2 && x <= 0xDF) {
                        start(1, 0x80, 0xBF);
                    } else if (x == 0xE0) {
                        start(2, 0xA0, 0xBF); // below A0 would be overlong
                    } else if ((x >= 0xE1 && x <= 0xEC) || x == 0xEE || x == 0xEF) {
                        start(2, 0x80, 0xBF);
                    } else if (x == 0xED) {
                        start(2, 0x80, 0x9F); // A0 and above would encode a UTF-16 surrogate
                    } else if (x == 0xF0) {
                        start(3, 0x90, 0xBF); // below 90 would be overlong
                    } else if (x >= 0xF1 && x <= 0xF3) {
                        start(3, 0x80, 0xBF);
                    } else if (x == 0xF4) {
                        start(3, 0x80, 0x8F); // 90 and above would be beyond U+10FFFF
                    } else {
                        return position; // NUL, a continuation byte, C0, C1 (overlong) or F5 to FF
                    }
                } else {
                    x &= 0xFF;
                    if (x < lo || x > hi) {
                        return sequenceStart;
                    }
                    lo = 0x80;
                    hi = 0xBF;
                    need--;
                }
            }
            return -1;
        }

        private void start(int continuations, int low, int high) {
            need = continuations;
            lo = low;
            hi = high;
        }

        /** Whether the malformed byte {@link #feed} reported is a NUL (refused for JSON, not malformed UTF-8). */
        public boolean wasNul() {
            return nul;
        }

        /**
         * Ends the input.
         *
         * @return -1, or the offset of a sequence the input ended inside
         */
        public long finish() {
            return need == 0 ? -1 : sequenceStart;
        }
    }

    /**
     * The offset of the first malformed sequence.
     *
     * @param bytes the bytes
     * @return -1 when they are well-formed UTF-8, else the offset of the first byte of the first malformed sequence
     */
    public static long firstMalformed(byte[] bytes) {
        Decoder d = new Decoder(false);
        long at = d.feed(bytes, 0, bytes.length);
        return at >= 0 ? at : d.finish();
    }

    /**
     * Checks a JSON request body: well-formed UTF-8 without NUL bytes.
     *
     * @param body the body
     * @throws ScimException 400 {@code invalidSyntax} naming the byte offset of the first malformed sequence
     */
    public static void checkJson(byte[] body) {
        Decoder d = new Decoder(true);
        long at = d.feed(body, 0, body.length);
        if (at < 0) {
            at = d.finish();
        }
        if (at >= 0) {
            throw malformed(d, at);
        }
    }

    private static ScimException malformed(Decoder d, long at) {
        return ScimException.invalidSyntax(d.wasNul()
                ? "a NUL byte at byte offset " + at + ": JSON text is UTF-8 and escapes control characters"
                : "malformed UTF-8 at byte offset " + at + " (an overlong, surrogate, truncated or out-of-range"
                        + " sequence): the body must be UTF-8");
    }

    /**
     * A stream that checks what is read through it as {@link #checkJson} checks a body, failing the read that
     * meets a malformed sequence.
     *
     * @param in the JSON input
     * @return the checking stream (closing it closes {@code in})
     */
    public static InputStream checkingJson(InputStream in) {
        return new FilterInputStream(in) {
            private final Decoder decoder = new Decoder(true);
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                long at = n < 0 ? decoder.finish() : decoder.feed(b, off, n);
                if (at >= 0) {
                    throw malformed(decoder, at);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // Skipped bytes must be checked too: read them.
                byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
                long skipped = 0;
                while (skipped < n) {
                    int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                    if (r < 0) {
                        break;
                    }
                    skipped += r;
                }
                return skipped;
            }
        };
    }
}
