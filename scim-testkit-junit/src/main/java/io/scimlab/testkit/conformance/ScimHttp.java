package io.scimlab.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A minimal SCIM client over the JDK's HTTP client, for the conformance sequences. */
final class ScimHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final ScimTarget target;
    private final HttpClient client;
    private final @Nullable String userAgent;

    ScimHttp(ScimTarget target) {
        this(target, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), null);
    }

    private ScimHttp(ScimTarget target, HttpClient client, @Nullable String userAgent) {
        this.target = target;
        this.client = client;
        this.userAgent = userAgent;
    }

    /**
     * The same client sending this {@code User-Agent} on every request, as an IdP does ({@code ""} sends the
     * header empty, as OneLogin does; without, the JDK's own is sent).
     */
    ScimHttp as(String agent) {
        return new ScimHttp(target, client, agent);
    }

    /** One exchange's outcome. */
    record Response(String request, int status, HttpResponse<byte[]> raw, JsonNode body) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            String text = new String(raw.body(), StandardCharsets.UTF_8);
            return request + " -> " + status + (text.isEmpty() ? "" : " " + (text.length() > 600
                    ? text.substring(0, 600) + "..." : text));
        }
    }

    Response send(String method, String path, @Nullable String body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/scim+json")
                .header("Authorization", "Bearer " + target.bearerToken());
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String described = method + " " + path;
        try {
            HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = MissingNode.getInstance();
            if (response.body().length > 0) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException e) {
                    json = MissingNode.getInstance();
                }
            }
            return new Response(described, response.statusCode(), response, json);
        } catch (IOException e) {
            throw new AssertionError(described + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(described + " interrupted");
        }
    }

    Response get(String path) {
        return send("GET", path, null, "application/scim+json");
    }

    Response head(String path) {
        return send("HEAD", path, null, "application/scim+json");
    }

    Response post(String path, String body) {
        return send("POST", path, body, "application/scim+json");
    }

    Response put(String path, String body) {
        return send("PUT", path, body, "application/scim+json");
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body, "application/scim+json");
    }

    Response delete(String path) {
        return send("DELETE", path, null, "application/scim+json");
    }

    /** Query-string encoding for filters and parameters. */
    static String q(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
