package io.scimlab.spring.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code scimlab} health indicator on Spring Boot 4 ({@code org.springframework.boot.health.contributor}). */
final class ScimLabBoot4Health implements HealthIndicator {
    private final ScimLabHealth health;

    ScimLabBoot4Health(ScimLabHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        ScimLabHealth.Report r = health.check();
        return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
    }
}
