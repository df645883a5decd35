package io.scimlab.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A raw HTTP/1.1 client connection for tests: bytes exactly as written, responses read field by field. */
final class Wire implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Wire(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response as it came over the wire. */
    record Raw(int status, String statusLine, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }
    }

    Wire send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Wire send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response; a HEAD response or a 1xx/204/304 has no body whatever its Content-Length says. */
    Raw read(boolean headRequest) {
        try {
            String statusLine = line();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon), l.substring(colon + 1).trim());
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            byte[] body = new byte[0];
            if (!headRequest && status >= 200 && status != 204 && status != 304) {
                String length = headers.get("Content-Length");
                if (length == null) {
                    throw new AssertionError("no Content-Length: " + statusLine + " " + headers);
                }
                body = in.readNBytes(Integer.parseInt(length));
            }
            return new Raw(status, statusLine, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Raw read() {
        return read(false);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("closed after " + b.toString(StandardCharsets.ISO_8859_1));
            }
            if (c == '\n' && prev == '\r') {
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            prev = c;
        }
    }

    /**
     * Waits until the server closes the connection (end of stream or reset), reading and dropping what arrives.
     *
     * @return how long that took, or null when it stayed open for {@code max}
     */
    Duration awaitClose(Duration max) {
        long start = System.nanoTime();
        try {
            socket.setSoTimeout((int) Math.max(1, max.toMillis()));
            while (in.read() >= 0) {
                // Drop.
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            // Reset by the server: closed too.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether nothing more is buffered or arrives within a short while (the connection stays quiet and open). */
    boolean quietFor(Duration d) {
        try {
            socket.setSoTimeout((int) d.toMillis());
            int b = in.read();
            throw new AssertionError(b < 0 ? "closed" : "unexpected byte " + b);
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
