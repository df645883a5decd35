package io.scimlab.core.server;

import static io.scimlab.core.server.HttpFixture.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.filter.FilterOptions;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.HttpFixture.Res;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every bad-input rule answers its exact status and scimType, as SCIM Error JSON. */
class ErrorsTest {
    static final HttpFixture F = new HttpFixture(b -> b
            .limits(Limits.builder().maxBodyBytes(4096).maxNestingDepth(8).maxResults(50)
                    .bulkMaxOperations(3).bulkMaxPayloadBytes(8192).build())
            .compatibility(Compatibility.lenient().toBuilder().filter(FilterOptions.lenient().toBuilder()
                    .maxLength(200).maxTerms(4).build()).build()));

    @AfterAll
    static void stop() {
        F.close();
    }

    static void assertError(Res r, int status, String scimType) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/scim+json");
        assertThat(r.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(r.json().path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(r.json().path("detail").asText()).isNotEmpty();
        if (scimType != null) {
            assertThat(r.json().path("scimType").asText()).isEqualTo(scimType);
        } else {
            assertThat(r.json().has("scimType")).isFalse();
        }
        assertThat(r.header("X-Request-Id")).isNotEmpty();
    }

    @Test
    void unauthenticated() {
        for (String auth : new String[] {null, "Bearer wrong", "Basic b2t0YTpzM2NyZXQ=", "Bearer"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(F.binding.baseUrl() + "/Users"));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            Res r = F.send(b.GET().build());
            assertError(r, 401, null);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"SCIM\"");
            assertThat(r.raw().body()).doesNotContain(HttpFixture.TOKEN);
        }
    }

    @Test
    void routing() {
        assertError(F.get("/Nope"), 404, null);
        assertError(F.get("/Users/" + java.util.UUID.randomUUID()), 404, null);
        assertError(F.get("/Users/a/b"), 404, null);
        Res r = F.send(F.request("/Users").DELETE().build());
        assertError(r, 405, null);
        assertThat(r.header("Allow")).contains("GET");
        assertError(F.send(F.request("/ServiceProviderConfig").DELETE().build()), 405, null);
        assertError(F.get("/Me"), 501, null);
        assertError(F.get("/Schemas/urn:nope"), 404, null);
    }

