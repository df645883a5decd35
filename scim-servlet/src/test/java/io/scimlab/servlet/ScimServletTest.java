package io.scimlab.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.server.Authenticator;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Limits;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import io.scimlab.testkit.conformance.ScimConformanceTests;
import io.scimlab.testkit.conformance.ScimTarget;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ScimServlet} in a real container, embedded Jetty 12 (Jakarta EE 10): the IdP conformance kit, absolute
 * {@code Location} and {@code meta.location} for every kind of servlet mapping, HEAD, bodies up to the server's
 * limit, every header, and the caller's address.
 */
class ScimServletTest {
    static final String TOKEN = "servlet-test-token";
    static final int MAX_BODY = 64 << 10;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Every request the SCIM server saw, as the servlet handed it over. */
    static final BlockingQueue<ScimRequest> SEEN = new LinkedBlockingQueue<>();

    static Server jetty;
    static String origin;

    @BeforeAll
    static void start() throws Exception {
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

        jetty = new Server();
        HttpConfiguration config = new HttpConfiguration();
        // How a container behind a proxy learns the public scheme and host; the servlet takes them from the request.
        config.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new ContextHandlerCollection(
                context("/app", "/scim/v2/*", scim),
                context("/wild", "/*", scim),
                context("/dflt", "/", scim),
                context("/fixed", "/scim/v2/*", fixedBase),
                context("/conformance", "/scim/v2/*", conformance)));
        jetty.start();
        origin = "http://127.0.0.1:" + connector.getLocalPort();
    }

    static ServletContextHandler context(String contextPath, String mapping, ScimServer scim) {
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServlet(new ServletHolder(new ScimServlet(scim)), mapping);
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
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
            return ScimTarget.of(origin + "/conformance/scim/v2", TOKEN);
        }
    }

    @ParameterizedTest(name = "{0} mapped as {1}")
    @CsvSource({"/app/scim/v2, /scim/v2/*", "/wild, /*", "/dflt, / (default servlet)"})
    void locationAndMetaLocationAreAbsoluteForEveryMapping(String base, String mapping) throws Exception {
        HttpResponse<byte[]> created = send("POST", origin + base + "/Users", user("loc" + base.replace('/', '.')));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(origin + base + "/Users/" + id);
        assertThat(json(created).at("/meta/location").asText()).isEqualTo(origin + base + "/Users/" + id);

        HttpResponse<byte[]> read = send("GET", created.headers().firstValue("Location").orElseThrow(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).path("id").asText()).isEqualTo(id);
    }

    @Test
    void theBaseUrlFollowsWhatTheContainerKnowsOfTheProxy() throws Exception {
        HttpResponse<byte[]> created = send("POST", origin + "/app/scim/v2/Users", user("forwarded"),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "idp-sync.example.com");
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location"))
                .hasValue("https://idp-sync.example.com/app/scim/v2/Users/" + id);
    }

    @Test
    void aBaseUrlConfiguredOnTheServerWins() throws Exception {
        HttpResponse<byte[]> created = send("POST", origin + "/fixed/scim/v2/Users", user("fixed"));
        String id = json(created).path("id").asText();
        assertThat(created.headers().firstValue("Location"))
                .hasValue("https://scim.example.com/idp/scim/v2/Users/" + id);
    }

    @Test
    void theScimPathStaysPercentEncodedAndTheQueryRaw() throws Exception {
        send("GET", origin + "/app/scim/v2/Users/a%20b?filter=userName%20eq%20%22x%22&count=1", null);
        ScimRequest seen = SEEN.take();
        assertThat(seen.path()).isEqualTo("/Users/a%20b");
        assertThat(seen.rawQuery()).isEqualTo("filter=userName%20eq%20%22x%22&count=1");
        assertThat(seen.baseUrl()).hasValue(origin + "/app/scim/v2");
    }

    @Test
    void headAnswersGetsStatusAndHeadersWithoutABody() throws Exception {
        HttpResponse<byte[]> created = send("POST", origin + "/app/scim/v2/Users", user("head"));
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
        String body = padded(user("limit"), MAX_BODY);
        assertThat(send("POST", origin + "/app/scim/v2/Users", body).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> tooLarge = send("POST", origin + "/app/scim/v2/Users", padded(user("limit2"),
                MAX_BODY + 1));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).path("status").asText()).isEqualTo("413");
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/scim+json");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        byte[] body = padded(user("chunked"), MAX_BODY + 100).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + "/app/scim/v2/Users"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("scimType").isMissingNode()).isTrue();
    }

    @Test
    void everyHeaderAndEveryValueReachesTheServerWithTheCallersAddress() throws Exception {
        send("GET", origin + "/app/scim/v2/ServiceProviderConfig", null, "X-Trace", "one", "X-Trace", "two",
                "X-Request-Id", "corr-42");
        ScimRequest seen = SEEN.take();
        assertThat(seen.headers().get("x-trace")).containsExactly("one", "two");
        assertThat(seen.header("Authorization")).hasValue("Bearer " + TOKEN);
        assertThat(seen.remote().address()).hasValue("127.0.0.1");
    }

    @Test
    void errorsAreTheServersScimErrorsNotTheContainersPages() throws Exception {
        HttpResponse<byte[]> unauthenticated = HTTP.send(HttpRequest.newBuilder(URI.create(origin
                + "/app/scim/v2/Users")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(unauthenticated).path("status").asText()).isEqualTo("401");

        HttpResponse<byte[]> wrongMethod = send("TRACE", origin + "/app/scim/v2/Users", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).path("status").asText()).isEqualTo("405");

        HttpResponse<byte[]> correlated = send("GET", origin + "/app/scim/v2/Nope", null, "X-Request-Id", "c-7");
        assertThat(correlated.statusCode()).isEqualTo(404);
        assertThat(correlated.headers().firstValue("X-Request-Id")).hasValue("c-7");
    }

    static String user(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name
                + "\",\"active\":true}";
    }

    /** The JSON padded with spaces (insignificant whitespace) to exactly {@code size} bytes. */
    static String padded(String json, int size) {
        return json + " ".repeat(size - json.getBytes(StandardCharsets.UTF_8).length);
    }

    static HttpResponse<byte[]> send(String method, String url, String body, String... headers)
            throws Exception {
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
