package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void burstThenSteadyRate() {
        Pacer pacer = new Pacer(2_000, at(0));
        // A burst of one twentieth of the budget, then 1,900 over the minute (about 31.7 a second).
        for (int i = 0; i < 100; i++) {
            assertThat(pacer.reserveMillis()).isZero();
        }
        assertThat(pacer.reserveMillis()).isBetween(30L, 33L);
        assertThat(pacer.reserveMillis()).isBetween(62L, 65L);
    }

    @Test
    void exhaustedServerQuotaClosesTheGateUntilReset() {
        Pacer pacer = new Pacer(0, at(10_000));
        pacer.observe("0", "25");
        assertThat(pacer.reserveMillis()).isEqualTo(15_000);
        pacer.observe("12", "99");
        assertThat(pacer.reserveMillis()).isEqualTo(15_000);
        pacer.observe("garbage", "x");
        assertThat(pacer.reserveMillis()).isEqualTo(15_000);
    }

    @Test
    void unlimitedNeverWaits() {
        Pacer pacer = new Pacer(0, at(0));
        for (int i = 0; i < 10_000; i++) {
            assertThat(pacer.reserveMillis()).isZero();
        }
    }

    @Test
    void backoffDoublesUpToTheCapWithJitter() {
        RetryPolicy p = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(500)).jitter(0.5)
                .maxRateLimitRetries(3).maxRateLimitWait(Duration.ofSeconds(1)).build();
        assertThat(p.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(p.backoff(1, 0.999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
        assertThat(p.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(3, 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.backoff(9, 1.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.backoff(40, 1.0)).isEqualTo(Duration.ofMillis(500));
    }
}
