package io.scimlab.core.server;

import static io.scimlab.core.server.HandleFixture.assertScimError;
import static io.scimlab.core.server.HandleFixture.patchBody;
import static io.scimlab.core.server.HandleFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.HandleFixture.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #15: bytes and characters no provider should see. Invalid UTF-8 (overlong forms Jackson's byte parser
 * would decode: {@code C0 AF} to {@code /}, {@code C0 80} to NUL), NUL and lone surrogates in any string value,
 * and control characters in names and identifiers are refused with a SCIM error naming the offset or attribute.
 */
class HostileInputTest {
    private final HandleFixture f = new HandleFixture(Compatibility.lenient());

    static Stream<Arguments> malformedUtf8() {
        return Stream.of(
                Arguments.of("overlong '/'", new int[] {0xC0, 0xAF}),
                Arguments.of("overlong NUL", new int[] {0xC0, 0x80}),
                Arguments.of("overlong C1 lead", new int[] {0xC1, 0xBF}),
                Arguments.of("3-byte overlong", new int[] {0xE0, 0x80, 0xAF}),
                Arguments.of("4-byte overlong", new int[] {0xF0, 0x80, 0x80, 0xAF}),
                Arguments.of("UTF-16 surrogate encoded", new int[] {0xED, 0xA0, 0x80}),
                Arguments.of("above U+10FFFF", new int[] {0xF4, 0x90, 0x80, 0x80}),
                Arguments.of("F5 lead", new int[] {0xF5, 0x80, 0x80, 0x80}),
                Arguments.of("FF", new int[] {0xFF}),
                Arguments.of("FE", new int[] {0xFE}),
                Arguments.of("lone continuation", new int[] {0x80}),
                Arguments.of("truncated 2 of 3", new int[] {0xE2, 0x82}),
                Arguments.of("truncated 1 of 4", new int[] {0xF0}),
                Arguments.of("raw NUL byte", new int[] {0x00}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedUtf8")
    void malformedUtf8IsRefusedWithItsByteOffset(String label, int[] bad) {
        byte[] prefix = ("{\"schemas\":[\"" + HandleFixture.USER + "\"],\"userName\":\"a").getBytes(
                StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(prefix);
        for (int b : bad) {
            body.write(b);
        }
        body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        Reply r = f.send("POST", "/Users", body.toByteArray());
        assertScimError(r, 400, "invalidSyntax", "UTF-8", "byte offset " + prefix.length);
        assertThat(f.directory.users().size()).isZero();
    }

    @Test
    void malformedUtf8IsRefusedInPatchAndSearchBodiesToo() {
        String id = f.user("bjensen");
        byte[] patch = patchBody("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"X\"}")
                .replace("\"X\"", "\"\u0001\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(patch, (byte) 0x01);
        patch[at] = (byte) 0xC0;
        patch = insert(patch, at + 1, (byte) 0xAF);
        assertScimError(f.send("PATCH", "/Users/" + id, patch), 400, "invalidSyntax", "byte offset " + at);

        byte[] search = "{\"filter\":\"userName eq \\\"a\u0001\\\"\"}".getBytes(StandardCharsets.UTF_8);
        at = indexOf(search, (byte) 0x01);
        search[at] = (byte) 0xC0;
        search = insert(search, at + 1, (byte) 0x80);
        assertScimError(f.send("POST", "/Users/.search", search), 400, "invalidSyntax", "byte offset " + at);
        assertThat(f.get("/Users/" + id).json().path("displayName").asText()).isEqualTo("D");
    }

    @Test
    void validUtf8OfEveryLengthIsAccepted() {
        // 1, 2, 3 and 4 bytes: the positive control of the refusals above.
        Reply r = f.send("POST", "/Users", userBody("\"userName\":\"a\u00e9\u20ac\ud83d\ude00\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("userName").asText()).isEqualTo("a\u00e9\u20ac\ud83d\ude00");
    }

    static Stream<Arguments> nulAndLoneSurrogates() {
        List<Arguments> cases = new ArrayList<>();
        for (String escaped : List.of("\\u0000", "a\\u0000b", "\\ud800", "\\udfff", "x\\ud83dy", "\\ude00\\ud83d")) {
            cases.add(Arguments.of("userName", "\"userName\":\"" + escaped + "\""));
            cases.add(Arguments.of("title", "\"userName\":\"u\",\"title\":\"" + escaped + "\""));
            cases.add(Arguments.of("emails[0].value",
                    "\"userName\":\"u\",\"emails\":[{\"value\":\"" + escaped + "\"}]"));
            cases.add(Arguments.of("addresses[0].formatted",
                    "\"userName\":\"u\",\"addresses\":[{\"formatted\":\"" + escaped + "\"}]"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nulAndLoneSurrogates")
    void nulAndLoneSurrogatesAreRefusedInAnyString(String attribute, String members) {
        Reply r = f.send("POST", "/Users", userBody(members));
        assertScimError(r, 400, "invalidValue", attribute);
        assertThat(f.directory.users().size()).isZero();
    }

    @Test
    void aSurrogatePairIsAccepted() {
        Reply r = f.send("POST", "/Users", userBody("\"userName\":\"\\ud83d\\ude00\",\"title\":\"\\ud83d\\ude00\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    static Stream<Arguments> controlCharactersInNames() {
        String[] controls = {"\\u0007", "\\t", "\\n", "\\r", "\\u001b[31m", "\\u007f", "\\u0085", "\\u009b"};
        String[][] attributes = {
            {"userName", "\"userName\":\"%s\""},
            {"displayName", "\"userName\":\"u\",\"displayName\":\"a%sb\""},
            {"nickName", "\"userName\":\"u\",\"nickName\":\"%s\""},
            {"externalId", "\"userName\":\"u\",\"externalId\":\"x%s\""},
            {"name.givenName", "\"userName\":\"u\",\"name\":{\"givenName\":\"%s\"}"},
            {"name.familyName", "\"userName\":\"u\",\"name\":{\"familyName\":\"J%s\"}"},
            {"name.formatted", "\"userName\":\"u\",\"name\":{\"formatted\":\"%s\"}"},
        };
        List<Arguments> cases = new ArrayList<>();
        for (String[] a : attributes) {
            for (String c : controls) {
                cases.add(Arguments.of(a[0], String.format(a[1], c)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("controlCharactersInNames")
    void controlCharactersAreRefusedInNamesAndIdentifiers(String attribute, String members) {
        Reply r = f.send("POST", "/Users", userBody(members));
        assertScimError(r, 400, "invalidValue", attribute, "control character");
    }

    @Test
    void multiLineTextStaysWhereItIsLegitimate() {
        Reply r = f.send("POST", "/Users", userBody("\"userName\":\"u\",\"title\":\"Head\\tof Ops\","
                + "\"addresses\":[{\"formatted\":\"100 Universal City Plaza\\nHollywood, CA 91608\"}]"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().path("addresses").path(0).path("formatted").asText()).contains("\n");
    }

    @Test
    void patchAndGroupsObeyTheSameRules() {
        String id = f.user("bjensen");
        assertScimError(f.send("PATCH", "/Users/" + id,
                patchBody("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"a\\u0007\"}")), 400,
                "invalidValue", "displayName", "control character");
        assertScimError(f.send("PATCH", "/Users/" + id,
                patchBody("{\"op\":\"replace\",\"value\":{\"name.givenName\":\"\\u0000\"}}")), 400,
                "invalidValue", "name.givenName");
        assertScimError(f.send("PATCH", "/Users/" + id,
                patchBody("{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"\\ud800\"}]}")), 400,
                "invalidValue", "emails");
        assertScimError(f.send("POST", "/Groups", "{\"displayName\":\"\\u001b[2JOps\"}"), 400, "invalidValue",
                "displayName", "control character");
        assertThat(f.get("/Users/" + id).json().path("displayName").asText()).isEqualTo("D");
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eq \"a\\u0000\"", "userName eq \"\\ud800\"", "emails[value co \"\\udc00\"]"})
    void filtersRefuseNulAndLoneSurrogates(String filter) {
        String query = java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        assertScimError(f.get("/Users?filter=" + query), 400, "invalidFilter", "column");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b);
    }

    private static byte[] insert(byte[] bytes, int at, byte b) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = b;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }
}
