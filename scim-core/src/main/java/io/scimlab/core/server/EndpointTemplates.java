package io.scimlab.core.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a request path to the endpoint template a {@link HandledRequest} reports, following the same precedence as
 * {@link ScimServer#route}: the special endpoints first, then the resource types.
 */
final class EndpointTemplates {
    private final Map<String, TypeRuntime> typesByEndpoint;
    private final boolean discoveryAliases;

    EndpointTemplates(Map<String, TypeRuntime> typesByEndpoint, boolean discoveryAliases) {
        this.typesByEndpoint = typesByEndpoint;
        this.discoveryAliases = discoveryAliases;
    }

    String of(String path) {
        List<String> segments;
        try {
            segments = ScimServer.segments(path);
        } catch (RuntimeException malformed) { // ScimException for malformed percent-encoding
            return HandledRequest.UNMATCHED;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        String first = segments.get(0).toLowerCase(Locale.ROOT);
        if (segments.size() == 1 && first.equals(".search")) {
            return "/.search";
        }
        String special = special(first, segments.size());
        if (special != null) {
            return special;
        }
        TypeRuntime rt = typesByEndpoint.get("/" + first);
        if (rt == null || segments.size() > 2) {
            return HandledRequest.UNMATCHED;
        }
        String endpoint = rt.type().endpoint();
        if (segments.size() == 1) {
            return endpoint;
        }
        return endpoint + (segments.get(1).equals(".search") ? "/.search" : "/{id}");
    }

    /** The template of a special endpoint, or null when the path is not one (as in ScimServer.routeSpecial). */
    private @Nullable String special(String first, int size) {
        String name = first.equals("serviceconfiguration") && discoveryAliases ? "serviceproviderconfig" : first;
        return switch (name) {
            case "serviceproviderconfig" -> size == 1 ? "/ServiceProviderConfig" : null;
            case "resourcetypes" -> size == 1 ? "/ResourceTypes" : size == 2 ? "/ResourceTypes/{id}" : null;
            case "schemas" -> size == 1 ? "/Schemas" : size == 2 ? "/Schemas/{id}" : null;
            case "bulk" -> size == 1 ? "/Bulk" : null;
            case "me" -> size == 1 ? "/Me" : null;
            default -> null;
        };
    }
}
