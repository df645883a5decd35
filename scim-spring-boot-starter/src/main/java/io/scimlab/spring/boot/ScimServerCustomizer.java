package io.scimlab.spring.boot;

import io.scimlab.core.server.ScimServer;

/**
 * Adjusts the {@link ScimServer} the starter builds, before it is built: declare beans of this type to add a
 * provider for a custom resource type, a {@code /Me} mapping, a cursor key shared by replicas, or anything else the
 * builder offers. Applied in {@code @Order}, after the {@code scimlab.*} settings.
 */
@FunctionalInterface
public interface ScimServerCustomizer {
    /**
     * Customizes the server.
     *
     * @param server the server's builder
     */
    void customize(ScimServer.Builder server);
}
