package io.scimlab.core.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A running server over real HTTP with an in-memory directory, and a small client for tests. */
final class HttpFixture implements AutoCloseable {
    static final String TOKEN = "s3cret-token-okta";
    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryDirectory directory = InMemoryDirectory.create();
    final BearerTokenAuthenticator auth = BearerTokenAuthenticator.create().add("okta", TOKEN);
    final ScimServer server;
    final ScimHttpServer binding;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpFixture() {
        this(b -> b);
    }

    HttpFixture(UnaryOperator<ScimServer.Builder> customize) {
        this(customize, users -> users);
    }

    /** A fixture whose User provider is wrapped (e.g. to hide a capability of the in-memory one). */
    HttpFixture(UnaryOperator<ScimServer.Builder> customize, UnaryOperator<ResourceProvider> wrapUsers) {
        ScimServer.Builder b = ScimServer.builder().provider(wrapUsers.apply(directory.users()))
                .provider(directory.groups()).authenticator(auth);
        server = customize.apply(b).build();
        binding = ScimHttpServer.builder(server).threads(64).start();
    }

    /** A response with its JSON body parsed (missing node when there is none). */
    record Res(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(binding.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json");
    }

    Res send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
            return new Res(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(String path) {
        return send(request(path).GET().build());
    }

    Res post(String path, String json) {
        return send(request(path).header("Content-Type", "application/scim+json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(q(json))).build());
    }

    Res put(String path, String json) {
        return send(request(path).header("Content-Type", "application/scim+json")
                .PUT(HttpRequest.BodyPublishers.ofString(q(json))).build());
    }

    Res patch(String path, String json) {
        return send(request(path).header("Content-Type", "application/scim+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(q(json))).build());
    }

    Res delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Creates a user and returns its id. */
    String user(String userName) {
        Res r = post("/Users", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'" + userName
                + "','name':{'givenName':'G','familyName':'F'},'emails':[{'value':'" + userName
                + "@example.com','primary':true,'type':'work'}],'active':true}");
        if (r.status() != 201) {
            throw new AssertionError(r.raw().body());
        }
        return r.json().path("id").asText();
    }

    static String patchOp(String ops) {
        return "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[" + ops + "]}";
    }

    @Override
    public void close() {
        binding.stop();
    }
}
