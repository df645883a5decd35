package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.internal.Access;
import io.scimlab.core.schema.AttributeDefinition;

/** The members this package shares with ScimLab's other packages through {@link Access}, and no user. */
final class ResourceInternals implements Access.Resources {
    @Override
    public ScimResource wrap(ObjectNode json) {
        return ScimResource.wrap(json);
    }

    @Override
    public JsonNode json(ScimResource resource) {
        return resource.asJson();
    }

    @Override
    public JsonNode readValue(ResourceReader reader, JsonNode json, AttributeDefinition attribute, String path,
            boolean request) {
        return reader.readValue(json, attribute, path, request);
    }

    @Override
    public JsonNode readElement(ResourceReader reader, JsonNode json, AttributeDefinition attribute, String path,
            boolean request) {
        return reader.readElement(json, attribute, path, request);
    }
}
