package io.scimlab.core.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ResourceWriter;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link ScimServer} with the JDK's built-in {@code com.sun.net.httpserver.HttpServer} under a base
 * path such as {@code /scim/v2}: no servlet container, no extra dependency. For production behind TLS, put it
 * behind a reverse proxy, or use a servlet / Spring / JAX-RS binding of a few lines.
 *
 * <pre>{@code
 * JdkHttpServerBinding binding = JdkHttpServerBinding.builder(server).port(8080).basePath("/scim/v2").start();
 * ... binding.baseUrl() ... binding.stop();
 * }</pre>
 *
 * <p>Requests run on a fixed pool of daemon threads, sized by {@link Builder#threads}.
 *
 * <p>The JDK server has no time limit on reading a request or writing a response by default, so a client that
 * announces a large body and then trickles it (or stops reading) holds a request thread forever. Unless the
 * application set them, {@link Builder#start()} therefore sets the JVM-wide system properties
 * {@code sun.net.httpserver.maxReqTime} and {@code sun.net.httpserver.maxRspTime} to
 * {@value #DEFAULT_MAX_EXCHANGE_SECONDS} seconds, after which the JDK closes the connection. The JDK reads them
 * once, when its first server starts; set them (in seconds) before that to choose other limits.
 */
public final class JdkHttpServerBinding implements AutoCloseable {
    /** The default of {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime}, in seconds. */
    public static final int DEFAULT_MAX_EXCHANGE_SECONDS = 30;

    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]+");

    private final HttpServer http;
    private final ExecutorService executor;
    private final String basePath;
    private final @Nullable String publicBaseUrl;

    private JdkHttpServerBinding(Builder b) throws IOException {
        this.basePath = b.basePath;
        this.publicBaseUrl = b.publicBaseUrl;
        this.http = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), b.backlog);
        this.executor = Executors.newFixedThreadPool(b.threads, runnable -> {
            Thread t = new Thread(runnable, "scim-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        ScimServer server = b.server;
        http.createContext(basePath.isEmpty() ? "/" : basePath, exchange -> handle(server, exchange));
        http.start();
    }

    /**
     * A builder binding a server.
     *
     * @param server the SCIM server
     * @return the builder: port 0 (a free port), address 127.0.0.1, base path {@code /scim/v2}
     */
    public static Builder builder(ScimServer server) {
        return new Builder(server);
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/scim/v2}. */
    public String baseUrl() {
        return "http://" + http.getAddress().getHostString() + ":" + port() + basePath;
    }

    /** Stops accepting requests, lets running ones finish for up to a second, and stops the threads. */
    public void stop() {
        http.stop(1);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(ScimServer server, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String relative = path.length() >= basePath.length() ? path.substring(basePath.length()) : "";
            if (!relative.isEmpty() && !relative.startsWith("/")) {
                // The JDK matches contexts by string prefix: /scim/v2Users is not below /scim/v2.
                send(exchange, new ScimResponse(404, Map.of("Content-Type", ScimResponse.SCIM_JSON),
                        ResourceWriter.toBytes(ScimException.notFound("no SCIM endpoint at " + path).toErrorJson())));
                return;
            }
            String rawQuery = exchange.getRequestURI().getRawQuery();
            // The Host header is the client's word: it becomes Location and meta.location, so only a plain
            // host[:port] is used, else the bound address.
            String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host"))
                    .filter(h -> SAFE_HOST.matcher(h).matches())
                    .orElse(http.getAddress().getHostString() + ":" + port());
            InputStream body = exchange.getRequestBody();
            ScimRequest request = new ScimRequest(exchange.getRequestMethod(), relative,
                    rawQuery == null ? "" : rawQuery, exchange.getRequestHeaders(), body,
                    new ScimRequest.RemoteInfo(Optional.ofNullable(exchange.getRemoteAddress())
                            .map(a -> a.getAddress().getHostAddress()), Optional.empty()),
                    Optional.of(publicBaseUrl != null ? publicBaseUrl : "http://" + host + basePath));
            send(exchange, server.handle(request));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void send(HttpExchange exchange, ScimResponse response) throws IOException {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        byte[] bytes = response.body();
        boolean noBody = bytes.length == 0 || response.status() == 204 || response.status() == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Builds and starts a {@link JdkHttpServerBinding}. */
    public static final class Builder {
        private final ScimServer server;
        private String bindAddress = "127.0.0.1";
        private int port;
        private String basePath = "/scim/v2";
        private int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private int backlog = 128;
        private @Nullable String publicBaseUrl;

        private Builder(ScimServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /**
         * The address to bind (default {@code 127.0.0.1}, loopback only; {@code 0.0.0.0} for every interface).
         *
         * @param value the address
         * @return this builder
         */
        public Builder bindAddress(String value) {
            this.bindAddress = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The port (default 0: a free port, see {@link JdkHttpServerBinding#port()}).
         *
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * The base path the SCIM endpoints live under (default {@code /scim/v2}; empty for the root).
         *
         * @param value e.g. {@code /scim/v2}
         * @return this builder
         */
        public Builder basePath(String value) {
            String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            if (!v.isEmpty() && !v.startsWith("/")) {
                throw new IllegalArgumentException("the base path starts with '/': " + value);
            }
            this.basePath = v;
            return this;
        }

        /**
         * The public base URL clients reach the SCIM endpoints at, e.g. {@code https://idp-sync.example.com/scim/v2}
         * behind a TLS-terminating proxy. When set it is used for {@code Location} and {@code meta.location}
         * instead of {@code http://} + the request's {@code Host} header + the base path (a {@code Host} that is
         * not a plain {@code host[:port]} is replaced by the bound address either way).
         *
         * @param value an absolute http or https URL; a trailing {@code /} is dropped
         * @return this builder
         */
        public Builder publicBaseUrl(String value) {
            String v = Objects.requireNonNull(value, "value");
            v = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + value, e);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the public base URL is an absolute http(s) URL: " + value);
            }
            this.publicBaseUrl = v;
            return this;
        }

        /**
         * The number of request threads.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = value;
            return this;
        }

        /**
         * Binds and starts the HTTP server.
         *
         * @return the running binding
         * @throws UncheckedIOException when the address cannot be bound
         */
        public JdkHttpServerBinding start() {
            // The JDK server writes the headers and the body of a response separately; with Nagle's algorithm
            // on, the body then waits for the client's delayed ACK (about 40 ms a request). The JDK reads this
            // switch once, when its first server starts; an application that set it either way is left alone.
            if (System.getProperty("sun.net.httpserver.nodelay") == null) {
                System.setProperty("sun.net.httpserver.nodelay", "true");
            }
            // Without these limits a client trickling a request body (or not reading a response) holds a
            // request thread forever; read once by the JDK as well, and left alone when already set.
            for (String limit : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
                if (System.getProperty(limit) == null) {
                    System.setProperty(limit, Integer.toString(DEFAULT_MAX_EXCHANGE_SECONDS));
                }
            }
            try {
                return new JdkHttpServerBinding(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind " + bindAddress + ":" + port, e);
            }
        }
    }
}
