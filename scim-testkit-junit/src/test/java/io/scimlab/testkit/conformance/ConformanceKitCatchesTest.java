package io.scimlab.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * The kit fails a binding that gets the framework glue wrong, naming the step: one that passes no base URL (so
 * {@code Location} is a relative {@code /Users/2}, as the old Spring MVC example answered), and one that does not
 * serve HEAD.
 */
class ConformanceKitCatchesTest {
    static final String TOKEN = "kit-test-token";

    @Test
    void aBindingThatPassesNoBaseUrlFailsAtTheCreateStep() throws Exception {
        Map<String, Throwable> failures = run(false, true, ScimConformance::okta);
        assertThat(failures).isNotEmpty();
        Map.Entry<String, Throwable> first = failures.entrySet().iterator().next();
        assertThat(first.getKey()).startsWith("create user");
        assertThat(first.getValue()).hasMessageContaining("an absolute http(s) Location, not /Users/");
    }

    @Test
    void aBindingThatRefusesHeadFailsTheHeadStep() throws Exception {
        Map<String, Throwable> failures = run(true, false, ScimConformance::rfc);
        assertThat(failures.keySet()).containsExactly(
                "HEAD /ServiceProviderConfig: GET's status and Content-Length, no body");
    }

    @Test
    void aCorrectBindingPassesBoth() throws Exception {
        assertThat(run(true, true, ScimConformance::okta)).isEmpty();
        assertThat(run(true, true, ScimConformance::rfc)).isEmpty();
    }

    interface Part {
        DynamicNode of(ScimConformance kit);
    }

    /** Runs one sequence of the kit against a small binding on the JDK's HTTP server; failures by step, in order. */
    static Map<String, Throwable> run(boolean passBaseUrl, boolean serveHead, Part part) throws IOException {
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer scim = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(BearerTokenAuthenticator.create().add("kit", TOKEN)).build();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + http.getAddress().getPort() + "/scim/v2";
        http.createContext("/scim/v2", exchange -> serve(exchange, scim, passBaseUrl ? base : null, serveHead));
        http.start();
        try {
            ScimConformance kit = ScimConformance.builder(ScimTarget.of(base, TOKEN)).build();
            Map<String, Throwable> failures = new LinkedHashMap<>();
            ((DynamicContainer) part.of(kit)).getChildren().map(DynamicTest.class::cast).forEach(step -> {
                try {
                    step.getExecutable().execute();
                } catch (Throwable t) {
                    if (!(t instanceof org.opentest4j.TestAbortedException)) {
                        failures.put(step.getDisplayName(), t);
                    }
                }
            });
            return failures;
        } finally {
            http.stop(0);
        }
    }

    static void serve(HttpExchange exchange, ScimServer scim, String baseUrl, boolean serveHead) throws IOException {
        String method = exchange.getRequestMethod();
        ScimResponse out;
        if (method.equals("HEAD") && !serveHead) {
            out = new ScimResponse(405, Map.of(), new byte[0]);
        } else {
            out = scim.handle(new ScimRequest(method, exchange.getRequestURI().getRawPath().substring(
                    "/scim/v2".length()), Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""),
                    exchange.getRequestHeaders(), exchange.getRequestBody(), ScimRequest.RemoteInfo.UNKNOWN,
                    Optional.ofNullable(baseUrl)));
        }
        out.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().set(name, value);
            }
        });
        boolean noBody = method.equals("HEAD") || out.body().length == 0;
        exchange.sendResponseHeaders(out.status(), noBody ? -1 : out.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(out.body());
        }
        exchange.close();
    }
}
