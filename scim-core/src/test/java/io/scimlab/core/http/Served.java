package io.scimlab.core.http;

import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** A ScimHttpServer over an in-memory directory with one bearer token, for the binding's tests. */
final class Served implements AutoCloseable {
    static final String TOKEN = "s3cret-http-token";
    static final String AUTH = "Authorization: Bearer " + TOKEN + "\r\n";

    final ScimServer scim;
    final ScimHttpServer http;

    Served(UnaryOperator<ScimHttpServer.Builder> customize) {
        InMemoryDirectory directory = InMemoryDirectory.create();
        scim = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(BearerTokenAuthenticator.create().add("test", TOKEN)).build();
        http = customize.apply(ScimHttpServer.builder(scim)).start();
    }

    int port() {
        return http.port();
    }

    Wire wire() {
        return new Wire(port());
    }

    /** Creates a user through the server directly and returns its id. */
    String user(String userName) {
        ScimResponse r = scim.handle(ScimRequest.builder("POST", "/Users")
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .body(("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                        + "\"}").getBytes(StandardCharsets.UTF_8)).build());
        if (r.status() != 201) {
            throw new AssertionError(r.bodyText());
        }
        String body = r.bodyText();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }

    /**
     * Creates a user whose representation is about 600 KB (ten distinct addresses of 60,000 characters, each value
     * within {@code Limits.maxStringLength}), far more than socket buffers hold, and returns its id.
     */
    String bigUser(String userName) {
        String id = user(userName);
        String addresses = String.join(",", java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> "{\"formatted\":\"" + i + "x".repeat(60_000) + "\"}").toList());
        ScimResponse r = scim.handle(ScimRequest.builder("PATCH", "/Users/" + id)
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .body(("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{"
                        + "\"op\":\"add\",\"path\":\"addresses\",\"value\":[" + addresses + "]}]}")
                        .getBytes(StandardCharsets.UTF_8)).build());
        if (r.status() != 200 || r.body().length < 600_000) {
            throw new AssertionError(r.status() + " " + r.body().length);
        }
        return id;
    }

    static String userJson(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
    }

    @Override
    public void close() {
        http.stop();
    }
}
