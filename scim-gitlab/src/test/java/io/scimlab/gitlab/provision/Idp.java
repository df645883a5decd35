package io.scimlab.gitlab.provision;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An identity provider over real HTTP against a bridge behind {@link ScimHttpServer}: it sends a request and,
 * as Okta and Entra do, retries a 503 after its {@code Retry-After}, waiting on the test's clock.
 */
final class Idp implements AutoCloseable {
    private static final String TOKEN = "idp-token";

    /** One answer. */
    record Answer(int status, String retryAfter, String body) {
    }

    private final ScimHttpServer binding;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Every answer other than the final one of each request: the retryable refusals. */
    final List<Answer> retried = new ArrayList<>();

    Idp(GitLabBridge bridge) {
        ScimServer server = ScimServer.builder().registry(bridge.schemaRegistry()).provider(bridge.users())
                .provider(bridge.groups()).authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                .compatibility(Compatibility.lenient()).build();
        this.binding = ScimHttpServer.builder(server).port(0).basePath("/scim/v2").start();
    }

    Answer send(String method, String path, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/scim+json")
                .header("Content-Type", "application/scim+json").timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(res.statusCode(), res.headers().firstValue("Retry-After").orElse(""), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends until the answer is not a 503 with {@code Retry-After}, moving the clock by each wait, at most
     * {@code maxRetries} times.
     */
    Answer sendRetrying(String method, String path, String body, ManualClock clock, int maxRetries) {
        for (int i = 0; ; i++) {
            Answer a = send(method, path, body);
            if (a.status() != 503 || a.retryAfter().isEmpty() || i >= maxRetries) {
                return a;
            }
            retried.add(a);
            clock.advance(Duration.ofSeconds(Long.parseLong(a.retryAfter())));
        }
    }

    @Override
    public void close() {
        binding.close();
    }
}
