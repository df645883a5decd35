package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonParser;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Excerpt;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The state of reading one document, shared by the tree-building {@link ResourceReader} and the typed reader
 * ({@link TypedJson}): the parser, the reader's mode and limits, and the path of the value being read.
 */
final class ReadCursor {
    /**
     * The attributes that are names or identifiers, by the first segment of a path: single-line text with the
     * tighter length limit. Every part of {@code name} is one ({@code name.formatted} too: a formatted name is one
     * line); {@code addresses.formatted} is not, and may span lines.
     */
    private static final String[] NAMES = {"userName", "displayName", "nickName", "externalId", "name"};

    final JsonParser p;
    final boolean strict;
    final boolean request;
    final int maxStringLength;
    final int maxNameLength;

    // The path of the value being read, kept as a stack of segments (names and indexes) and turned into text only
    // for an error detail: building "emails[1].primary" for every value would cost more than reading it.
    private @Nullable Object[] segments = new Object[8];
    private int depth;

    ReadCursor(JsonParser p, ResourceReader reader, boolean request) {
        this.p = p;
        this.strict = reader.strict();
        this.request = request;
        this.maxStringLength = reader.maxStringLength();
        this.maxNameLength = Math.min(reader.maxNameLength(), maxStringLength);
    }

    void push(Object segment) {
        if (depth == segments.length) {
            segments = Arrays.copyOf(segments, depth * 2);
        }
        segments[depth++] = segment;
    }

    void pop() {
        segments[--depth] = null;
    }

    /** The current path as text, e.g. {@code emails[1].primary}. */
    String path() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            Object segment = segments[i];
            if (segment instanceof Integer index) {
                b.append('[').append(index).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(segment);
            }
        }
        return b.toString();
    }

    /**
     * Whether the value being read is (part of) a name or identifier: its path starts with {@code userName},
     * {@code displayName}, {@code nickName}, {@code externalId} or {@code name} (a PATCH value's path may be pushed
     * whole, e.g. {@code name.givenName}).
     */
    boolean inName() {
        if (depth == 0 || !(segments[0] instanceof String first)) {
            return false;
        }
        int end = first.length();
        for (int i = 0; i < first.length(); i++) {
            char ch = first.charAt(i);
            if (ch == '.' || ch == '[') {
                end = i;
                break;
            }
        }
        // Called for every string value: compare in place rather than build a lower-case copy.
        for (String name : NAMES) {
            if (end == name.length() && first.regionMatches(true, 0, name, 0, end)) {
                return true;
            }
        }
        return false;
    }

    /** The parser's position, for syntax error details. */
    String where() {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    /**
     * An attribute no schema defines: skipped when lenient, rejected when strict.
     *
     * @param prefix where it is, with its separator ({@code ""}, {@code "urn:...:User:"}, {@code "name."})
     * @param name its name as sent (quoted in the detail as an excerpt: it may be megabytes long)
     */
    void unknown(String prefix, String name) throws IOException {
        if (strict) {
            throw ScimException.invalidValue(prefix + Excerpt.of(name)
                    + " is not an attribute of the resource's schemas");
        }
        p.skipChildren();
    }
}
