package io.scimlab.core.http;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Json;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One client connection, served on its own thread: requests one after the other (keep-alive, pipelining), each
 * head read within the header timeout, each body within the body timeout, each response written within the body
 * timeout, and the wait for the next request bounded by the idle timeout. Only the handling of a request takes
 * one of the server's worker slots, so clients that are slow to send or to read never hold one. Package-private.
 */
final class Connection implements Runnable {
    private static final System.Logger LOG = System.getLogger(ScimHttpServer.class.getName());
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");
    /** How much of a body the handler left unread is read and dropped to keep the connection; beyond, it closes. */
    private static final long DISCARD_LIMIT = 64 * 1024;
    /**
     * How long a connection the server closes keeps reading (and dropping) what arrives after its response, until
     * the client closes too: closing a socket with unread input makes TCP send a reset, which can destroy the
     * response on its way to the client.
     */
    private static final long LINGER_NANOS = 2_000_000_000L;
    /** Headers the connection owns; a handler's values for them are not copied. */
    private static final Set<String> CONNECTION_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "te", "trailer", "upgrade", "proxy-connection", "content-length", "date");
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final ScimHttpServer server;
    private final Socket socket;
    private final long acceptedAt;
    final Watch watch = new Watch();
    /** True while waiting for the first byte of a request: the connection may be closed by {@code stop()}. */
    private volatile boolean idle = true;
    private @Nullable OutputStream out;

    Connection(ScimHttpServer server, Socket socket, long acceptedAt) {
        this.server = server;
        this.socket = socket;
        this.acceptedAt = acceptedAt;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            HttpInput input = new HttpInput(socket.getInputStream(), watch);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            serve(input);
        } catch (IOException e) {
            // The client went away, or the watchdog closed the connection past a deadline: nothing to answer.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "HTTP connection failed", e);
        } finally {
            abort();
            server.ended(this);
        }
    }

    private void serve(HttpInput input) throws IOException {
        boolean first = true;
        while (true) {
            idle = !input.buffered();
            if (server.stopping()) {
                return;
            }
            // A new connection has the header timeout from its accept for its first request; a kept-alive one
            // may idle, then has the header timeout from the first byte of the next request.
            input.deadline(first ? acceptedAt + server.headerTimeoutNanos
                    : System.nanoTime() + server.idleTimeoutNanos);
            if (!input.fill()) {
                return;
            }
            idle = false;
            if (!first) {
                input.deadline(System.nanoTime() + server.headerTimeoutNanos);
            }
            first = false;
            RequestHead head;
            try {
                head = HeadParser.read(input);
            } catch (HttpError e) {
                respond(error(e), false, false);
                linger(input);
                return;
            }
            if (!exchange(input, head)) {
                return;
            }
        }
    }

    /** Serves one request; true when the connection may carry another. */
    private boolean exchange(HttpInput input, RequestHead head) throws IOException {
        if (head.contentLength() > server.bodyCap) {
            respond(error(new HttpError(413, "the request body is larger than " + server.bodyCap + " bytes")),
                    head.isHead(), false);
            linger(input);
            return false;
        }
        RequestBody body = new RequestBody(input, head, server.bodyCap, () -> startBody(input, head));
        ScimResponse response = dispatch(head, body);
        if (response == null) {
            return false;
        }
        boolean keepAlive = head.keepAlive() && !server.stopping();
        HttpError failure = body.failure();
        if (failure != null) {
            // The handler saw only an unreadable body; the framing error itself is the answer.
            ScimResponse framing = error(failure);
            Map<String, String> headers = new HashMap<>(framing.headers());
            response.header(ScimServer.REQUEST_ID_HEADER)
                    .ifPresent(id -> headers.put(ScimServer.REQUEST_ID_HEADER, id));
            response = new ScimResponse(framing.status(), headers, framing.body());
            keepAlive = false;
        } else if (keepAlive && !body.finished()) {
            // A client that waits for 100 Continue and did not get it may or may not send its body now: the next
            // bytes could be either, so the connection ends.
            keepAlive = (body.started() || !head.expectContinue()) && body.discard(DISCARD_LIMIT);
        }
        respond(response, head.isHead(), keepAlive);
        if (!keepAlive) {
            // A staged close (RFC 9112 §9.6) even when the body was read: the client may have sent more (a request
            // pipelined after "Connection: close"), and a close with it unread resets the connection.
            linger(input);
        }
        return keepAlive;
    }

    private void startBody(HttpInput input, RequestHead head) throws IOException {
        if (head.expectContinue()) {
            write(CONTINUE, null);
        }
        input.deadline(System.nanoTime() + server.bodyTimeoutNanos);
    }

    /** The handler's response, or null when the thread was interrupted (the server is stopping). */
    private @Nullable ScimResponse dispatch(RequestHead head, RequestBody body) {
        String basePath = server.basePath;
        String path = head.rawPath();
        if (!path.startsWith(basePath)
                || (path.length() > basePath.length() && path.charAt(basePath.length()) != '/')) {
            return error(404, "no SCIM endpoint at " + HeadParser.printable(path));
        }
        String host = head.host().filter(h -> SAFE_HOST.matcher(h).matches()).orElse(server.boundAuthority());
        // The Host header is the client's word: it becomes Location and meta.location, so only a plain host[:port]
        // is used (else the bound address), and a configured public base URL wins over it.
        String baseUrl = server.publicBaseUrl != null ? server.publicBaseUrl : "http://" + host + basePath;
        ScimRequest request = new ScimRequest(head.method(), path.substring(basePath.length()), head.rawQuery(),
                head.headers(), body, new ScimRequest.RemoteInfo(
                        Optional.of(socket.getInetAddress().getHostAddress()), Optional.empty()),
                Optional.of(baseUrl));
        try {
            server.workers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return server.scim.handle(request);
        } catch (RuntimeException e) {
            // ScimServer.handle answers every failure itself; this is a last line of defence.
            LOG.log(System.Logger.Level.ERROR, "SCIM handler failed", e);
            return error(500, "internal error");
        } finally {
            server.workers.release();
        }
    }

    private void respond(ScimResponse response, boolean headRequest, boolean keepAlive) throws IOException {
        int status = response.status();
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            String name = header.getKey();
            if (CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!HeadParser.isToken(name, 0, name.length()) || !safeValue(header.getValue())) {
                LOG.log(System.Logger.Level.WARNING, "dropped a response header that is not valid HTTP: "
                        + HeadParser.printable(name));
                continue;
            }
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (bodyAllowed) {
            // A HEAD response carries the length of the GET body, which ScimServer reports in Content-Length.
            String length = headRequest ? response.header("Content-Length").filter(Connection::isNumber)
                    .orElse(Integer.toString(response.body().length)) : Integer.toString(response.body().length);
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        write(head.toString().getBytes(StandardCharsets.UTF_8),
                bodyAllowed && !headRequest && response.body().length > 0 ? response.body() : null);
    }

    /** Writes and flushes, within the body timeout (a client that does not read cannot hold the thread). */
    private void write(byte[] first, byte @Nullable [] second) throws IOException {
        OutputStream o = java.util.Objects.requireNonNull(out);
        watch.arm(System.nanoTime() + server.bodyTimeoutNanos);
        try {
            o.write(first);
            if (second != null) {
                o.write(second);
            }
            o.flush();
        } finally {
            watch.disarm();
        }
    }

    /** Half-closes, then reads and drops what the client still sends, for a while, before the socket closes. */
    private void linger(HttpInput input) {
        try {
            socket.shutdownOutput();
            input.deadline(System.nanoTime() + LINGER_NANOS);
            byte[] scratch = new byte[8192];
            while (input.read(scratch, 0, scratch.length) >= 0) {
                // Dropped.
            }
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    /** Closes the socket, which ends any blocked read or write of this connection's thread. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do.
        }
    }

    /** Closes the connection if it is waiting for a request; see {@link ScimHttpServer#stop()}. */
    void abortIfIdle() {
        if (idle) {
            abort();
        }
    }

    static ScimResponse error(HttpError e) {
        return error(e.status(), e.detail());
    }

    private static ScimResponse error(int status, String detail) {
        return new ScimResponse(status, Map.of("Content-Type", ScimResponse.SCIM_JSON),
                Json.toBytes(ScimException.status(status, detail).toErrorJson()));
    }

    private static boolean safeValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