    @Test
    void badBodies() {
        assertError(F.post("/Users", "{'userName':"), 400, "invalidSyntax");
        assertError(F.post("/Users", "[1]"), 400, "invalidSyntax");
        assertError(F.post("/Users", "{'schemas':['urn:example:unknown'],'userName':'x'}"), 400, "invalidValue");
        assertError(F.post("/Users", "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']}"), 400,
                "invalidValue");
        assertError(F.post("/Users", "{'userName':'deep','x':[[[[[[[[[[[[1]]]]]]]]]]]}"), 400, "invalidSyntax");
        assertError(F.post("/Users", "{'userName':'big','displayName':'" + "x".repeat(5000) + "'}"), 413, null);
        Res wrongType = F.send(F.request("/Users").header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<user/>")).build());
        assertError(wrongType, 415, null);
        String id = F.user("bad.patch@example.com");
        assertError(F.patch("/Users/" + id, patchOp("{'op':'jump','path':'title','value':'x'}")), 400,
                "invalidSyntax");
        assertError(F.patch("/Users/" + id, patchOp("{'op':'replace','path':'id','value':'x'}")), 400,
                "mutability");
    }

    @Test
    void badQueries() {
        assertError(F.get("/Users?filter=userName%20eq"), 400, "invalidFilter");
        assertError(F.get("/Users?filter=userName+eq+%22" + "x".repeat(300) + "%22"), 400, "invalidFilter");
        assertError(F.get("/Users?filter=userName+eq+1+or+userName+eq+2+or+userName+eq+3+or+userName+eq+4"
                + "+or+userName+eq+5"), 400, "invalidFilter");
        assertError(F.get("/Users?count=ten"), 400, "invalidValue");
        assertError(F.get("/Users?sortBy=nope"), 400, "invalidValue");
        // Count clamped, negative count 0, startIndex below 1 treated as 1, past the end empty.
        for (int i = 0; i < 3; i++) {
            F.user("q" + i + "@example.com");
        }
        Res clamped = F.get("/Users?count=100000&startIndex=-4");
        assertThat(clamped.status()).isEqualTo(200);
        assertThat(clamped.json().path("startIndex").asInt()).isEqualTo(1);
        assertThat(clamped.json().path("itemsPerPage").asInt()).isLessThanOrEqualTo(50);
        Res zero = F.get("/Users?count=0");
        assertThat(zero.json().path("itemsPerPage").asInt()).isZero();
        assertThat(zero.json().path("totalResults").asInt()).isGreaterThanOrEqualTo(3);
        Res past = F.get("/Users?startIndex=50000");
        assertThat(past.json().path("Resources").size()).isZero();
        assertThat(past.json().path("startIndex").asInt()).isEqualTo(50000);
    }

    @Test
    void indexPagingStopsAtMaxOffset() {
        assertThat(Limits.defaults().maxOffset()).isEqualTo(100_000);
        // startIndex - 1 + count (count clamped to maxResults, 50 here) up to maxOffset is served.
        assertThat(F.get("/Users?startIndex=99951").status()).isEqualTo(200);
        assertThat(F.get("/Users?startIndex=99952&count=49").status()).isEqualTo(200);
        Res deep = F.get("/Users?startIndex=99952");
        assertError(deep, 400, "invalidValue");
        assertThat(deep.json().path("detail").asText()).contains("cursor");
        assertError(F.get("/Users?startIndex=2000000000&count=1"), 400, "invalidValue");
        assertError(F.get("/?startIndex=2000000000"), 400, "invalidValue");
        assertError(F.post("/Users/.search", "{'schemas':['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],"
                + "'startIndex':2000000000}"), 400, "invalidValue");
    }

    @Test
    void etags() {
        String id = F.user("etag@example.com");
        Res r = F.get("/Users/" + id);
        String etag = r.header("ETag");
        assertThat(etag).isEqualTo(r.json().path("meta").path("version").asText());
        assertThat(F.send(F.request("/Users/" + id).header("If-None-Match", etag).GET().build()).status())
                .isEqualTo(304);
        Res stale = F.send(F.request("/Users/" + id).header("If-Match", "W/\"stale\"")
                .header("Content-Type", "application/scim+json").method("PATCH", HttpRequest.BodyPublishers
                        .ofString(HttpFixture.q(patchOp("{'op':'replace','path':'title','value':'x'}")))).build());
        assertError(stale, 412, null);
        assertError(F.send(F.request("/Users/" + id).header("If-Match", "W/\"stale\"").DELETE().build()), 412, null);
        assertThat(F.send(F.request("/Users/" + id).header("If-Match", etag).DELETE().build()).status())
                .isEqualTo(204);
    }

    @Test
    void bulkLimits() {
        String op = "{'method':'POST','path':'/Users','bulkId':'b%d','data':{'userName':'bulk%d'}}";
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            ops.append(i == 0 ? "" : ",").append(String.format(op, i, i));
        }
        assertError(F.post("/Bulk", "{'schemas':['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],"
                + "'Operations':[" + ops + "]}"), 413, null);
    }

    @Test
    void providerFailureIsAGeneric500WithCorrelationId() {
        SchemaRegistry registry = SchemaRegistry.standard();
        ResourceProvider broken = new ResourceProvider() {
            @Override
            public ResourceTypeDefinition resourceType() {
                return registry.requireResourceType("User");
            }

            @Override
            public ScimResource create(ScimResource resource, RequestContext context) {
                throw new IllegalStateException("db password=hunter2 leaked");
            }

            @Override
            public Optional<ScimResource> get(String id, RequestContext context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public ScimResource update(ResourceUpdate update, RequestContext context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void delete(String id, RequestContext context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public QueryResult query(ResourceQuery query, RequestContext context) {
                throw new IllegalStateException("boom");
            }
        };
        ScimServer server = ScimServer.builder().provider(broken).authenticator(Authenticator.trusted("t")).build();
        ScimResponse r = server.handle(ScimRequest.builder("POST", "/Users").header("X-Request-Id", "corr-42")
                .body("{\"userName\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("X-Request-Id")).contains("corr-42");
        assertThat(r.bodyText()).contains("internal error; correlation id corr-42").doesNotContain("hunter2")
                .doesNotContain("IllegalStateException").doesNotContain("at io.");
    }
}
