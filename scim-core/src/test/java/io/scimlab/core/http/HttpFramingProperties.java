package io.scimlab.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The request parsers on generated input: chunked bodies round-trip whatever their chunking, extensions and
 * trailers, and stop exactly at their end; any input at all ends in a parsed value, an {@link HttpError} (400 or
 * 413, 414, 431, 501, 505, 417) or an end of stream, never another exception (which would be a 500).
 */
class HttpFramingProperties {
    static final long CAP = 1 << 20;

    static RequestHead chunkedHead() {
        return new RequestHead("POST", "/", "", 1, Map.of(), Optional.of("h"), -1, true, true, false);
    }

    static HttpInput input(byte[] bytes, int bufferSize) {
        return new HttpInput(new ByteArrayInputStream(bytes), new Watch(), bufferSize);
    }

    @Property(tries = 400)
    void chunkedBodiesRoundTrip(@ForAll @Size(max = 3000) byte[] body, @ForAll("cuts") List<Integer> cuts,
            @ForAll boolean upper, @ForAll boolean extensions, @ForAll boolean trailers,
            @ForAll @IntRange(min = 1, max = 64) int bufferSize, @ForAll @IntRange(min = 1, max = 5000) int readSize)
            throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int at = 0;
        for (int cut : cuts) {
            int size = Math.min(cut, body.length - at);
            if (size == 0) {
                continue;
            }
            String hex = Integer.toHexString(size);
            wire.writeBytes(((upper ? hex.toUpperCase() : "00" + hex) + (extensions ? " ;a=b;c=\"d e\"" : "")
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            wire.write(body, at, size);
            wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += size;
        }
        if (at < body.length) {
            wire.writeBytes((Integer.toHexString(body.length - at) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            wire.write(body, at, body.length - at);
            wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes(("0\r\n" + (trailers ? "X-T: 1\r\nY:\r\n" : "") + "\r\nNEXT")
                .getBytes(StandardCharsets.ISO_8859_1));
        HttpInput in = input(wire.toByteArray(), bufferSize);
        RequestBody decoded = new RequestBody(in, chunkedHead(), CAP, () -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        for (int n = decoded.read(buffer, 0, buffer.length); n >= 0; n = decoded.read(buffer, 0, buffer.length)) {
            out.write(buffer, 0, n);
        }
        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(decoded.finished()).isTrue();
        // The next request's bytes are left for it.
        assertThat(new String(new byte[] {(byte) in.read(), (byte) in.read(), (byte) in.read(), (byte) in.read()},
                StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
    }

    @Property(tries = 2000)
    void anyChunkedInputEndsCleanly(@ForAll("chunkedish") byte[] wire, @ForAll @IntRange(min = 1, max = 16)
            int bufferSize) {
        RequestBody body = new RequestBody(input(wire, bufferSize), chunkedHead(), 64, () -> { });
        try {
            body.readAllBytes();
            assertThat(body.finished()).isTrue();
        } catch (HttpError e) {
            assertThat(e.status()).isIn(400, 413);
            assertThat(body.failure()).isSameAs(e);
        } catch (EOFException e) {
            // The client went away mid-body: nothing to answer.
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 2000)
    void anyHeadEndsCleanly(@ForAll("headish") byte[] wire, @ForAll @IntRange(min = 1, max = 16) int bufferSize) {
        try {
            RequestHead head = HeadParser.read(input(wire, bufferSize));
            assertThat(head.rawPath()).startsWith("/");
            assertThat(head.contentLength() < 0 || !head.chunked()).isTrue();
        } catch (HttpError e) {
            assertThat(e.status()).isIn(400, 413, 414, 417, 431, 501, 505);
            assertThat(e.detail()).isNotBlank();
        } catch (EOFException e) {
            // Ended inside the head.
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * However a body is chunked, padded (leading zeros) or extended, the bytes read for it stay within a constant
     * of a multiple of its data: framing cannot keep the server reading for nothing.
     */
    @Property(tries = 300)
    void framingReadIsBoundedByTheData(@ForAll("paddedChunks") List<String> lines) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (String line : lines) {
            wire.writeBytes((line + "\r\n" + "x".repeat(Integer.parseInt(line.replaceAll("[;].*", ""), 16))
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        java.util.concurrent.atomic.AtomicLong consumed = new java.util.concurrent.atomic.AtomicLong();
        ByteArrayInputStream source = new ByteArrayInputStream(wire.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                consumed.addAndGet(Math.max(0, n));
                return n;
            }
        };
        RequestBody body = new RequestBody(new HttpInput(source, new Watch(), 512), chunkedHead(), CAP, () -> { });
        try {
            body.readAllBytes();
        } catch (IOException e) {
            assertThat(e).isInstanceOf(HttpError.class);
        }
        // A chunk of up to 3 bytes takes at most 16 + 3 bytes of line, 4 of CRLFs and 3 of data without adding to
        // the excess; beyond that the allowed excess, the line refused, and what the buffer read ahead.
        assertThat(consumed.get()).isLessThanOrEqualTo(30L * lines.size() + RequestBody.MAX_FRAMING_EXCESS
                + RequestBody.MAX_CHUNK_LINE + 512);
    }

    @Provide
    Arbitrary<List<String>> paddedChunks() {
        Arbitrary<String> line = Arbitraries.integers().between(1, 3).flatMap(size -> Arbitraries.integers()
                .between(0, 4000).flatMap(pad -> Arbitraries.of(
                        "0".repeat(pad) + Integer.toHexString(size),
                        Integer.toHexString(size) + ";" + "e".repeat(Math.max(0, pad - 2)))));
        return line.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 700).list().ofMaxSize(8);
    }

    /** Pieces of chunked framing, valid and not, in any order. */
    @Provide
    Arbitrary<byte[]> chunkedish() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "a", "F", "10", "ffffffffffffffffff", "-1", "0x1", " ", ";", ";x=y", "\r\n",
                        "\r", "\n", "\t", "X-T: 1", "zz", "\u0000", "\u00ff", ":", "40", "41"),
                Arbitraries.strings().ascii().ofMaxLength(5));
        return piece.list().ofMaxSize(14).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Pieces of request heads, valid and not, in any order. */
    @Provide
    Arbitrary<byte[]> headish() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("GET ", "POST ", "/scim/v2/Users", "http://h", "*", "?a=b", " HTTP/1.1", " HTTP/1.0",
                        " HTTP/2.0", "\r\n", "\r", "\n", "Host: h", "Host:", "Content-Length: 5", "Content-Length: -1",
                        "Content-Length: 99999999999999999999", "Transfer-Encoding: chunked",
                        "Transfer-Encoding: gzip", "Expect: 100-continue", "Expect: x", "Connection: close", " ",
                        "\t", ":", "\u0000", "\u00e9", "#"),
                Arbitraries.strings().ascii().ofMaxLength(6));
        return piece.list().ofMaxSize(16).map(l -> String.join("", l).getBytes(StandardCharsets.ISO_8859_1));
    }
}
