package io.scimlab.core.http;

import io.scimlab.core.server.ScimServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Serves a {@link ScimServer} over HTTP/1.1 under a base path such as {@code /scim/v2}, with a small embedded
 * server on the JDK's plain sockets: no servlet container, no dependency, and no JVM-wide setting read or
 * written, so any number of these (and of other servers) run side by side in one JVM.
 *
 * <pre>{@code
 * ScimHttpServer http = ScimHttpServer.builder(server).port(8080).basePath("/scim/v2").start();
 * ... http.baseUrl() ... http.stop();
 * }</pre>
 *
 * <p><b>Connections and threads.</b> Each connection is served on its own daemon thread, at most
 * {@link Builder#maxConnections(int)} at once; further clients wait in the listen backlog until one closes. Only
 * the handling of a request (running {@link ScimServer#handle}, which reads the body of an authenticated request)
 * takes one of {@link Builder#threads(int)} worker slots: reading request heads, waiting on idle keep-alive
 * connections and writing responses do not, so clients slow to send a head or to read a response cannot starve
 * the others (an authenticated client slow to send its body holds a slot for at most the body timeout). Every
 * connection has {@code TCP_NODELAY} set, and every response goes out in one write where it fits 16 KiB.
 *
 * <p><b>Time limits.</b> A request head must arrive within the {@link Builder#headerTimeout(Duration) header
 * timeout} (from the accept, or from its first byte on a kept-alive connection), a request body within the
 * {@link Builder#bodyTimeout(Duration) body timeout} of its first read, and a response must be taken by the client
 * within the body timeout too; a kept-alive connection waits at most the {@link Builder#idleTimeout(Duration) idle
 * timeout} for its next request. A connection past any limit is closed without an answer.
 *
 * <p><b>HTTP/1.1 only</b>: HTTP/1.0 requests are answered and the connection closed; no HTTP/2, no TLS.
 *
 * <p><b>Strict parsing.</b> Requests are parsed by the rules of RFC 9112 that keep a proxy in front and this
 * server from reading one message differently (request smuggling): CRLF line ends only, no whitespace before a
 * field's colon, no line folding, no control characters, exactly one {@code Host} in HTTP/1.1, at most one
 * {@code Authorization} and {@code Content-Type}, a {@code Content-Length} that is one plain number, no
 * {@code Content-Length} together with {@code Transfer-Encoding}, {@code chunked} as the only transfer coding (501
 * for others), strict chunk framing whose size lines and extensions may not outgrow the data by more than 16 KiB,
 * methods in upper case as they are case-sensitive (501 for {@code get}). Malformed requests are answered 400
 * (413 when too large, 414 for a request line over 16 KiB, 417 for an expectation other than
 * {@code 100-continue}, 431 for a header section over 64 KiB or 128 fields) with a SCIM error body, and the
 * connection is closed. A body larger than the largest one the server's {@link io.scimlab.core.server.Limits}
 * allow is refused with 413 before it is read. {@code Expect: 100-continue} is answered only when the request is
 * accepted and its body is read. {@code HEAD} is answered like {@code GET} without a body. A connection the server
 * closes is closed in stages (RFC 9112 §9.6): it reads and drops what the client still sends for up to two
 * seconds, so that the response is not lost to a TCP reset.
 *
 * <p><b>Direct exposure to the internet.</b> These limits keep a few slow or malformed clients from stopping the
 * endpoint, but one host opening {@code maxConnections} connections and keeping each of them just within its
 * limits can still occupy every slot, and make the server hold about 140 KiB of heap for each connection whose
 * head is still arriving (some 70 MiB at the default 512). There is no TLS either. Exposed to the internet, put it
 * behind a reverse proxy (or a load balancer) that terminates TLS, limits connections and request rate per client
 * address, buffers request heads and bodies before forwarding them, and sets its own time limits; then set
 * {@link Builder#publicBaseUrl(String)} to the URL the clients use.
 */
public final class ScimHttpServer implements AutoCloseable {
    /** The default {@link Builder#headerTimeout(Duration)}: 10 seconds. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@link Builder#bodyTimeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@link Builder#idleTimeout(Duration)}: 60 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The default {@link Builder#maxConnections(int)}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 512;

    private static final System.Logger LOG = System.getLogger(ScimHttpServer.class.getName());
    /** The longest time limit: deadlines are System.nanoTime() sums, which must not overflow. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    final ScimServer scim;
    final String basePath;
    final @Nullable String publicBaseUrl;
    final long headerTimeoutNanos;
    final long bodyTimeoutNanos;
    final long idleTimeoutNanos;
    /** The largest request body accepted: the larger of the server's body and bulk payload limits. */
    final long bodyCap;
    final Semaphore workers;
    private final Semaphore connectionSlots;
    private final ServerSocket listener;
    private final String boundHost;
    private final int port;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService connectionThreads;
    private final ScheduledExecutorService watchdog;
    private final Thread acceptor;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean stopping;

    private ScimHttpServer(Builder b) throws IOException {
        this.scim = b.server;
        this.basePath = b.basePath;
        this.publicBaseUrl = b.publicBaseUrl;
        this.headerTimeoutNanos = b.headerTimeout.toNanos();
        this.bodyTimeoutNanos = b.bodyTimeout.toNanos();
        this.idleTimeoutNanos = b.idleTimeout.toNanos();
        this.bodyCap = Math.max(scim.limits().maxBodyBytes(), scim.limits().bulkMaxPayloadBytes());
        this.workers = new Semaphore(b.threads, true);
        this.connectionSlots = new Semaphore(b.maxConnections);
        this.listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getByName(b.bindAddress), b.port), b.backlog);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.port = listener.getLocalPort();
        String host = listener.getInetAddress().getHostAddress();
        this.boundHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        AtomicInteger count = new AtomicInteger();
        this.connectionThreads = Executors.newCachedThreadPool(b.connectionThreads != null ? b.connectionThreads
                : r -> daemon(r, "scim-http-" + port + "-" + count.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scim-http-watchdog-" + port));
        long shortest = Math.min(headerTimeoutNanos, Math.min(bodyTimeoutNanos, idleTimeoutNanos));
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.MILLISECONDS.toNanos(250),
                shortest / 4));
        // Cancelled by watchdog.shutdownNow() in stop(); closeOverdue catches what a connection throws, since an
        // exception would end the schedule without a trace.
        Future<?> unused = watchdog.scheduleWithFixedDelay(this::closeOverdue, tick, tick, TimeUnit.NANOSECONDS);
        this.acceptor = daemon(this::accept, "scim-http-accept-" + port);
        acceptor.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
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
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/scim/v2}. */
    public String baseUrl() {
        return "http://" + boundAuthority() + basePath;
    }

    /**
     * Stops: no new connections are accepted, idle ones are closed at once, running requests get up to a second to
     * finish (their connections close after the response), then every connection is closed. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Closed either way.
        }
        // Ends a wait for a free connection slot; the closed socket ends accept(), and is released only once the
        // acceptor has left it.
        acceptor.interrupt();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(Connection::abortIfIdle);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.forEach(Connection::abort);
        connectionThreads.shutdownNow();
        watchdog.shutdownNow();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ScimHttpServer{" + baseUrl() + ", connections=" + connections.size() + "}";
    }

    boolean stopping() {
        return stopping;
    }

    String boundAuthority() {
        return boundHost + ":" + port;
    }

    void ended(Connection c) {
        if (connections.remove(c)) {
            connectionSlots.release();
        }
    }

    private void accept() {
        while (!stopping) {
            try {
                connectionSlots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                connectionSlots.release();
                if (stopping) {
                    return;
                }
                // E.g. too many open files: wait a little instead of spinning on the error.
                LOG.log(System.Logger.Level.WARNING, "accepting a connection failed: " + e);
                sleepQuietly();
                continue;
            }
            Connection c = new Connection(this, socket, System.nanoTime());
            connections.add(c);
            try {
                connectionThreads.execute(c);
            } catch (RejectedExecutionException | OutOfMemoryError e) {
                // Stopping, or the OS refused a thread (the JVM says OutOfMemoryError): this connection is lost,
                // the acceptor is not.
                c.abort();
                ended(c);
                if (!stopping) {
                    LOG.log(System.Logger.Level.WARNING, "cannot start a thread for a connection: " + e);
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeOverdue() {
        long now = System.nanoTime();
        for (Connection c : connections) {
            try {
                if (c.watch.expired(now)) {
                    c.abort();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing an overdue connection failed: " + e);
            }
        }
    }

    /** Builds and starts a {@link ScimHttpServer}. */
    public static final class Builder {
        private final ScimServer server;
        private String bindAddress = "127.0.0.1";
        private int port;
        private String basePath = "/scim/v2";
        private int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int backlog = 128;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private @Nullable String publicBaseUrl;
        /** Makes the connection threads; set by tests only, to fail as the JVM does when the OS refuses one. */
        @Nullable ThreadFactory connectionThreads;

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
         * The port (default 0: a free port, see {@link ScimHttpServer#port()}).
         *
         * @param value the port
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("not a port: " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The base path the SCIM endpoints live under (default {@code /scim/v2}; empty for the root). Requests
         * for any other path are answered 404.
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
         * How many requests are handled at once (default twice the processors, at least 4). A connection waits
         * for a slot only once its request head has arrived, and gives it back before writing the response.
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
         * The most connections served at once, each on its own thread (default
         * {@value ScimHttpServer#DEFAULT_MAX_CONNECTIONS}); further clients wait in the listen backlog until a
         * connection closes. Idle keep-alive connections count.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            this.maxConnections = value;
            return this;
        }

        /**
         * How long a request head (request line and header fields) may take to arrive: from the accept on a new
         * connection, from its first byte on a kept-alive one (default 10 seconds). Slower clients are
         * disconnected without an answer.
         *
         * @param value a positive duration, at most a day
         * @return this builder
         */
        public Builder headerTimeout(Duration value) {
            this.headerTimeout = positive(value, "headerTimeout");
            return this;
        }

        /**
         * How long a request body may take to arrive from its first read, and a response to be taken by the client
         * (default 30 seconds). Slower clients are disconnected.
         *
         * @param value a positive duration, at most a day
         * @return this builder
         */
        public Builder bodyTimeout(Duration value) {
            this.bodyTimeout = positive(value, "bodyTimeout");
            return this;
        }

        /**
         * How long a kept-alive connection may wait for its next request before it is closed (default 60
         * seconds).
         *
         * @param value a positive duration, at most a day
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = positive(value, "idleTimeout");
            return this;
        }

        private static Duration positive(Duration value, String what) {
            if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(what + " must be positive and at most a day");
            }
            return value;
        }

        /**
         * Binds and starts the HTTP server.
         *
         * @return the running server
         * @throws UncheckedIOException when the address cannot be bound
         */
        public ScimHttpServer start() {
            try {
                return new ScimHttpServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind " + bindAddress + ":" + port, e);
            }
        }
    }
}
