package io.scimlab.core.server;

import io.scimlab.core.internal.Access;
import io.scimlab.core.internal.Json;
import io.scimlab.core.resource.ScimResource;

/**
 * Entity tags: a resource's {@code meta.version} (a weak ETag), and the {@code If-Match} / {@code If-None-Match}
 * comparisons of RFC 7232. Comparison is weak (the {@code W/} prefix is ignored), as RFC 7644 §3.14 uses weak
 * tags for resource versions. Package-private.
 */
final class ETags {
    private ETags() {}

    /** The resource's version, or a weak tag hashed from its JSON when the provider set none. */
    static String of(ScimResource resource) {
        return resource.meta().version().orElseGet(() -> {
            byte[] json = Json.toBytes(Access.json(resource));
            return "W/\"" + Integer.toHexString(java.util.Arrays.hashCode(json)) + "\"";
        });
    }

    /** Whether an {@code If-Match} / {@code If-None-Match} header value matches a tag. */
    static boolean matches(String header, String etag) {
        String wanted = opaque(etag);
        for (String candidate : header.split(",", -1)) {
            String c = candidate.trim();
            if (c.isEmpty()) {
                continue;
            }
            if (c.equals("*") || opaque(c).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/") || t.startsWith("w/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
