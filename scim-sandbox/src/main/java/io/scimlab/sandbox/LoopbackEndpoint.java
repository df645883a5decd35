package io.scimlab.sandbox;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * One of the sandbox's side endpoints (admin, report): a JDK HTTP server on 127.0.0.1 with two daemon threads and
 * its own bearer token, compared in constant time. What each endpoint answers stays with it; this class only holds
 * what they share, so the token check and the loopback binding cannot drift apart between them.
 */
final class LoopbackEndpoint implements AutoCloseable {
    private final String context;
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackEndpoint(String context, byte[] token, HttpServer server, ExecutorService executor) {
        this.context = context;
        this.token = token;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds 127.0.0.1:{@code port} ({@code 0}: a free one) for {@code context}; nothing is answered before
     * {@link #serve}, so an endpoint can bind in its constructor and serve once it is whole.
     */
    static LoopbackEndpoint bind(String context, int port, String token, String threadName) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            return new LoopbackEndpoint(context, token.getBytes(StandardCharsets.UTF_8), server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + context + " on port " + port, e);
        }
    }

    /** Starts answering with {@code handler}. */
    void serve(HttpHandler handler) {
        server.createContext(context, handler);
        server.start();
    }

    /** Whether an {@code Authorization} header carries this endpoint's bearer token. */
    boolean authorized(@Nullable String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    /** The endpoint's URL, e.g. {@code http://127.0.0.1:8081/_admin}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + context;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
