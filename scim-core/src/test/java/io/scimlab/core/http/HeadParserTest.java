package io.scimlab.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a well-formed head parses to (the malformed ones are in {@link ProtocolTest}, over the wire). */
class HeadParserTest {
    static RequestHead parse(String head) throws IOException {
        HttpInput in = new HttpInput(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)),
                new Watch(), 7);
        return HeadParser.read(in);
    }

    @Test
    void originForm() throws IOException {
        RequestHead h = parse("\r\nGET /scim/v2/Users?filter=userName%20eq%20%22a%22&count=2 HTTP/1.1\r\n"
                + "Host: example.com:8443\r\naccept:application/scim+json  \r\nX-Multi: a\r\nx-multi:\tb\r\n"
                + "X-Empty:\r\nX-Latin: caf\u00e9\r\n\r\n");
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.rawPath()).isEqualTo("/scim/v2/Users");
        assertThat(h.rawQuery()).isEqualTo("filter=userName%20eq%20%22a%22&count=2");
        assertThat(h.minorVersion()).isEqualTo(1);
        assertThat(h.host()).contains("example.com:8443");
        assertThat(h.headers().get("Accept")).containsExactly("application/scim+json");
        assertThat(h.headers().get("X-MULTI")).containsExactly("a", "b");
        assertThat(h.headers().get("x-empty")).containsExactly("");
        assertThat(h.headers().get("X-Latin")).containsExactly("caf\u00e9");
        assertThat(h.contentLength()).isEqualTo(-1);
        assertThat(h.hasBody()).isFalse();
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.expectContinue()).isFalse();
    }

    @Test
    void framing() throws IOException {
        RequestHead fixed = parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0042\r\n"
                + "Expect: 100-Continue\r\nConnection: keep-alive, Close\r\n\r\n");
        assertThat(fixed.contentLength()).isEqualTo(42);
        assertThat(fixed.chunked()).isFalse();
        assertThat(fixed.expectContinue()).isTrue();
        assertThat(fixed.keepAlive()).isFalse();
        RequestHead chunked = parse("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  Chunked \r\n\r\n");
        assertThat(chunked.chunked()).isTrue();
        assertThat(chunked.hasBody()).isTrue();
        RequestHead empty = parse("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n");
        assertThat(empty.hasBody()).isFalse();
        assertThat(empty.expectContinue()).as("nothing to wait for").isFalse();
        RequestHead old = parse("GET /x HTTP/1.0\r\n\r\n");
        assertThat(old.minorVersion()).isZero();
        assertThat(old.host()).isEmpty();
        assertThat(old.keepAlive()).isFalse();
        assertThat(parse("GET /x HTTP/1.9\r\nHost: h\r\n\r\n").minorVersion()).isEqualTo(1);
    }

    @Test
    void absoluteForm() throws IOException {
        RequestHead h = parse("GET HTTPS://Sync.Example.com/scim/v2/Users?x=1 HTTP/1.1\r\nHost: other\r\n\r\n");
        assertThat(h.host()).contains("Sync.Example.com");
        assertThat(h.rawPath()).isEqualTo("/scim/v2/Users");
        assertThat(h.rawQuery()).isEqualTo("x=1");
        assertThat(parse("GET http://h:1?q HTTP/1.1\r\nHost: h\r\n\r\n").rawPath()).isEqualTo("/");
        assertThat(parse("GET http://h:1 HTTP/1.1\r\nHost: h\r\n\r\n").rawQuery()).isEmpty();
        assertThatThrownBy(() -> parse("GET http://user@h/x HTTP/1.1\r\nHost: h\r\n\r\n"))
                .isInstanceOf(HttpError.class);
    }

    @Test
    void headEndingEarlyIsAnEofNotAnAnswer() {
        assertThatThrownBy(() -> parse("GET /x HTTP/1.1\r\nHost: h\r\n")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> parse("GET /x HT")).isInstanceOf(EOFException.class);
    }

    @Test
    void listTokens() {
        assertThat(HeadParser.tokens(List.of(" a ,B", ",, c\t"))).containsExactly("a", "b", "c");
        assertThat(HeadParser.tokens(null)).isEmpty();
    }

    @Test
    void limitsAreExact() throws IOException {
        String target = "/" + "a".repeat(HeadParser.MAX_REQUEST_LINE - "GET  HTTP/1.1".length() - 1);
        assertThat(parse("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").rawPath()).isEqualTo(target);
        assertThatThrownBy(() -> parse("GET " + target + "a HTTP/1.1\r\nHost: h\r\n\r\n"))
                .isInstanceOf(HttpError.class).extracting(e -> ((HttpError) e).status()).isEqualTo(414);
        // The header section's budget counts every field line with its CRLF, and the final CRLF.
        String host = "Host: h\r\n";
        String pad = "X: " + "a".repeat(HeadParser.MAX_HEADER_BYTES - host.length() - 2 - 5) + "\r\n";
        assertThat(parse("GET /x HTTP/1.1\r\n" + host + pad + "\r\n").headers()).containsKey("X");
        assertThatThrownBy(() -> parse("GET /x HTTP/1.1\r\n" + host + "Y" + pad + "\r\n"))
                .isInstanceOf(HttpError.class).extracting(e -> ((HttpError) e).status()).isEqualTo(431);
    }
}
