package io.scimlab.core.server;

import io.scimlab.core.filter.FilterEvaluator;
import io.scimlab.core.patch.PatchEngine;
import io.scimlab.core.schema.ResourceTypeDefinition;

/**
 * One served resource type with what the server prepares for it once: provider, PATCH engine and filter
 * evaluator. Package-private.
 */
record TypeRuntime(ResourceTypeDefinition type, ResourceProvider provider, PatchEngine patches,
        FilterEvaluator filters) {
}
