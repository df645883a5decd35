package io.scimlab.spring.boot;

import io.scimlab.core.server.ScimServer;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Serves the {@link ScimServer} under {@code scimlab.base-path} on the application's own servlet web server, when
 * it has one (Spring MVC). The starter brings no web server of its own: without one, see
 * {@code scimlab.http.enabled}.
 *
 * <p>The endpoint is a handler mapping of its own, ordered before the application's controllers, so that the SCIM
 * base path always reaches ScimLab; the handler reads the servlet request directly and so is the same on Spring
 * Framework 6 and 7. Authentication is ScimLab's (the identity provider's bearer token): an application that uses
 * Spring Security must let requests under the base path through ({@code permitAll}, no CSRF token).
 */
@AutoConfiguration(after = ScimLabAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet",
    "jakarta.servlet.http.HttpServletRequest"})
@ConditionalOnProperty(prefix = "scimlab", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(ScimServer.class)
public class ScimLabWebMvcAutoConfiguration {
    /** The order of the SCIM handler mapping: before Spring MVC's request mappings (0) and static resources. */
    public static final int HANDLER_MAPPING_ORDER = -10;

    /** Created by Spring. */
    public ScimLabWebMvcAutoConfiguration() {
    }

    /**
     * Maps {@code scimlab.base-path} and everything below it to the SCIM server.
     *
     * @param server     the SCIM server
     * @param properties the properties
     * @return the mapping
     */
    @Bean
    @ConditionalOnMissingBean(name = "scimlabHandlerMapping")
    public SimpleUrlHandlerMapping scimlabHandlerMapping(ScimServer server, ScimLabProperties properties) {
        String base = properties.basePath();
        ScimHttpRequestHandler handler = new ScimHttpRequestHandler(server, base);
        return new SimpleUrlHandlerMapping(Map.of(base, handler, base + "/**", handler), HANDLER_MAPPING_ORDER);
    }
}
