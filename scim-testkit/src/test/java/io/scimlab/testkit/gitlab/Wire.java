package io.scimlab.testkit.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Talks to a fake over real HTTP with the JDK's client, as any GitLab client would. */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, body as text and as JSON (null when not JSON), headers. */
    record Answer(int status, String text, JsonNode json, HttpResponse<String> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The {@code message} of a GitLab error, as text (or the JSON of a field-error object). */
        String message() {
            JsonNode m = json.path("message");
            return m.isTextual() ? m.asText() : m.toString();
        }
    }

    private final FakeGitLab fake;

    Wire(FakeGitLab fake) {
        this.fake = fake;
    }

    /** A REST call with {@code PRIVATE-TOKEN} (none when the token is empty) and a JSON body (none when empty). */
    Answer rest(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder b = request(method, path, jsonBody);
        if (!token.isEmpty()) {
            b.header("PRIVATE-TOKEN", token);
        }
        return send(b);
    }

    Answer get(String path, String token) {
        return rest("GET", path, token, "");
    }

    Answer get(String path) {
        return get(path, fake.adminToken());
    }

    Answer post(String path, String jsonBody) {
        return rest("POST", path, fake.adminToken(), jsonBody);
    }

    Answer put(String path, String jsonBody) {
        return rest("PUT", path, fake.adminToken(), jsonBody);
    }

    Answer delete(String path) {
        return rest("DELETE", path, fake.adminToken(), "");
    }

    /** A SCIM call with {@code Authorization: Bearer}. */
    Answer scim(String method, String path, String bearer, String jsonBody) {
        HttpRequest.Builder b = request(method, path, jsonBody);
        if (!bearer.isEmpty()) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    /** A request with headers of the caller's choosing. */
    Answer raw(HttpRequest.Builder b) {
        return send(b);
    }

    HttpRequest.Builder request(String method, String path, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, jsonBody.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (!jsonBody.isEmpty()) {
            b.header("Content-Type", path.startsWith("/api/scim") ? "application/scim+json" : "application/json");
        }
        return b;
    }

    private static Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
            } catch (IOException e) {
                json = JSON.missingNode();
            }
            return new Answer(r.statusCode(), r.body(), json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
