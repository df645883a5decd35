package io.scimlab.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.scimlab.gitlab.token.TokenRotator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * ScimLab's Micrometer meters (see {@link ScimLabMetrics} for the list), when Micrometer and a
 * {@code MeterRegistry} are present. Ordered after Boot's metrics auto-configuration, which moved in Boot 4
 * ({@code org.springframework.boot.micrometer.metrics.autoconfigure}); both names are listed.
 */
@AutoConfiguration(after = ScimLabAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnProperty(prefix = "scimlab", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public class ScimLabMetricsAutoConfiguration {
    /** Created by Spring. */
    public ScimLabMetricsAutoConfiguration() {
    }

    /** The meters; also a SCIM request listener and a GitLab client customizer, which is how it sees traffic. */
    @Bean
    @ConditionalOnMissingBean
    ScimLabMetrics scimlabMetrics(MeterRegistry registry) {
        return new ScimLabMetrics(registry);
    }

    /**
     * The gauges that read the token rotator and the reconciliation, added once every bean exists (those beans
     * depend on the GitLab client, which depends on the meters).
     */
    @Bean
    SmartInitializingSingleton scimlabMetricsGauges(ScimLabMetrics metrics, ObjectProvider<TokenRotator> rotator,
            ObjectProvider<ScimLabReconciliation> reconciliation, ObjectProvider<Clock> clock) {
        return () -> {
            rotator.ifAvailable(r -> metrics.watch(r, clock.getIfAvailable(Clock::systemUTC)));
            reconciliation.ifAvailable(metrics::watch);
        };
    }
}
