package io.scimlab.core.http;

import static io.scimlab.core.http.Served.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.http.Wire.Raw;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The binding's HTTP/1.1 over real sockets: strict framing (RFC 9112's request smuggling rules) answered with
 * SCIM errors, never a 500 or a bare page (issue #17); keep-alive, pipelining, 100-continue, HEAD.
 */
class ProtocolTest {
    static final Served S = new Served(b -> b.threads(8));
    static final String POST_HEAD = "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH
            + "Content-Type: application/scim+json\r\n";

    @AfterAll
    static void stop() {
        S.close();
    }

    /** A SCIM error with this status, on a connection that the server then closes. */
    static JsonNode assertScimErrorAndClose(Wire w, Raw r, int status) {
        assertThat(r.status()).as(r.statusLine() + " " + r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/scim+json");
        JsonNode json = r.json();
        assertThat(json.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(json.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(json.path("detail").asText()).isNotBlank();
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(w.awaitClose(Duration.ofSeconds(5))).as("closed").isNotNull();
        return json;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Content-Length and Transfer-Encoding | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n
            two Content-Length fields            | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 2\\r\\nContent-Length: 2\\r\\n\\r\\n{}
            Content-Length list                  | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 2, 2\\r\\n\\r\\n{}
            signed Content-Length                | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: +2\\r\\n\\r\\n{}
            negative Content-Length              | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n
            hex Content-Length                   | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0x2\\r\\n\\r\\n{}
            empty Content-Length                 | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length:\\r\\n\\r\\n
            huge Content-Length                  | 413 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n
            Content-Length over the limit        | 413 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5000000\\r\\n\\r\\n
            unknown transfer coding              | 501 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n
            chunked not last                     | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n
            chunked twice                        | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n
            Transfer-Encoding in HTTP/1.0        | 400 | POST /scim/v2/Users HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n
            whitespace before the colon          | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding : chunked\\r\\n\\r\\n
            obsolete line folding                | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nX-A: 1\\r\\n  folded\\r\\n\\r\\n
            bare LF                              | 400 | GET /scim/v2/Users HTTP/1.1\\nHost: x\\n\\n
            bare CR in a value                   | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\rX-A: 1\\r\\n\\r\\n
            NUL in a value                       | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0000b\\r\\n\\r\\n
            no Host                              | 400 | GET /scim/v2/Users HTTP/1.1\\r\\n\\r\\n
            two Host fields                      | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\n\\r\\n
            no colon                             | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nX-A\\r\\n\\r\\n
            empty field name                     | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\n: a\\r\\n\\r\\n
            two spaces in the request line       | 400 | GET  /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            a fourth request-line part           | 400 | GET /scim/v2/Users HTTP/1.1 x\\r\\nHost: x\\r\\n\\r\\n
            a space in the target                | 400 | GET /scim/v2/Users?filter=userName eq 1 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            a non-ASCII target                   | 400 | GET /scim/v2/Us\\u00e9rs HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            asterisk-form                        | 400 | OPTIONS * HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            authority-form                       | 400 | CONNECT example.com:443 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            a method that is not a token         | 400 | G@T /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            not HTTP                             | 400 | GET /scim/v2/Users FTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            HTTP/2.0                             | 505 | GET /scim/v2/Users HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n
            unsupported expectation              | 417 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nExpect: 200-ok\\r\\n\\r\\n
            a lower-case method                  | 501 | get /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            a mixed-case HEAD                    | 501 | Head /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n
            two Authorization fields             | 400 | GET /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer a\\r\\nauthorization: Bearer b\\r\\n\\r\\n
            two Content-Type fields              | 400 | POST /scim/v2/Users HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/scim+json\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\n{}
            """)
    void malformedOrAmbiguousRequestsAreScimErrorsAndClose(String name, int status, String request) {
        try (Wire w = S.wire()) {
            w.send(unescape(request));
            assertScimErrorAndClose(w, w.read(), status);
        }
    }

    @Test
    void headLimits() {
        try (Wire w = S.wire()) {
            w.send("GET /scim/v2/Users?filter=" + "a".repeat(HeadParser.MAX_REQUEST_LINE) + " HTTP/1.1\r\n");
            assertScimErrorAndClose(w, w.read(), 414);
        }
        try (Wire w = S.wire()) {
            w.send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + ("X-Pad: " + "a".repeat(1000) + "\r\n").repeat(70));
            assertScimErrorAndClose(w, w.read(), 431);
        }
        try (Wire w = S.wire()) {
            w.send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(HeadParser.MAX_HEADER_FIELDS));
            assertScimErrorAndClose(w, w.read(), 431);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            huge chunk size                  | 413 | FFFFFFFFFFFF\\r\\n{}
            chunk size beyond a long         | 413 | 10000000000000000000000\\r\\n{}
            chunk size over the limit        | 413 | 500000\\r\\n{}
            not hexadecimal                  | 400 | zz\\r\\n{}\\r\\n0\\r\\n\\r\\n
            negative                         | 400 | -2\\r\\n{}\\r\\n0\\r\\n\\r\\n
            0x prefix                        | 400 | 0x2\\r\\n{}\\r\\n0\\r\\n\\r\\n
            space before the size            | 400 | \\u00202\\r\\n{}\\r\\n0\\r\\n\\r\\n
            text after the size              | 400 | 2 x\\r\\n{}\\r\\n0\\r\\n\\r\\n
            LF after the size                | 400 | 2\\n{}\\r\\n0\\r\\n\\r\\n
            data longer than its size        | 400 | 1\\r\\n{}\\r\\n0\\r\\n\\r\\n
            no CRLF after the data           | 400 | 2\\r\\n{}0\\r\\n\\r\\n
            control character in extension   | 400 | 2;a=\\u0001\\r\\n{}\\r\\n0\\r\\n\\r\\n
            trailer that is not a field      | 400 | 2\\r\\n{}\\r\\n0\\r\\nnot a field\\r\\n\\r\\n
            empty size line                  | 400 | \\r\\n{}\\r\\n0\\r\\n\\r\\n
            whitespace after the size        | 400 | 2 \\r\\n{}\\r\\n0\\r\\n\\r\\n
            a tab after the size             | 400 | 2\\u0009\\r\\n{}\\r\\n0\\r\\n\\r\\n
            """)
    void malformedChunkedBodiesAreScimErrorsAndClose(String name, int status, String body) {
        try (Wire w = S.wire()) {
            w.send(POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n" + unescape(body));
            Raw r = w.read();
            assertScimErrorAndClose(w, r, status);
            assertThat(r.header("X-Request-Id")).isNotBlank();
        }
    }

    @Test
    void nothingPipelinedAfterAnErrorIsAnswered() throws Exception {
        // After a framing error the server cannot know where the next request starts: whatever follows is dropped,
        // even when it looks like a request (a smuggled one, to a proxy that framed the first differently).
        String next = "DELETE /scim/v2/Users/" + S.user("not.smuggled") + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n";
        for (String first : new String[] {
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\n\r\n",
            "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n"}) {
            try (Wire w = S.wire()) {
                w.send(first + next);
                assertThat(w.read().status()).isEqualTo(400);
                w.socket.setSoTimeout(10_000);
                assertThat(w.socket.getInputStream().readAllBytes()).as(first).isEmpty();
            }
        }
        try (Wire w = S.wire()) {
            assertThat(w.send(next.replace("DELETE", "GET")).read().status()).as("not deleted").isEqualTo(200);
        }
    }

    @Test
    void responsesWithoutContentAreFramedWithoutIt() {
        // 204 and 304 carry no body and no Content-Length: the next pipelined response must follow at once.
        String id = S.user("no.content");
        String user = "/scim/v2/Users/" + id;
        try (Wire w = S.wire()) {
            Raw got = w.send("GET " + user + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").read();
            String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                    + "\"replace\",\"path\":\"displayName\",\"value\":\"N\"}]}";
            w.send("GET " + user + " HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + got.header("ETag") + "\r\n" + AUTH
                    + "\r\n" + "PATCH " + user + " HTTP/1.1\r\nHost: x\r\nPrefer: return=minimal\r\n"
                    + "Content-Type: application/scim+json\r\nContent-Length: " + patch.length() + "\r\n" + AUTH
                    + "\r\n" + patch + "HEAD " + user + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
                    + "GET " + user + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            Raw notModified = w.read();
            Raw noContent = w.read();
            Raw head = w.read(true);
            Raw after = w.read();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(noContent.status()).isEqualTo(204);
            for (Raw r : new Raw[] {notModified, noContent}) {
                assertThat(r.header("Content-Length")).as(r.statusLine()).isNull();
                assertThat(r.header("Date")).isNotBlank();
            }
            assertThat(noContent.header("ETag")).isNotEqualTo(got.header("ETag"));
            assertThat(head.status()).isEqualTo(200);
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json().path("displayName").asText()).isEqualTo("N");
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(after.body().length));
            assertThat(w.quietFor(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void chunkFramingIsBoundedPerBodyNotOnlyPerLine() {
        // Each line is within the line limit, but one-byte chunks each with a long line (an extension, leading
        // zeros) would make the server read and parse framing for as long as the body timeout allows.
        for (String line : new String[] {"1;ext=" + "x".repeat(1000), "0".repeat(1000) + "1"}) {
            String chunks = (line + "\r\n{\r\n").repeat(20);
            try (Wire w = S.wire()) {
                w.send(POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n" + chunks);
                Raw r = w.read();
                assertThat(assertScimErrorAndClose(w, r, 400).path("detail").asText()).contains("chunk-size lines");
            }
            // An unauthenticated body is skipped, not read by the handler: the same bound applies.
            try (Wire w = S.wire()) {
                w.send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
                Raw r = w.read();
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.header("Connection")).isEqualTo("close");
                assertThat(w.awaitClose(Duration.ofSeconds(5))).isNotNull();
            }
        }
    }

    @Test
    void methodsAreCaseSensitive() {
        // A proxy in front matches methods exactly (RFC 9110 §9.1): "delete" is not DELETE to it, so it must not
        // be one here either.
        String id = S.user("lower.case.method");
        try (Wire w = S.wire()) {
            w.send("delete /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            assertScimErrorAndClose(w, w.read(), 501);
        }
        try (Wire w = S.wire()) {
            Raw r = w.send("GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").read();
            assertThat(r.status()).as("still there").isEqualTo(200);
        }
    }

    @Test
    void malformedFieldLinesAreNotEchoed() {
        // A client that forgot the colon would get its bearer token back in the detail, which proxies log.
        for (String line : new String[] {"Authorization Bearer " + Served.TOKEN, "Authorization Bearer "
                + Served.TOKEN + " x: y", "X-" + Served.TOKEN + " : y"}) {
            try (Wire w = S.wire()) {
                w.send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n");
                Raw r = w.read();
                JsonNode json = assertScimErrorAndClose(w, r, 400);
                assertThat(r.text()).as(line).doesNotContain(Served.TOKEN).doesNotContain(Served.TOKEN.substring(0, 6));
                assertThat(json.path("detail").asText()).contains("header field 2");
            }
        }
    }

    @Test
    void aNotFoundDetailQuotesTheTargetShortly() {
        try (Wire w = S.wire()) {
            Raw r = w.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body().length).isLessThan(300);
        }
    }

    @Test
    void aResponseArrivesWholeWhenMoreFollowsAConnectionClose() throws Exception {
        // The server closes after "Connection: close" with the client's further bytes unread: a plain close then
        // sends a TCP reset, which throws away the part of the response still in the send buffer.
        String id = S.bigUser("big.close");
        String get = "GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\n" + AUTH;
        try (Wire w = S.wire()) {
            w.send(get + "Connection: close\r\n\r\n" + get + "X-Pad: " + "a".repeat(30_000) + "\r\n\r\n");
            // Not reading for a while: the response fills the socket buffers and waits in them.
            Thread.sleep(1000);
            Raw r = w.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().length).isGreaterThan(600_000);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(w.awaitClose(Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailersAreRead() {
        String json = Served.userJson("chunked.user");
        String body = Integer.toHexString(10) + ";note=\"first\"\r\n" + json.substring(0, 10) + "\r\n"
                + "0" + Integer.toHexString(json.length() - 10).toUpperCase() + " ; x\r\n" + json.substring(10)
                + "\r\n" + "000\r\nX-Trailer: yes\r\n\r\n";
        try (Wire w = S.wire()) {
            w.send(POST_HEAD + "Transfer-Encoding: chunked\r\n\r\n" + body);
            Raw created = w.read();
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.json().path("userName").asText()).isEqualTo("chunked.user");
            // Kept alive: the next request on the same connection is read where the body ended.
            w.send("GET /scim/v2/Users?filter=userName%20eq%20%22chunked.user%22 HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "\r\n");
            assertThat(w.read().json().path("totalResults").asInt()).isEqualTo(1);
        }
    }

    @Test
    void malformedPercentEncodingIsAScimError() {
        for (String target : new String[] {"/scim/v2/Users/%zz", "/scim/v2/Users/%", "/scim/v2/Users?filter=%zz",
            "/scim/v2/Users/%E0%A4%A"}) {
            try (Wire w = S.wire()) {
                Raw r = w.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").read();
                assertThat(r.status()).as(target + " " + r.text()).isEqualTo(400);
                assertThat(r.header("Content-Type")).isEqualTo("application/scim+json");
                assertThat(r.json().path("scimType").asText()).isEqualTo("invalidValue");
                assertThat(r.json().path("detail").asText()).contains("percent-encoding");
            }
        }
    }

    @Test
    void pathsOutsideTheBaseAreScimNotFound() {
        for (String target : new String[] {"/", "/scim/v2Users", "/scim", "/other/scim/v2/Users"}) {
            try (Wire w = S.wire()) {
                Raw r = w.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n").read();
                assertThat(r.status()).as(target).isEqualTo(404);
                assertThat(r.json().path("status").asText()).isEqualTo("404");
                // Nothing wrong with the connection: it stays open.
                assertThat(r.header("Connection")).isNull();
            }
        }
    }

    @Test
    void keepAliveAndPipelining() {
        String id = S.user("pipelined.user");
        String get = "GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n";
        String post = POST_HEAD + "Content-Length: " + Served.userJson("piped.two").length() + "\r\n\r\n"
                + Served.userJson("piped.two");
        try (Wire w = S.wire()) {
            w.send(get + post + "\r\n" + get);
            Raw first = w.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Date")).isNotBlank();
            assertThat(first.header("Content-Length")).isEqualTo(Integer.toString(first.body().length));
            assertThat(w.read().status()).isEqualTo(201);
            assertThat(w.read().json().path("id").asText()).isEqualTo(id);
            assertThat(w.quietFor(Duration.ofMillis(100))).isTrue();
            w.send("GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + AUTH + "\r\n");
            Raw last = w.read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(w.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void http10IsAnsweredAndClosed() {
        try (Wire w = S.wire()) {
            Raw r = w.send("GET /scim/v2/Users HTTP/1.0\r\n" + AUTH + "\r\n").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(w.awaitClose(Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void absoluteFormTargetsNameTheHost() {
        String id = S.user("absolute.form");
        try (Wire w = S.wire()) {
            Raw r = w.send("GET http://idp-sync.example.com:8443/scim/v2/Users/" + id + "?excludedAttributes=emails"
                    + " HTTP/1.1\r\nHost: ignored.example.com\r\n" + AUTH + "\r\n").read();
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().path("meta").path("location").asText())
                    .isEqualTo("http://idp-sync.example.com:8443/scim/v2/Users/" + id);
        }
    }

    @Test
    void unreadBodiesOfRefusedRequestsAreSkippedOrTheConnectionCloses() {
        String json = Served.userJson("refused.body");
        try (Wire w = S.wire()) {
            // 401: the body is never read by the handler; a small one is skipped to keep the connection.
            w.send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: " + json.length() + "\r\n\r\n" + json);
            assertThat(w.read().status()).isEqualTo(401);
            w.send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            assertThat(w.read().status()).isEqualTo(200);
        }
        try (Wire w = S.wire()) {
            // A large one is not: the connection closes after the answer, which still arrives whole.
            w.send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: 900000\r\n\r\n" + "x".repeat(900_000));
            Raw r = w.read();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void expectContinue() {
        String json = Served.userJson("expect.continue");
        try (Wire w = S.wire()) {
            w.send(POST_HEAD + "Expect: 100-continue\r\nContent-Length: " + json.length() + "\r\n\r\n");
            Raw interim = w.read();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");
            w.send(json);
            Raw created = w.read();
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("Connection")).isNull();
        }
        try (Wire w = S.wire()) {
            // Refused before the body is read: no 100, the final answer at once, and the connection closes since
            // the client may or may not send the body now.
            w.send("POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + json.length() + "\r\n\r\n");
            Raw r = w.read();
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
        try (Wire w = S.wire()) {
            w.send(POST_HEAD + "Expect: 100-continue\r\nContent-Length: 50000000\r\n\r\n");
            assertScimErrorAndClose(w, w.read(), 413);
        }
    }

    @Test
    void headIsGetWithoutTheBody() throws Exception {
        String id = S.user("head.user");
        String path = "/scim/v2/Users/" + id;
        try (Wire w = S.wire()) {
            // HEAD, then GET on the same connection: the GET's status line must follow the HEAD's header section
            // directly, or the HEAD sent body bytes.
            w.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: same\r\n" + AUTH + "\r\n"
                    + "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: same\r\n" + AUTH + "\r\n");
            Raw head = w.read(true);
            Raw get = w.read();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length));
            assertThat(head.header("ETag")).isNotBlank().isEqualTo(get.header("ETag"));
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("X-Request-Id")).isEqualTo("same").isEqualTo(get.header("X-Request-Id"));
            w.send("HEAD /scim/v2/Users/nope HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
            Raw missing = w.read(true);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).isEqualTo("application/scim+json");
            assertThat(Integer.parseInt(missing.header("Content-Length"))).isPositive();
            assertThat(w.quietFor(Duration.ofMillis(200))).as("no body after a HEAD response").isTrue();
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + S.port() + path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + Served.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void stopClosesIdleConnectionsAndFreesThePort() throws Exception {
        Served s = new Served(b -> b);
        int port = s.port();
        Wire w = s.wire().send("GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n");
        assertThat(w.read().status()).isEqualTo(200);
        long start = System.nanoTime();
        s.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(w.awaitClose(Duration.ofSeconds(2))).isNotNull();
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        s.close();
    }

    /** Test text to bytes: {@code \r}, {@code \n} and {@code \}{@code uXXXX} escapes. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'r' -> b.append('\r');
                    case 'n' -> b.append('\n');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> b.append('\\').append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
