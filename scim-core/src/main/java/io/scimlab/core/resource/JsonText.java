package io.scimlab.core.resource;

import io.scimlab.core.internal.JsonStrings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/**
 * Where {@link TypedWriter} writes: a Jackson generator, or JSON text built in a {@link StringBuilder}.
 *
 * <p>The text form exists for speed: Jackson's char generator copies every string into its buffer, scans it
 * for escapes, copies the buffer into a segmented writer and that into the final string; a builder of Latin-1
 * text appends strings that need no escaping (almost all) with one array copy. The output is what Jackson's
 * default generator writes: the same escapes (quote, backslash, the short forms of newline, return, tab,
 * backspace and form feed, and six-character hex escapes for other control characters), nothing else escaped,
 * no whitespace.
 */
abstract class JsonText {
    abstract void startObject() throws IOException;

    abstract void endObject() throws IOException;

    abstract void startArray() throws IOException;

    abstract void endArray() throws IOException;

    abstract void name(SerializableString name) throws IOException;

    abstract void string(String value) throws IOException;

    abstract void bool(boolean value) throws IOException;

    /** Writes to a generator. */
    static JsonText of(JsonGenerator out) {
        return new Generator(out);
    }

    /** Builds text; {@link #toString()} is the JSON. */
    static JsonText text() {
        return new Text();
    }

    private static final class Generator extends JsonText {
        private final JsonGenerator out;

        Generator(JsonGenerator out) {
            this.out = out;
        }

        @Override
        void startObject() throws IOException {
            out.writeStartObject();
        }

        @Override
        void endObject() throws IOException {
            out.writeEndObject();
        }

        @Override
        void startArray() throws IOException {
            out.writeStartArray();
        }

        @Override
        void endArray() throws IOException {
            out.writeEndArray();
        }

        @Override
        void name(SerializableString name) throws IOException {
            out.writeFieldName(name);
        }

        @Override
        void string(String value) throws IOException {
            out.writeString(value);
        }

        @Override
        void bool(boolean value) throws IOException {
            out.writeBoolean(value);
        }
    }

    private static final class Text extends JsonText {
        // A full user is about 3 KB: one allocation, no growing.
        private final StringBuilder b = new StringBuilder(4096);
        // Whether the next member or element needs a comma before it: no nesting stack is needed, since a
        // container's start and a member's name both clear it and every value and container end sets it.
        private boolean comma;

        private void separate() {
            if (comma) {
                b.append(',');
            }
        }

        @Override
        void startObject() {
            separate();
            b.append('{');
            comma = false;
        }

        @Override
        void endObject() {
            b.append('}');
            comma = true;
        }

        @Override
        void startArray() {
            separate();
            b.append('[');
            comma = false;
        }

        @Override
        void endArray() {
            b.append(']');
            comma = true;
        }

        @Override
        void name(SerializableString name) {
            separate();
            quote(name.getValue());
            b.append(':');
            comma = false;
        }

        @Override
        void string(String value) {
            separate();
            quote(value);
            comma = true;
        }

        @Override
        void bool(boolean value) {
            separate();
            b.append(value ? "true" : "false");
            comma = true;
        }

        private void quote(String s) {
            JsonStrings.appendQuoted(b, s);
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
