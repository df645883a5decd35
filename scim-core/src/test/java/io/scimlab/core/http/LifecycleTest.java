package io.scimlab.core.http;

import static io.scimlab.core.http.Served.AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.http.Wire.Raw;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server's own life: threads it cannot start, its configuration, stopping with requests in flight. */
class LifecycleTest {
    static final String LIST = "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n";

    @Test
    void aConnectionThreadThatCannotStartDoesNotStopTheAcceptor() {
        // The JVM throws OutOfMemoryError when the OS refuses a thread (a process limit, many connections): that
        // connection is lost, the next ones are served.
        AtomicInteger refusals = new AtomicInteger(2);
        try (Served s = new Served(b -> {
            b.connectionThreads = r -> {
                if (refusals.getAndDecrement() > 0) {
                    throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
                }
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            };
            return b.maxConnections(2);
        })) {
            for (int i = 0; i < 2; i++) {
                try (Wire w = s.wire()) {
                    assertThat(w.awaitClose(Duration.ofSeconds(10))).as("closed unanswered").isNotNull();
                }
            }
            // More connections than maxConnections: the refused ones gave their slots back.
            for (int i = 0; i < 3; i++) {
                try (Wire w = s.wire()) {
                    Raw r = w.send(LIST).read();
                    assertThat(r.status()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void timeoutsAreBounded() {
        // Longer ones overflowed System.nanoTime() arithmetic: start() failed with an ArithmeticException.
        try (Served s = new Served(b -> b)) {
            ScimHttpServer.Builder b = ScimHttpServer.builder(s.scim);
            for (Duration d : new Duration[] {Duration.ofDays(1).plusNanos(1), Duration.ofSeconds(Long.MAX_VALUE)}) {
                assertThatThrownBy(() -> b.headerTimeout(d)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> b.bodyTimeout(d)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> b.idleTimeout(d)).isInstanceOf(IllegalArgumentException.class);
            }
            try (ScimHttpServer http = b.headerTimeout(Duration.ofDays(1)).bodyTimeout(Duration.ofDays(1))
                    .idleTimeout(Duration.ofDays(1)).start(); Wire w = new Wire(http.port())) {
                assertThat(w.send(LIST).read().status()).isEqualTo(200);
            }
        }
    }

    @Test
    void stopEndsRequestsStillInFlight() throws Exception {
        // One authenticated request holds the only worker with half a body, another waits for the worker, a third
        // connection is idle: stop() must end all three, and soon, without their clients' help.
        Served s = new Served(b -> b.threads(1).bodyTimeout(Duration.ofMinutes(5)));
        int port = s.port();
        Wire idle = s.wire().send(LIST);
        assertThat(idle.read().status()).isEqualTo(200);
        Wire holding = s.wire().send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Type: application/scim+json\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
        // 100 Continue comes when the handler starts reading the body, that is with the worker taken.
        assertThat(holding.read().status()).isEqualTo(100);
        holding.send("{\"schemas\":");
        Wire waiting = s.wire().send(LIST);
        assertThat(waiting.quietFor(Duration.ofMillis(300))).as("waits for the worker").isTrue();
        long start = System.nanoTime();
        s.close();
        s.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        for (Wire w : new Wire[] {holding, idle, waiting}) {
            assertThat(w.awaitClose(Duration.ofSeconds(10))).isNotNull();
            w.close();
        }
        try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
