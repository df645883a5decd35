package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the RFC 7643 §8.7 JSON representation of schemas and resource types. */
final class SchemaJson {
    static final String SCHEMA_URN = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    static final String RESOURCE_TYPE_URN = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaJson() {}

    static Schema readSchema(JsonNode json) {
        String id = requiredText(json, "id", "schema");
        JsonNode attributes = json.path("attributes");
        if (!attributes.isArray()) {
            throw ScimException.invalidValue("schema " + id + ": attributes must be an array");
        }
        return new Schema(id, json.path("name").asText(""), json.path("description").asText(""),
                readAttributes(attributes, id));
    }

    private static List<AttributeDefinition> readAttributes(JsonNode array, String where) {
        List<AttributeDefinition> list = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            list.add(readAttribute(node, where));
        }
        return list;
    }

    private static AttributeDefinition readAttribute(JsonNode node, String where) {
        String name = requiredText(node, "name", where);
        String path = where + ":" + name;
        AttributeType type = AttributeType.fromKeyword(requiredText(node, "type", path));
        AttributeDefinition.Builder b = AttributeDefinition.builder(name, type)
                .multiValued(node.path("multiValued").asBoolean(false))
                .description(node.path("description").asText(""))
                .required(node.path("required").asBoolean(false))
                .canonicalValues(texts(node.path("canonicalValues")))
                .caseExact(node.path("caseExact").asBoolean(false))
                .referenceTypes(texts(node.path("referenceTypes")));
        if (node.hasNonNull("mutability")) {
            b.mutability(Mutability.fromKeyword(node.get("mutability").asText()));
        }
        if (node.hasNonNull("returned")) {
            b.returned(Returned.fromKeyword(node.get("returned").asText()));
        }
        if (node.hasNonNull("uniqueness")) {
            b.uniqueness(Uniqueness.fromKeyword(node.get("uniqueness").asText()));
        }
        if (node.path("subAttributes").isArray()) {
            b.subAttributes(readAttributes(node.get("subAttributes"), path));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidValue(path + ": " + e.getMessage());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        for (JsonNode n : array) {
            list.add(n.asText());
        }
        return list;
    }

    private static String requiredText(JsonNode node, String member, String where) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ScimException.invalidValue(where + ": \"" + member + "\" is required");
        }
        return value.asText();
    }

    static ObjectNode writeSchema(Schema schema) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(SCHEMA_URN);
        json.put("id", schema.id());
        json.put("name", schema.name());
        json.put("description", schema.description());
        ArrayNode attributes = json.putArray("attributes");
        for (AttributeDefinition attribute : schema.attributes()) {
            attributes.add(writeAttribute(attribute));
        }
        json.putObject("meta").put("resourceType", "Schema");
        return json;
    }

    private static ObjectNode writeAttribute(AttributeDefinition a) {
        ObjectNode json = JSON.objectNode();
        json.put("name", a.name());
        json.put("type", a.type().keyword());
        json.put("multiValued", a.multiValued());
        json.put("description", a.description());
        json.put("required", a.required());
        if (!a.canonicalValues().isEmpty()) {
            ArrayNode values = json.putArray("canonicalValues");
            a.canonicalValues().forEach(values::add);
        }
        json.put("caseExact", a.caseExact());
        json.put("mutability", a.mutability().keyword());
        json.put("returned", a.returned().keyword());
        json.put("uniqueness", a.uniqueness().keyword());
        if (!a.referenceTypes().isEmpty()) {
            ArrayNode types = json.putArray("referenceTypes");
            a.referenceTypes().forEach(types::add);
        }
        if (a.isComplex()) {
            ArrayNode subs = json.putArray("subAttributes");
            for (AttributeDefinition sub : a.subAttributes()) {
                subs.add(writeAttribute(sub));
            }
        }
        return json;
    }

    static ResourceTypeDefinition readResourceType(JsonNode json) {
        String name = requiredText(json, "name", "resource type");
        String id = json.path("id").isTextual() ? json.get("id").asText() : name;
        String endpoint = requiredText(json, "endpoint", "resource type " + name);
        String schema = requiredText(json, "schema", "resource type " + name);
        List<SchemaExtension> extensions = new ArrayList<>();
        for (JsonNode ext : json.path("schemaExtensions")) {
            extensions.add(new SchemaExtension(requiredText(ext, "schema", "resource type " + name),
                    ext.path("required").asBoolean(false)));
        }
        try {
            return new ResourceTypeDefinition(id, name, json.path("description").asText(""), endpoint, schema,
                    extensions);
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidValue("resource type " + name + ": " + e.getMessage());
        }
    }

    static ObjectNode writeResourceType(ResourceTypeDefinition type) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(RESOURCE_TYPE_URN);
        json.put("id", type.id());
        json.put("name", type.name());
        json.put("endpoint", type.endpoint());
        json.put("description", type.description());
        json.put("schema", type.schema());
        ArrayNode extensions = json.putArray("schemaExtensions");
        for (SchemaExtension ext : type.schemaExtensions()) {
            extensions.addObject().put("schema", ext.schema()).put("required", ext.required());
        }
        json.putObject("meta").put("resourceType", "ResourceType");
        return json;
    }
}
