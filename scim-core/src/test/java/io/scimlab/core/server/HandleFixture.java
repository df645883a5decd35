package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** A server over in-memory providers called through {@link ScimServer#handle}, for byte-exact requests. */
final class HandleFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    final InMemoryDirectory directory = InMemoryDirectory.create();
    final ScimServer server;

    HandleFixture(Compatibility compatibility) {
        this(b -> b.compatibility(compatibility));
    }

    HandleFixture(UnaryOperator<ScimServer.Builder> customize) {
        server = customize.apply(ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(Authenticator.trusted("idp"))).build();
    }

    /** A response with its body parsed (a missing node when there is none). */
    record Reply(ScimResponse raw, JsonNode json) {
        int status() {
            return raw.status();
        }

        String detail() {
            return json.path("detail").asText();
        }

        @Override
        public String toString() {
            return raw.status() + " " + raw.bodyText();
        }
    }

    Reply send(String method, String path, byte[] body) {
        ScimRequest.Builder b = ScimRequest.builder(method, path);
        if (body.length > 0) {
            b.header("Content-Type", "application/scim+json").body(body);
        }
        ScimResponse r = server.handle(b.build());
        try {
            return new Reply(r, r.body().length == 0 ? JSON.missingNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply send(String method, String path, String json) {
        return send(method, path, json.getBytes(StandardCharsets.UTF_8));
    }

    Reply get(String path) {
        return send("GET", path, new byte[0]);
    }

    /** A user body with these members added (JSON text, e.g. {@code "userName":"x"}). */
    static String userBody(String members) {
        return "{\"schemas\":[\"" + USER + "\"]," + members + "}";
    }

    static String patchBody(String operations) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operations + "]}";
    }

    /** Creates a user and returns its id. */
    String user(String userName) {
        Reply r = send("POST", "/Users", userBody("\"userName\":\"" + userName + "\",\"displayName\":\"D\""));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    /**
     * Asserts an RFC 7644 §3.12 error: the status (also as the string {@code status}), the scimType, and a detail
     * holding each of the given fragments (the attribute or position it names).
     */
    static void assertScimError(Reply r, int status, String scimType, String... detailHas) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.raw().header("Content-Type")).contains(ScimResponse.SCIM_JSON);
        assertThat(r.json().path("schemas").path(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(r.json().path("status").isTextual()).as(r.toString()).isTrue();
        assertThat(r.json().path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(r.json().path("scimType").asText()).as(r.toString()).isEqualTo(scimType);
        assertThat(r.detail()).as(r.toString()).isNotBlank();
        if (detailHas.length > 0) {
            assertThat(r.detail()).as(r.toString()).contains(detailHas);
        }
    }
}
