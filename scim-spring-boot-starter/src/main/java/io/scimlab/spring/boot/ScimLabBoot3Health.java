package io.scimlab.spring.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The {@code scimlab} health indicator on Spring Boot 3 ({@code org.springframework.boot.actuate.health}). */
final class ScimLabBoot3Health implements HealthIndicator {
    private final ScimLabHealth health;

    ScimLabBoot3Health(ScimLabHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        ScimLabHealth.Report r = health.check();
        return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
    }
}
