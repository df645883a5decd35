package io.scimlab.core.server;

import static io.scimlab.core.server.HandleFixture.assertScimError;
import static io.scimlab.core.server.HandleFixture.patchBody;
import static io.scimlab.core.server.HandleFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.HandleFixture.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: attribute values are bounded (64 Ki characters, names and identifiers 1,024) with a 400
 * {@code invalidValue} naming the attribute, and no error detail echoes a huge value: quoted input is cut to 64
 * characters.
 */
class LengthAndEchoTest {
    private final HandleFixture f = new HandleFixture(Compatibility.lenient());
    private final HandleFixture strict = new HandleFixture(Compatibility.strictRfc());

    @Test
    void namesAndIdentifiersAreBoundedAt1024Characters() {
        assertThat(f.send("POST", "/Users", userBody("\"userName\":\"" + "u".repeat(1024) + "\"")).status())
                .isEqualTo(201);
        assertScimError(f.send("POST", "/Users", userBody("\"userName\":\"" + "v".repeat(1025) + "\"")), 400,
                "invalidValue", "userName", "1024");
        assertScimError(f.send("POST", "/Users", userBody("\"userName\":\"w\",\"externalId\":\"" + "x".repeat(1025)
                + "\"")), 400, "invalidValue", "externalId");
        assertScimError(f.send("POST", "/Users", userBody("\"userName\":\"y\",\"name\":{\"familyName\":\""
                + "z".repeat(2000) + "\"}")), 400, "invalidValue", "name.familyName");
        assertScimError(f.send("POST", "/Groups", "{\"displayName\":\"" + "g".repeat(1025) + "\"}"), 400,
                "invalidValue", "displayName");
        String id = f.user("bjensen");
        assertScimError(f.send("PATCH", "/Users/" + id, patchBody("{\"op\":\"replace\",\"path\":\"displayName\","
                + "\"value\":\"" + "d".repeat(1025) + "\"}")), 400, "invalidValue", "displayName");
        assertThat(f.get("/Users/" + id).json().path("displayName").asText()).isEqualTo("D");
    }

    @Test
    void otherStringsAreBoundedAt64KiCharacters() {
        Reply ok = f.send("POST", "/Users", userBody("\"userName\":\"a\",\"title\":\"" + "t".repeat(65_536) + "\""));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertScimError(f.send("POST", "/Users", userBody("\"userName\":\"b\",\"title\":\"" + "t".repeat(65_537)
                + "\"")), 400, "invalidValue", "title", "65536");
        assertScimError(f.send("POST", "/Users", userBody("\"userName\":\"c\",\"emails\":[{\"value\":\""
                + "e".repeat(70_000) + "\"}]")), 400, "invalidValue", "emails[0].value");
    }

    @Test
    void theLimitsAreConfigurable() {
        HandleFixture tight = new HandleFixture(b -> b.limits(Limits.builder().maxNameLength(8).maxStringLength(16)
                .build()));
        assertScimError(tight.send("POST", "/Users", userBody("\"userName\":\"123456789\"")), 400, "invalidValue",
                "userName");
        assertScimError(tight.send("POST", "/Users", userBody("\"userName\":\"u\",\"title\":\"" + "t".repeat(17)
                + "\"")), 400, "invalidValue", "title");
        assertThat(tight.send("POST", "/Users", userBody("\"userName\":\"12345678\",\"title\":\"" + "t".repeat(16)
                + "\"")).status()).isEqualTo(201);
    }

    /** No run of 65 or more of the injected character: input is echoed 64 characters at most. */
    private static void assertNoHugeEcho(Reply r, char injected) {
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
        assertThat(r.detail()).as(r.toString()).isNotEmpty().hasSizeLessThan(400)
                .doesNotContain(String.valueOf(injected).repeat(65));
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void filterErrorsShowAShortExcerptAroundTheColumn() {
        Reply end = f.get("/Users?filter=" + query("userName eq \"" + "a".repeat(3000) + "\" zz"));
        assertScimError(end, 400, "invalidFilter", "column 3016");
        assertNoHugeEcho(end, 'a');
        Reply start = f.get("/Users?filter=" + query("zz " + "b".repeat(3000)));
        assertScimError(start, 400, "invalidFilter", "column 4");
        assertNoHugeEcho(start, 'b');
        Reply path = f.send("PATCH", "/Users/" + f.user("p"), patchBody("{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                + "c".repeat(3000) + "\\\" zz]\"}"));
        assertScimError(path, 400, "invalidPath", "column");
        assertNoHugeEcho(path, 'c');
    }

    @Test
    void valueAndPathErrorsShowAShortExcerpt() {
        String id = f.user("bjensen");
        Reply unknownPath = f.send("PATCH", "/Users/" + id, patchBody("{\"op\":\"replace\",\"path\":\""
                + "d".repeat(5000) + "\",\"value\":\"x\"}"));
        assertScimError(unknownPath, 400, "invalidPath");
        assertNoHugeEcho(unknownPath, 'd');
        Reply unknownSchema = f.send("POST", "/Users", "{\"schemas\":[\"urn:" + "e".repeat(5000) + "\"],"
                + "\"userName\":\"x\"}");
        assertScimError(unknownSchema, 400, "invalidValue", "schemas");
        assertNoHugeEcho(unknownSchema, 'e');
        Reply unknownAttribute = strict.send("POST", "/Users", userBody("\"userName\":\"x\",\"" + "g".repeat(5000)
                + "\":1"));
        assertScimError(unknownAttribute, 400, "invalidValue");
        assertNoHugeEcho(unknownAttribute, 'g');
        Reply missing = f.get("/Users/" + "h".repeat(5000));
        assertThat(missing.status()).isEqualTo(404);
        assertNoHugeEcho(missing, 'h');
        Reply noEndpoint = f.get("/" + "i".repeat(5000));
        assertThat(noEndpoint.status()).isEqualTo(404);
        assertNoHugeEcho(noEndpoint, 'i');
        ScimResponse raw = f.server.handle(ScimRequest.builder("DELETE", "/Users/" + id).header("If-Match",
                "W/\"" + "j".repeat(5000) + "\"").build());
        Reply ifMatch = new Reply(raw, read(raw));
        assertThat(ifMatch.status()).isEqualTo(412);
        assertNoHugeEcho(ifMatch, 'j');
        Reply badNumber = f.get("/Users?count=" + "9".repeat(5000));
        assertScimError(badNumber, 400, "invalidValue", "count");
        assertNoHugeEcho(badNumber, '9');
    }

    @Test
    void echoedInputHasNoRawControlCharacters() {
        Reply r = f.get("/Users?filter=" + query("userName eq \"a\" zz\r\nX-Injected: 1"));
        assertScimError(r, 400, "invalidFilter");
        assertThat(Pattern.compile("[\\x00-\\x1f]").matcher(r.detail()).find()).as(r.detail()).isFalse();
    }

    private static com.fasterxml.jackson.databind.JsonNode read(ScimResponse raw) {
        try {
            return HandleFixture.JSON.readTree(raw.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
