package io.scimlab.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.scimlab.core.server.Authenticator;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Limits;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.testkit.conformance.ScimConformanceTests;
import io.scimlab.testkit.conformance.ScimTarget;
import jakarta.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link ScimJaxRsResource} in a real Jakarta REST runtime, Jersey 4 on the JDK's HTTP server: the IdP conformance
 * kit, absolute {@code Location} and {@code meta.location} as a root resource and behind a sub-resource locator,
 * HEAD, bodies up to the server's limit, and every header.
 */
class ScimJaxRsResourceTest {
    static final String TOKEN = "jaxrs-test-token";
    static final int MAX_BODY = 64 << 10;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Every request the SCIM server saw, as the resource handed it over. */
    static final BlockingQueue<ScimRequest> SEEN = new LinkedBlockingQueue<>();

    static HttpServer http;
    static String api;

    /** The same resource class mounted at other paths by sub-resource locators. */
    @Path("tenants")
    public static final class Tenants {
        private final ScimJaxRsResource conformance;
        private final ScimJaxRsResource shared;
        private final ScimJaxRsResource fixed;

        Tenants(ScimJaxRsResource conformance, ScimJaxRsResource shared, ScimJaxRsResource fixed) {
            this.conformance = conformance;
            this.shared = shared;
            this.fixed = fixed;
        }

        /**
         * The conformance kit's own server.
         *
         * @return the resource
         */
        @Path("acme/scim")
        public ScimJaxRsResource acme() {
            return conformance;
        }

        /**
         * The server the root resource serves too.
         *
         * @return the resource
         */
        @Path("located/scim")
        public ScimJaxRsResource located() {
            return shared;
        }

        /**
         * A server with a configured base URL.
         *
         * @return the resource
         */
        @Path("fixed/scim")
        public ScimJaxRsResource fixed() {
            return fixed;
        }
    }

    @BeforeAll
    static void start() {
        BearerTokenAuthenticator tokens = BearerTokenAuthenticator.create().add("idp", TOKEN);
        Authenticator recording = request -> {
            SEEN.add(request);
            return tokens.authenticate(request);
        };
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer scim = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(recording)
                .limits(Limits.defaults().toBuilder().maxBodyBytes(MAX_BODY).build()).build();
        // The conformance kit expects a directory of its own (it reads back the first users of a list).
        InMemoryDirectory own = InMemoryDirectory.create();
        ScimServer conformance = ScimServer.builder().provider(own.users()).provider(own.groups())
                .authenticator(tokens).build();
        ScimServer fixedBase = ScimServer.builder().provider(InMemoryDirectory.create().users())
                .authenticator(tokens).baseUrl("https://scim.example.com/idp/scim/v2").build();

        ResourceConfig app = new ResourceConfig().register(new ScimJaxRsResource(scim)).register(new Tenants(
                new ScimJaxRsResource(conformance), new ScimJaxRsResource(scim), new ScimJaxRsResource(fixedBase)));
        http = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/api/"), app);
        api = "http://127.0.0.1:" + http.getAddress().getPort() + "/api";
    }

    @AfterAll
    static void stop() {
        http.stop(0);
    }

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Conformance extends ScimConformanceTests {
        @Override
        protected ScimTarget target() {
            return ScimTarget.of(api + "/tenants/acme/scim", TOKEN);
        }
    }

    @Test
    void locationAndMetaLocationAreAbsoluteAsARootResource() throws Exception {
        HttpResponse<byte[]> created = send("POST", api + "/scim/v2/Users", user("root"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(api + "/scim/v2/Users/" + id);
        assertThat(json(created).at("/meta/location").asText()).isEqualTo(api + "/scim/v2/Users/" + id);
        assertThat(send("GET", api + "/scim/v2/Users/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void locationAndMetaLocationAreAbsoluteBehindASubResourceLocator() throws Exception {
        HttpResponse<byte[]> created = send("POST", api + "/tenants/located/scim/Users", user("located"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(api + "/tenants/located/scim/Users/" + id);
        assertThat(json(created).at("/meta/location").asText())
                .isEqualTo(api + "/tenants/located/scim/Users/" + id);
    }

    @Test
    void aBaseUrlConfiguredOnTheServerWins() throws Exception {
        HttpResponse<byte[]> created = send("POST", api + "/tenants/fixed/scim/Users", user("fixed"));
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location"))
                .hasValue("https://scim.example.com/idp/scim/v2/Users/" + id);
    }

    @Test
    void theScimPathStaysPercentEncodedAndTheQueryRaw() throws Exception {
        send("GET", api + "/scim/v2/Users/a%20b?filter=userName%20eq%20%22x%22&count=1", null);
        ScimRequest seen = SEEN.take();
        assertThat(seen.path()).isEqualTo("/Users/a%20b");
        assertThat(seen.rawQuery()).isEqualTo("filter=userName%20eq%20%22x%22&count=1");
        assertThat(seen.baseUrl()).hasValue(api + "/scim/v2");
    }

    @Test
    void headAnswersGetsStatusAndHeadersWithoutABody() throws Exception {
        HttpResponse<byte[]> created = send("POST", api + "/scim/v2/Users", user("head"));
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> get = send("GET", location, null);
        HttpResponse<byte[]> head = send("HEAD", location, null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    }

    @Test
    void aBodyOfExactlyTheServersLimitIsServedAndOneByteMoreIs413() throws Exception {
        assertThat(send("POST", api + "/scim/v2/Users", padded(user("limit"), MAX_BODY)).statusCode())
                .isEqualTo(201);

        HttpResponse<byte[]> tooLarge = send("POST", api + "/scim/v2/Users", padded(user("limit2"), MAX_BODY + 1));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).path("status").asText()).isEqualTo("413");
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/scim+json");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        byte[] body = padded(user("chunked"), MAX_BODY + 100).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/scim/v2/Users"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("status").asText()).isEqualTo("413");
    }

    @Test
    void everyHeaderAndEveryValueReachesTheServer() throws Exception {
        send("GET", api + "/scim/v2/ServiceProviderConfig", null, "X-Trace", "one", "X-Trace", "two");
        ScimRequest seen = SEEN.take();
        assertThat(seen.headers().get("x-trace")).containsExactly("one", "two");
        assertThat(seen.header("Authorization")).hasValue("Bearer " + TOKEN);
    }

    @Test
    void errorsAreTheServersScimErrors() throws Exception {
        HttpResponse<byte[]> unauthenticated = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/scim/v2/Users"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(unauthenticated).path("status").asText()).isEqualTo("401");

        HttpResponse<byte[]> correlated = send("GET", api + "/scim/v2/Nope", null, "X-Request-Id", "c-7");
        assertThat(correlated.statusCode()).isEqualTo(404);
        assertThat(json(correlated).path("status").asText()).isEqualTo("404");
        assertThat(correlated.headers().firstValue("X-Request-Id")).hasValue("c-7");

        HttpResponse<byte[]> wrongMethod = send("POST", api + "/scim/v2/ServiceProviderConfig", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).path("status").asText()).isEqualTo("405");
    }

    static String user(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name
                + "\",\"active\":true}";
    }

    /** The JSON padded with spaces (insignificant whitespace) to exactly {@code size} bytes. */
    static String padded(String json, int size) {
        return json + " ".repeat(size - json.getBytes(StandardCharsets.UTF_8).length);
    }

    static HttpResponse<byte[]> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/scim+json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
