package io.scimlab.core.filter;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code path} of a PATCH operation (RFC 7644 §3.5.2): {@code attrPath}, or {@code valuePath} with an
 * optional sub-attribute, e.g. {@code members}, {@code name.familyName},
 * {@code emails[type eq "work"]}, {@code addresses[type eq "work"].locality} or
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 *
 * <p>For a filtered path the attribute's sub-attribute is the one written after the closing bracket:
 * {@code emails[type eq "work"].value} is {@code attribute = emails.value} with
 * {@code valueFilter = type eq "work"}.
 *
 * <p>A path that is only an extension URN (some clients send one to replace a whole extension) parses as
 * a URN plus a last segment, e.g. {@code urn:...:enterprise:2.0} and {@code User}; a PATCH engine can
 * recognise it by looking the full text up as a schema.
 *
 * @param attribute the attribute (and sub-attribute) the operation targets
 * @param valueFilter the value filter selecting elements of a multi-valued attribute, or null
 */
public record PatchPath(AttributePath attribute, @Nullable Filter valueFilter) {

    /** Checks a value filter is a valid inner filter. */
    public PatchPath {
        Objects.requireNonNull(attribute, "attribute");
        if (valueFilter != null) {
            // Reuse the value-path checks (simple names, no nested value filter).
            new ValuePathFilter(attribute.withSubAttribute(null), valueFilter);
        }
    }

    /**
     * Parses a PATCH path with the default (lenient) options.
     *
     * @param path the path text
     * @return the path
     * @throws io.scimlab.core.error.ScimException 400 {@code invalidPath} naming the column and what was expected
     */
    public static PatchPath parse(String path) {
        return FilterParser.parsePath(path);
    }

    /** The canonical path text. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        AttributePath a = attribute;
        if (valueFilter == null) {
            FilterPrinter.appendPath(b, a);
        } else {
            FilterPrinter.appendPath(b, a.withSubAttribute(null));
            b.append('[');
            FilterPrinter.append(b, valueFilter);
            b.append(']');
            if (a.subAttribute() != null) {
                b.append('.').append(a.subAttribute());
            }
        }
        return b.toString();
    }
}
