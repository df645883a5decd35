package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.server.memory.InMemoryDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ScimServer.Builder#addRequestListener}: one report per request, with a bounded endpoint template. */
class RequestListenerTest {
    static final String TOKEN = "listener-token";
    final List<HandledRequest> heard = new ArrayList<>();
    final InMemoryDirectory directory = InMemoryDirectory.create();
    final ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
            .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).addRequestListener(heard::add)
            .build();

    ScimResponse call(String method, String path, String body) {
        ScimRequest.Builder b = ScimRequest.builder(method, path).header("Authorization", "Bearer " + TOKEN);
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/scim+json").body(body.getBytes(StandardCharsets.UTF_8));
        }
        return server.handle(b.build());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /                                  | /                      | 200
            POST   | /.search                           | /.search               | 200
            GET    | /Users                             | /Users                 | 200
            GET    | /users?filter=userName%20eq%20%22x%22 | /Users               | 200
            GET    | /Users/2819c223-7f76-453a          | /Users/{id}            | 404
            DELETE | /Groups/abc                        | /Groups/{id}           | 404
            POST   | /Users/.search                     | /Users/.search         | 200
            GET    | /ServiceProviderConfig             | /ServiceProviderConfig | 200
            GET    | /serviceConfiguration              | /ServiceProviderConfig | 200
            GET    | /ResourceTypes                     | /ResourceTypes         | 200
            GET    | /ResourceTypes/User                | /ResourceTypes/{id}    | 200
            GET    | /Schemas/urn:x                     | /Schemas/{id}          | 404
            POST   | /Bulk                              | /Bulk                  | 400
            GET    | /Me                                | /Me                    | 501
            GET    | /Users/a/b                         | UNMATCHED              | 404
            GET    | /Nope                              | UNMATCHED              | 404
            GET    | /Nope/123                          | UNMATCHED              | 404
            GET    | /Users/%zz                         | UNMATCHED              | 400
            """)
    void reportsTheEndpointTemplateMethodAndStatus(String method, String path, String endpoint, int status) {
        String body = method.equals("POST") ? (path.endsWith("Bulk") ? "{}" : "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"]}") : "";
        ScimResponse response = call(method, path, body);
        assertThat(response.status()).isEqualTo(status);
        assertThat(heard).hasSize(1);
        HandledRequest h = heard.get(0);
        assertThat(h.method()).isEqualTo(method);
        assertThat(h.endpoint()).isEqualTo(endpoint);
        assertThat(h.status()).isEqualTo(status);
        assertThat(h.correlationId()).isEqualTo(response.header(ScimServer.REQUEST_ID_HEADER).orElseThrow());
        assertThat(h.duration()).isPositive();
        if (!path.equals(endpoint)) {
            assertThat(h.toString()).as("no raw path").doesNotContain(path);
        }
    }

    @Test
    void unauthenticatedRequestsAndHeadAreReportedOnceWithTheirOwnMethod() {
        server.handle(ScimRequest.builder("GET", "/Users/42").build());
        call("HEAD", "/Users", "");
        assertThat(heard).extracting(HandledRequest::method, HandledRequest::endpoint, HandledRequest::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/Users/{id}", 401),
                        org.assertj.core.groups.Tuple.tuple("HEAD", "/Users", 200));
    }

    @Test
    void aFailingListenerChangesNothingAndTheOthersStillHear() {
        List<HandledRequest> second = new ArrayList<>();
        ScimServer s = ScimServer.builder().provider(directory.users())
                .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                .addRequestListener(h -> {
                    throw new IllegalStateException("broken observer");
                }).addRequestListener(second::add).build();
        ScimResponse r = s.handle(ScimRequest.builder("POST", "/Users").header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json")
                .body("{\"userName\":\"observed\"}".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(r.status()).isEqualTo(201);
        assertThat(second).singleElement().satisfies(h -> {
            assertThat(h.endpoint()).isEqualTo("/Users");
            assertThat(h.status()).isEqualTo(201);
        });
    }

    @Test
    void bulkIsOneRequest() {
        ScimResponse r = call("POST", "/Bulk", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
                 {"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"bulk.a"}},
                 {"method":"POST","path":"/Users","bulkId":"b","data":{"userName":"bulk.b"}}]}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(heard).singleElement().extracting(HandledRequest::endpoint).isEqualTo("/Bulk");
    }
}
