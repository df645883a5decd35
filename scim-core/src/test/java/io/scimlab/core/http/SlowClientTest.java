package io.scimlab.core.http;

import static io.scimlab.core.http.Served.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: clients that are slow to send (or to read) must neither stop the endpoint nor hold a thread for
 * ever, whatever else runs in the JVM, and starting the server must not change JVM-wide settings.
 */
class SlowClientTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Half a request head, then nothing. */
    static final String HALF_HEAD = "GET /scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriza";

    static HttpResponse<String> list(Served s, Duration timeout) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(s.http.baseUrl() + "/Users")).timeout(timeout)
                .header("Authorization", "Bearer " + Served.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<Wire> stall(Served s, int clients) {
        List<Wire> wires = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            wires.add(s.wire().send(HALF_HEAD));
        }
        return wires;
    }

    @Test
    void moreStalledClientsThanWorkersDoNotStopTheEndpoint() throws Exception {
        // A long header timeout: the endpoint must answer because stalled clients hold no worker, not because
        // they are thrown out.
        try (Served s = new Served(b -> b.threads(2).headerTimeout(Duration.ofSeconds(60)))) {
            List<Wire> stalled = stall(s, 10);
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> normal = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                normal.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(s.http.baseUrl() + "/Users"))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + Served.TOKEN).GET()
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : normal) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            for (Wire w : stalled) {
                assertThat(w.quietFor(Duration.ofMillis(10))).isTrue();
                w.close();
            }
        }
    }

    @Test
    void limitsHoldWithAJdkHttpServerStartedFirst() throws Exception {
        // The JDK server reads its time limits from system properties once, when the first one starts; a server
        // relying on them had none when, e.g., the fake GitLab started before it.
        HttpServer jdk = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jdk.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        jdk.start();
        try (Served s = new Served(b -> b.threads(2).maxConnections(4).headerTimeout(Duration.ofSeconds(1)))) {
            HttpResponse<Void> jdkAnswer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + jdk.getAddress().getPort() + "/")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(jdkAnswer.statusCode()).isEqualTo(204);
            List<Wire> stalled = stall(s, 4);
            long start = System.nanoTime();
            // Every connection slot is taken: this one waits in the backlog until the stalled ones are closed.
            assertThat(list(s, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(500), Duration.ofSeconds(6));
            for (Wire w : stalled) {
                assertThat(w.awaitClose(Duration.ofSeconds(5))).as("closed after the header timeout").isNotNull();
            }
        } finally {
            jdk.stop(0);
        }
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheHeaderTimeout() throws Exception {
        try (Served s = new Served(b -> b.headerTimeout(Duration.ofSeconds(1)))) {
            Wire w = s.wire();
            String head = "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Slow: " + "a".repeat(200);
            long start = System.nanoTime();
            // One byte every 50 ms: a per-read timeout would never fire; the deadline is for the whole head.
            Thread trickler = new Thread(() -> {
                try {
                    for (int i = 0; i < head.length(); i++) {
                        w.socket.getOutputStream().write(head.charAt(i));
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException e) {
                    // Closed by the server, as expected.
                }
            });
            trickler.start();
            assertThat(w.awaitClose(Duration.ofSeconds(8))).isNotNull();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
            trickler.join(10_000);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeout() {
        try (Served s = new Served(b -> b.idleTimeout(Duration.ofSeconds(1)))) {
            Wire w = s.wire().send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            assertThat(w.read().status()).isEqualTo(200);
            Duration closedAfter = w.awaitClose(Duration.ofSeconds(8));
            assertThat(closedAfter).isNotNull().isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
        }
    }

    @Test
    void aTrickledBodyIsCutAtTheBodyTimeoutAndFreesTheWorker() throws Exception {
        try (Served s = new Served(b -> b.threads(1).bodyTimeout(Duration.ofSeconds(1)))) {
            Wire slow = s.wire().send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{\"schemas\":");
            Thread.sleep(200);
            long start = System.nanoTime();
            // The slow body holds the only worker (it is authenticated and being read), until the body timeout.
            assertThat(list(s, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(slow.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void aClientNotReadingItsResponsesIsCutAtTheBodyTimeout() throws Exception {
        try (Served s = new Served(b -> b.bodyTimeout(Duration.ofSeconds(1)))) {
            String id = s.bigUser("big.reader");
            Wire w = s.wire();
            String get = "GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n";
            w.send(get.repeat(40));
            Thread.sleep(3000);
            long total = 0;
            byte[] buffer = new byte[65536];
            InputStream in = w.socket.getInputStream();
            w.socket.setSoTimeout(5000);
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                }
            } catch (java.net.SocketException e) {
                // Reset: the server closed the connection with requests unread.
            }
            assertThat(total).isLessThan(40L * 600_000);
        }
    }

    @Test
    void startingAndServingSetsNoSystemProperty() throws Exception {
        // The JDK itself sets user.timezone the first time anything asks for the default time zone.
        java.util.TimeZone.getDefault();
        Map<Object, Object> before = new TreeMap<>(Map.copyOf((Properties) System.getProperties().clone()));
        try (Served s = new Served(b -> b)) {
            assertThat(list(s, Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        }
        Map<Object, Object> after = new TreeMap<>(Map.copyOf((Properties) System.getProperties().clone()));
        assertThat(after).isEqualTo(before);
    }
}
