package io.scimlab.core.http;

import static io.scimlab.core.http.Served.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.http.Wire.Raw;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request heads identity providers send (docs/idp-behaviour.md), byte for byte over a socket: Okta's
 * {@code Accept} and {@code User-Agent} with {@code application/scim+json; charset=utf-8} or, in its spec test,
 * {@code application/json}; OneLogin's empty {@code User-Agent}; Microsoft's collection's plain
 * {@code application/json}; no {@code User-Agent} at all. Each creates a user (201) and lists it on the same
 * connection, and every answer is {@code application/scim+json}.
 */
class IdpHeadersTest {
    static final Served S = new Served(b -> b.threads(4));

    @AfterAll
    static void stop() {
        S.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Okta                         | okta        | Accept: application/scim+json\\r\\nUser-Agent: Okta SCIM Client 1.0.0\\r\\n | application/scim+json; charset=utf-8
            Okta's spec test             | oktaspec    | Accept: application/scim+json\\r\\nUser-Agent: Okta SCIM Client 1.0.0\\r\\n | application/json
            OneLogin, empty User-Agent   | onelogin    | User-Agent:\\r\\n                                                          | application/scim+json
            OneLogin, blank User-Agent   | onelogin2   | User-Agent: \\r\\n                                                         | application/json; charset=UTF-8
            Microsoft's Postman requests | postman     | User-Agent: PostmanRuntime/7.39.0\\r\\nAccept: */*\\r\\n                  | application/json
            no User-Agent, no Accept     | bare        | <none>                                                                    | application/scim+json
            """)
    void createsAndListsWithTheHeadsIdpsSend(String client, String userName, String fields, String contentType) {
        String extra = fields.equals("<none>") ? "" : fields.replace("\\r\\n", "\r\n");
        byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"active\":true}").getBytes(StandardCharsets.UTF_8);
        try (Wire w = S.wire()) {
            w.send("POST /scim/v2/Users HTTP/1.1\r\nHost: scim.example.com\r\n" + AUTH + extra + "Content-Type: "
                    + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            w.send(body);
            Raw created = w.read();
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.header("Content-Type")).isEqualTo("application/scim+json");
            assertThat(created.json().path("userName").asText()).isEqualTo(userName);

            w.send("GET /scim/v2/Users?filter=userName%20eq%20%22" + userName + "%22&startIndex=1&count=1 HTTP/1.1\r\n"
                    + "Host: scim.example.com\r\n" + AUTH + extra + "\r\n");
            Raw listed = w.read();
            assertThat(listed.status()).as(listed.text()).isEqualTo(200);
            assertThat(listed.header("Content-Type")).isEqualTo("application/scim+json");
            assertThat(listed.json().path("totalResults").asInt()).isEqualTo(1);
        }
    }
}
