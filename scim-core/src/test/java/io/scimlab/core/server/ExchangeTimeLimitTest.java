package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.http.JdkHttpServerBinding;
import org.junit.jupiter.api.Test;

/**
 * A client trickling a request body must not hold a request thread forever: the binding defaults the JDK's
 * request and response time limits (read once per JVM, so checked here as properties rather than by stalling).
 */
class ExchangeTimeLimitTest {
    @Test
    void startDefaultsTheJdkExchangeTimeLimits() {
        try (HttpFixture f = new HttpFixture()) {
            assertThat(f.get("/Users").status()).isEqualTo(200);
            String expected = Integer.toString(JdkHttpServerBinding.DEFAULT_MAX_EXCHANGE_SECONDS);
            assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo(expected);
            assertThat(System.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo(expected);
        }
    }
}
