package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.memory.InMemoryDirectory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HEAD is GET without the body (RFC 9110 §9.3.2), through {@link ScimServer#handle} itself, for every binding. */
class HeadTest {
    static final String TOKEN = "head-token";
    final InMemoryDirectory directory = InMemoryDirectory.create();
    final ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
            .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build();
    final String userId = create();

    private String create() {
        ScimResponse r = server.handle(ScimRequest.builder("POST", "/Users").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json")
                .body("{\"userName\":\"head.user\",\"displayName\":\"Head\"}".getBytes(StandardCharsets.UTF_8))
                .build());
        assertThat(r.status()).isEqualTo(201);
        String body = r.bodyText();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }

    ScimResponse call(String method, String path, String... headers) {
        ScimRequest.Builder b = ScimRequest.builder(method, path.replace("$U", userId))
                .header("Authorization", "Bearer " + TOKEN).header(ScimServer.REQUEST_ID_HEADER, "corr-head");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.handle(b.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/Users/$U", "/Users", "/Users?filter=userName%20eq%20%22head.user%22", "/Groups",
        "/", "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas",
        "/Users/nope", "/Users/$U/x", "/Nope", "/Users?filter=%zz", "/Bulk", "/Users?count=-1"})
    void headAnswersLikeGetWithoutTheBody(String path) {
        ScimResponse get = call("GET", path);
        ScimResponse head = call("HEAD", path);
        assertThat(head.status()).isEqualTo(get.status());
        assertThat(head.body()).isEmpty();
        Map<String, String> expected = new HashMap<>(get.headers());
        expected.put("Content-Length", Integer.toString(get.body().length));
        assertThat(head.headers()).isEqualTo(expected);
    }

    @Test
    void headCarriesTheETagAndHonoursIfNoneMatch() {
        ScimResponse head = call("HEAD", "/Users/$U");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).contains(ScimResponse.SCIM_JSON);
        String etag = head.header("ETag").orElseThrow();
        assertThat(Integer.parseInt(head.header("Content-Length").orElseThrow())).isPositive();
        ScimResponse notModified = call("HEAD", "/Users/$U", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("Content-Length")).isEmpty();
        assertThat(notModified.header("ETag")).contains(etag);
    }

    @Test
    void headIsAuthenticatedAndAllowedWhereGetIs() {
        ScimResponse anonymous = server.handle(ScimRequest.builder("HEAD", "/Users").build());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isPresent();
        assertThat(anonymous.body()).isEmpty();
        ScimResponse bulk = call("HEAD", "/Bulk");
        assertThat(bulk.status()).isEqualTo(405);
        assertThat(bulk.header("Allow")).contains("POST");
        assertThat(call("DELETE", "/ServiceProviderConfig").header("Allow")).contains("GET, HEAD");
        assertThat(call("PUT", "/Users").header("Allow")).contains("GET, HEAD, POST");
        assertThat(call("POST", "/Users/$U").header("Allow")).contains("GET, HEAD, PUT, PATCH, DELETE");
        assertThat(call("HEAD", "/Users/$U").status()).isEqualTo(200);
        assertThat(call("head", "/Users/$U").status()).isEqualTo(200);
    }
}
