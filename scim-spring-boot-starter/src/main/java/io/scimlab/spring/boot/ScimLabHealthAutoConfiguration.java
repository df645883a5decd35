package io.scimlab.spring.boot;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.token.TokenRotator;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator health indicator {@code scimlab} (GitLab reachable, token valid and days to its expiry, state store
 * up), on whichever health API the application's Boot has: Boot 4's {@code org.springframework.boot.health} or
 * Boot 3's {@code org.springframework.boot.actuate.health}. Each lives in a configuration of its own behind a
 * class condition, so neither API's classes are loaded where they do not exist.
 * {@code management.health.scimlab.enabled=false} turns it off.
 */
@AutoConfiguration(after = ScimLabAutoConfiguration.class)
@ConditionalOnProperty(prefix = "management.health.scimlab", name = "enabled", havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean({GitLabChecks.class, GitLabClient.class, StateStore.class})
public class ScimLabHealthAutoConfiguration {
    /** Created by Spring. */
    public ScimLabHealthAutoConfiguration() {
    }

    static ScimLabHealth health(GitLabChecks checks, GitLabClient client, StateStore store,
            ObjectProvider<TokenRotator> rotator, ObjectProvider<ScimLabReconciliation> reconciliation,
            ScimLabProperties properties, ObjectProvider<Clock> clock) {
        return new ScimLabHealth(checks, client.baseUrl(), store, Optional.ofNullable(rotator.getIfAvailable()),
                Optional.ofNullable(reconciliation.getIfAvailable()), properties.health(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** Boot 4's health API. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "scimlabHealthIndicator")
        org.springframework.boot.health.contributor.HealthIndicator scimlabHealthIndicator(
                GitLabChecks checks, GitLabClient client, StateStore store, ObjectProvider<TokenRotator> rotator,
                ObjectProvider<ScimLabReconciliation> reconciliation, ScimLabProperties properties,
                ObjectProvider<Clock> clock) {
            return new ScimLabBoot4Health(
                    health(checks, client, store, rotator, reconciliation, properties, clock));
        }
    }

    /** Boot 3's health API (absent from Boot 4). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "scimlabHealthIndicator")
        org.springframework.boot.actuate.health.HealthIndicator scimlabHealthIndicator(
                GitLabChecks checks, GitLabClient client, StateStore store, ObjectProvider<TokenRotator> rotator,
                ObjectProvider<ScimLabReconciliation> reconciliation, ScimLabProperties properties,
                ObjectProvider<Clock> clock) {
            return new ScimLabBoot3Health(
                    health(checks, client, store, rotator, reconciliation, properties, clock));
        }
    }
}
