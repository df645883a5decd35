package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Regressions found by {@link RobustnessProperties}, each driving {@link ScimServer#handle} directly. */
class RobustnessRegressionTest {
    static final String TOKEN = "regression-token";
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryDirectory directory = InMemoryDirectory.create();
    final ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
            .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build();

    ScimResponse send(String method, String path, String body) {
        ScimRequest.Builder b = ScimRequest.builder(method, path).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json");
        if (body != null) {
            b.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return server.handle(b.build());
    }

    static JsonNode assertError(ScimResponse r, int status, String scimType) throws Exception {
        assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
        assertThat(r.header("Content-Type")).contains(ScimResponse.SCIM_JSON);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("status").isTextual()).isTrue();
        assertThat(json.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(json.path("scimType").asText(null)).isEqualTo(scimType);
        assertThat(json.path("detail").asText("")).isNotBlank();
        return json;
    }

    @Test
    void malformedPercentEncodingInThePathIsA400NotA500() throws Exception {
        JsonNode json = assertError(send("GET", "/Users/%", null), 400, "invalidValue");
        assertThat(json.path("detail").asText()).contains("malformed percent-encoding in the path segment");
        assertError(send("DELETE", "/Users/%zz", null), 400, "invalidValue");
        // The same inside a bulk operation: the operation fails with 400, not 500.
        ScimResponse bulk = send("POST", "/Bulk", "{\"schemas\":[\"" + BulkHandler.BULK_REQUEST + "\"],"
                + "\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users/%zz\",\"data\":{\"userName\":\"a\"}}]}");
        assertThat(bulk.status()).isEqualTo(200);
        JsonNode op = JSON.readTree(bulk.body()).path("Operations").path(0);
        assertThat(op.path("status").asText()).isEqualTo("400");
        assertThat(op.path("response").path("scimType").asText()).isEqualTo("invalidValue");
    }

    @Test
    void malformedJsonNeverEchoesAValueSuchAsAnUnquotedPassword() throws Exception {
        String secret = "hunter2SuperSecret";
        String user = "{\"userName\":\"leak\",\"password\":" + secret + "}";
        JsonNode created = assertError(send("POST", "/Users", user), 400, "invalidSyntax");
        assertThat(created.path("detail").asText()).contains("line 1, column").doesNotContain(secret);
        ScimResponse ok = send("POST", "/Users", "{\"userName\":\"leak\"}");
        String id = JSON.readTree(ok.body()).path("id").asText();
        assertThat(send("PUT", "/Users/" + id, user).bodyText()).doesNotContain(secret);
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{"
                + "\"op\":\"replace\",\"path\":\"password\",\"value\":" + secret + "}]}";
        JsonNode patched = assertError(send("PATCH", "/Users/" + id, patch), 400, "invalidSyntax");
        assertThat(patched.path("detail").asText()).contains("line 1, column").doesNotContain(secret);
        assertThat(send("POST", "/Bulk", "{\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\",\"data\":"
                + user + "}]}").bodyText()).doesNotContain(secret);
        // What the parser expected is still said.
        assertThat(created.path("detail").asText()).contains("was expecting");
    }
}
