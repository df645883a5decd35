package io.scimlab.core.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Excerpt;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.schema.ServiceProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The discovery endpoints (RFC 7644 §4): {@code /ServiceProviderConfig}, {@code /ResourceTypes} and
 * {@code /Schemas}, built from what the server serves, each with {@code meta.location}. Package-private.
 */
final class Discovery {
    private final SchemaRegistry registry;
    private final List<TypeRuntime> types;
    private final ServiceProviderConfig config;

    Discovery(SchemaRegistry registry, List<TypeRuntime> types, Limits limits, Authenticator authenticator,
            Duration cursorTimeout) {
        this.registry = registry;
        this.types = types;
        this.config = ServiceProviderConfig.builder().patchSupported(true)
                .bulk(new ServiceProviderConfig.Bulk(limits.bulkMaxOperations() > 0, limits.bulkMaxOperations(),
                        limits.bulkMaxPayloadBytes()))
                .filter(new ServiceProviderConfig.Filter(true, limits.maxResults()))
                .sortSupported(true).etagSupported(true).authenticationSchemes(authenticator.schemes())
                .pagination(new ServiceProviderConfig.Pagination(true, true, "index", limits.maxResults(),
                        limits.maxResults(), Math.max(1, cursorTimeout.toSeconds())))
                .build();
    }

    ScimResponse serviceProviderConfig(Call call) {
        ObjectNode json = config.toJson();
        json.withObject("meta").put("location", call.baseUrl + "/ServiceProviderConfig");
        return Responses.json(200, json);
    }

    ScimResponse resourceTypes(Call call) {
        List<ObjectNode> all = new ArrayList<>();
        types.forEach(rt -> all.add(resourceTypeJson(rt.type(), call)));
        return Responses.json(200, listOf(all));
    }

    ScimResponse resourceType(Call call, String name) {
        for (TypeRuntime rt : types) {
            if (rt.type().name().equalsIgnoreCase(name) || rt.type().id().equalsIgnoreCase(name)) {
                return Responses.json(200, resourceTypeJson(rt.type(), call));
            }
        }
        throw ScimException.notFound("no resource type " + Excerpt.of(name));
    }

    ScimResponse schemas(Call call) {
        List<ObjectNode> all = new ArrayList<>();
        for (Schema schema : registry.schemas()) {
            if (!schema.id().equals(SchemaRegistry.COMMON_SCHEMA)) {
                all.add(schemaJson(schema, call));
            }
        }
        return Responses.json(200, listOf(all));
    }

    ScimResponse schema(Call call, String id) {
        Schema schema = registry.schema(id);
        if (schema == null || schema.id().equals(SchemaRegistry.COMMON_SCHEMA)) {
            throw ScimException.notFound("no schema " + Excerpt.of(id));
        }
        return Responses.json(200, schemaJson(schema, call));
    }

    private static ObjectNode resourceTypeJson(ResourceTypeDefinition type, Call call) {
        ObjectNode json = type.toJson();
        json.withObject("meta").put("resourceType", "ResourceType")
                .put("location", call.baseUrl + "/ResourceTypes/" + type.name());
        return json;
    }

    private static ObjectNode schemaJson(Schema schema, Call call) {
        ObjectNode json = schema.toJson();
        json.withObject("meta").put("resourceType", "Schema")
                .put("location", call.baseUrl + "/Schemas/" + schema.id());
        return json;
    }

    private static ObjectNode listOf(List<ObjectNode> resources) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.putArray("schemas").add(ListHandler.LIST_RESPONSE);
        list.put("totalResults", resources.size());
        list.put("itemsPerPage", resources.size());
        list.put("startIndex", 1);
        ArrayNode array = list.putArray("Resources");
        resources.forEach(array::add);
        return list;
    }
}
