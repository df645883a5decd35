package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * The state of reading one document, shared by the tree-building {@link ResourceReader} and the typed reader
 * ({@link TypedJson}): the parser, the reader's mode and the path of the value being read.
 */
final class ReadCursor {
    final JsonParser p;
    final boolean strict;
    final boolean request;

    // The path of the value being read, kept as a stack of segments (names and indexes) and turned into text only
    // for an error detail: building "emails[1].primary" for every value would cost more than reading it.
    private Object[] segments = new Object[8];
    private int depth;

    ReadCursor(JsonParser p, boolean strict, boolean request) {
        this.p = p;
        this.strict = strict;
        this.request = request;
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

    /** The parser's position, for syntax error details. */
    String where() {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    /** An attribute no schema defines: skipped when lenient, rejected when strict. */
    void unknown(String path) throws IOException {
        if (strict) {
            throw io.scimlab.core.error.ScimException.invalidValue(path
                    + " is not an attribute of the resource's schemas");
        }
        p.skipChildren();
    }
}
