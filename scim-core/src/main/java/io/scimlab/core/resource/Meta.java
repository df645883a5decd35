package io.scimlab.core.resource;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code meta} attribute every resource carries (RFC 7643 §3.1), set by the service provider.
 *
 * @param resourceType the resource type's name, e.g. {@code User}
 * @param created when the resource was added, or null when unknown
 * @param lastModified when the resource last changed, or null when unknown
 * @param location the resource's URI, or null before the server assigns one
 * @param version the resource's version as an entity tag (e.g. {@code W/"3694e05e9dff590"}), or null
 */
public record Meta(@Nullable String resourceType, @Nullable Instant created, @Nullable Instant lastModified,
        @Nullable String location, @Nullable String version) {

    /** Meta with nothing set. */
    public static final Meta EMPTY = new Meta(null, null, null, null, null);

    /** Whether no member is set. */
    public boolean isEmpty() {
        return resourceType == null && created == null && lastModified == null && location == null
                && version == null;
    }
}
