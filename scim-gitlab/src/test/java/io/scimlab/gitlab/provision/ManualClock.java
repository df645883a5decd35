package io.scimlab.gitlab.provision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test (or a {@link Pause} built on it) says so; shared by the fake GitLab, the
 * client and the bridge, so rate-limit windows pass in no real time.
 */
final class ManualClock extends Clock implements Pause {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong paused = new AtomicLong();

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    /** As {@link Pause}: advances the clock and counts the waiting. */
    @Override
    public void sleep(Duration duration) {
        paused.addAndGet(duration.toMillis());
        advance(duration);
    }

    Duration paused() {
        return Duration.ofMillis(paused.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }
}
