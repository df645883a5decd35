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
}
