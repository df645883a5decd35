package io.scimlab.core.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * A request body as the handler reads it: the {@code Content-Length} or chunked framing decoded strictly
 * (RFC 9112 §6-§7), never beyond a size cap. Any framing error is an {@link HttpError} (400, or 413 for a body
 * larger than the cap), remembered so that the connection answers it and closes. Before the first byte is read
 * it runs a hook, which sends {@code 100 Continue} when the client waits for it and starts the body deadline: a
 * request refused before its body is read (401, 404) never makes the client send it. Package-private.
 */
final class RequestBody extends InputStream {
    /** The longest chunk-size line (with extensions) and the largest trailer section. */
    static final int MAX_CHUNK_LINE = 4096;
    static final int MAX_TRAILER_BYTES = 8192;
    /**
     * How far the chunk-size lines of one body may outgrow its data: each chunk is allowed 16 bytes of line plus
     * its size, and the excess over all chunks at most this. Without it, one-byte chunks each with a 4 KiB line
     * (leading zeros, extensions) would keep the server reading framing for the whole body timeout.
     */
    static final int MAX_FRAMING_EXCESS = 16 * 1024;

    private final HttpInput in;
    private final boolean chunked;
    private final long cap;
    private @Nullable IoHook beforeFirstRead;
    /** Bytes left: of the whole body, or of the current chunk (0 between chunks). */
    private long remaining;
    private long total;
    private long framingExcess;
    private boolean done;
    private @Nullable HttpError failure;

    /** Work to do before the body is first read; may write to the connection. */
    @FunctionalInterface
    interface IoHook {
        void run() throws IOException;
    }

    /**
     * A body.
     *
     * @param in the connection's input, positioned after the head
     * @param head the head, whose framing is used
     * @param cap the most body bytes accepted (a larger {@code Content-Length} is refused before this is built)
     * @param beforeFirstRead run once, before the first byte is read
     */
    RequestBody(HttpInput in, RequestHead head, long cap, IoHook beforeFirstRead) {
        this.in = in;
        this.chunked = head.chunked();
        this.cap = cap;
        this.remaining = chunked ? 0 : Math.max(0, head.contentLength());
        this.done = !head.hasBody();
        this.beforeFirstRead = done ? null : beforeFirstRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        IoHook hook = beforeFirstRead;
        if (hook != null) {
            beforeFirstRead = null;
            hook.run();
        }
        try {
            if (remaining == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the connection closed inside the request body");
            }
            remaining -= n;
            if (remaining == 0) {
                if (chunked) {
                    crlfAfterChunk();
                } else {
                    done = true;
                }
            }
            return n;
        } catch (HttpError e) {
            failure = e;
            throw e;
        }
    }

    /** Reads the next chunk-size line; false (and done) after the last chunk and the trailer section. */
    private boolean nextChunk() throws IOException {
        String line = in.readLine(MAX_CHUNK_LINE, 400, "malformed chunked encoding: a chunk-size line is longer "
                + "than " + MAX_CHUNK_LINE + " bytes");
        int digits = 0;
        while (digits < line.length() && isHexDigit(line.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw HttpError.badRequest("malformed chunked encoding: a chunk size is not hexadecimal");
        }
        checkExtensions(line.substring(digits));
        int first = 0;
        while (first < digits - 1 && line.charAt(first) == '0') {
            first++;
        }
        // 15 hex digits always fit a long; a longer size is beyond any cap.
        long size = digits - first > 15 ? Long.MAX_VALUE : Long.parseLong(line, first, digits, 16);
        if (size > cap - total) {
            throw new HttpError(413, "the request body is larger than " + cap + " bytes");
        }
        framingExcess += line.length() - 16 - size;
        if (framingExcess > MAX_FRAMING_EXCESS) {
            throw HttpError.badRequest("malformed chunked encoding: the chunk-size lines outgrow the data by more "
                    + "than " + MAX_FRAMING_EXCESS + " bytes");
        }
        if (size == 0) {
            skipTrailers();
            done = true;
            return false;
        }
        remaining = size;
        total += size;
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ): ignored, but only printable text is allowed. */
    private static void checkExtensions(String rest) throws HttpError {
        String trimmed = HeadParser.trimOws(rest);
        if (!rest.isEmpty() && (trimmed.isEmpty() || trimmed.charAt(0) != ';')) {
            throw HttpError.badRequest("malformed chunked encoding: text or whitespace after a chunk size");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw HttpError.badRequest("malformed chunked encoding: a control character in a chunk extension");
            }
        }
    }

    private void crlfAfterChunk() throws IOException {
        int cr = in.read();
        int lf = cr < 0 ? -1 : in.read();
        if (cr < 0 || lf < 0) {
            throw new EOFException("the connection closed inside the request body");
        }
        if (cr != '\r' || lf != '\n') {
            throw HttpError.badRequest("malformed chunked encoding: chunk data is not followed by CRLF");
        }
    }

    /** The trailer section: field lines up to an empty line, checked like header fields and dropped. */
    private void skipTrailers() throws IOException {
        int budget = MAX_TRAILER_BYTES;
        while (true) {
            String line = in.readLine(Math.max(0, budget - 2), 400,
                    "the trailer section is larger than " + MAX_TRAILER_BYTES + " bytes");
            budget -= line.length() + 2;
            if (budget < 0) {
                throw HttpError.badRequest("the trailer section is larger than " + MAX_TRAILER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !HeadParser.isToken(line, 0, colon)) {
                throw HttpError.badRequest("malformed chunked encoding: a trailer line is not a field");
            }
        }
    }

    /** Whether the whole body, framing included, has been read. */
    boolean finished() {
        return done;
    }

    /** Whether the handler started reading the body (so 100 Continue, when expected, was sent). */
    boolean started() {
        return beforeFirstRead == null;
    }

    /** The framing error the body ended with, if any. */
    @Nullable HttpError failure() {
        return failure;
    }

    /**
     * Reads and drops the rest of the body, so that the connection can carry the next request.
     *
     * @param max the most bytes to drop
     * @return whether the body ended within them, cleanly
     */
    boolean discard(long max) {
        byte[] scratch = new byte[8192];
        long left = max;
        try {
            while (!done && left > 0) {
                int n = read(scratch, 0, (int) Math.min(scratch.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
            return done;
        } catch (IOException e) {
            return false;
        }
    }
}
