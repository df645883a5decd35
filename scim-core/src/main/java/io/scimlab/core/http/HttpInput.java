package io.scimlab.core.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The input side of a connection: a buffer over the socket whose every blocking read is watched by the current
 * {@link #deadline(long) deadline}. The request head and the request body are both read through it, so bytes of
 * a pipelined next request stay buffered for it.
 */
final class HttpInput {
    private final InputStream in;
    private final Watch watch;
    private final byte[] buf;
    private byte[] line = new byte[256];
    private int pos;
    private int lim;
    private long deadline = Watch.NONE;

    HttpInput(InputStream in, Watch watch) {
        this(in, watch, 8192);
    }

    HttpInput(InputStream in, Watch watch, int bufferSize) {
        this.in = in;
        this.watch = watch;
        this.buf = new byte[bufferSize];
    }

    /** Sets the deadline (a {@link System#nanoTime()} value) of the reads that follow. */
    void deadline(long nanos) {
        this.deadline = nanos;
    }

    /** Whether bytes are buffered, i.e. the next read does not block. */
    boolean buffered() {
        return pos < lim;
    }

    /**
     * Blocks until at least one byte is buffered.
     *
     * @return false at the end of the stream
     */
    boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        int n;
        watch.arm(deadline);
        try {
            n = in.read(buf, 0, buf.length);
        } finally {
            watch.disarm();
        }
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** One byte, or -1 at the end of the stream. */
    int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    /** Up to {@code len} bytes, at least one unless at the end of the stream (-1). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Reads one line ended by CRLF, as ISO-8859-1 text without the CRLF. A bare LF or CR is malformed (RFC 9112
     * §2.2 allows rejecting them; accepting them is how request smuggling between a proxy and a server starts).
     *
     * @param max the most bytes before the CRLF
     * @param tooLongStatus the status when the line is longer
     * @param tooLongDetail the detail when the line is longer
     * @throws HttpError for a malformed or too long line
     * @throws EOFException when the connection ends inside the line
     */
    String readLine(int max, int tooLongStatus, String tooLongDetail) throws IOException {
        int n = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                throw new EOFException("the connection closed inside a line");
            }
            if (b == '\n') {
                if (n == 0 || line[n - 1] != '\r') {
                    throw HttpError.badRequest("malformed line: LF without CR");
                }
                return new String(line, 0, n - 1, StandardCharsets.ISO_8859_1);
            }
            if (n > 0 && line[n - 1] == '\r') {
                throw HttpError.badRequest("malformed line: CR without LF");
            }
            if (n > max) {
                throw new HttpError(tooLongStatus, tooLongDetail);
            }
            if (n == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, max + 2));
            }
            line[n++] = (byte) b;
        }
    }
}
