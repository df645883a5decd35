package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** An error body that echoes the request's token (a proxy's debug page, a misbehaving server) is masked. */
class TransportRedactionTest {
    private static final String TOKEN = "glpat-echoed-secret-value";

    private static Transport transport(TokenHeader kind) {
        return new Transport(new OkHttpClient(), kind, () -> TOKEN, java.time.Duration.ofSeconds(30), RetryPolicy.none(),
                new Pacer(0, Clock.systemUTC()),
                Sleeper.system(), Clock.systemUTC(), new ObjectMapper());
    }

    @Test
    void echoedTokenNeverReachesTheException() {
        for (TokenHeader kind : TokenHeader.values()) {
            Transport t = transport(kind);
            String[] bodies = {
                "{\"message\":\"401 Unauthorized: PRIVATE-TOKEN " + TOKEN + "\"}",
                "{\"message\":{\"token\":[\"" + TOKEN + " is invalid\"]}}",
                "{\"error\":\"invalid_token\",\"error_description\":\"Bearer " + TOKEN + "\"}",
                "{\"detail\":\"" + TOKEN + "\"}",
                "<html>Authorization: Bearer " + TOKEN + "</html>"};
            for (String body : bodies) {
                GitLabException e = t.error(new Transport.Reply(400, Headers.of(), body), "GET", "/api/v4/user",
                        null);
                assertThat(e.getMessage()).doesNotContain(TOKEN).contains("****");
                assertThat(e.gitlabMessage()).doesNotContain(TOKEN);
                assertThat(e.fieldErrors().toString()).doesNotContain(TOKEN);
                assertThat(e.toString()).doesNotContain(TOKEN);
            }
        }
    }

    /** Issue #15, defect 4: GitLab (or a proxy) echoing the token as it appeared in a URL. */
    @Test
    void percentEncodedEchoesOfTheTokenAreMaskedToo() {
        String oauth = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        for (TokenHeader kind : TokenHeader.values()) {
            for (String secret : List.of(TOKEN, oauth)) {
                Transport t = new Transport(new OkHttpClient(), kind, () -> secret, java.time.Duration.ofSeconds(30),
                        RetryPolicy.none(), new Pacer(0, Clock.systemUTC()), Sleeper.system(), Clock.systemUTC(),
                        new ObjectMapper());
                String[] echoes = {
                    secret.replace("-", "%2D"),
                    secret.replace("-", "%2d"),
                    secret.replace("-", "%252D"),
                    URLEncoder.encode(secret, StandardCharsets.UTF_8),
                    everyCharacterEncoded(secret),
                    everyCharacterEncoded(secret).toLowerCase(Locale.ROOT)};
                for (String echo : echoes) {
                    for (String body : List.of("{\"message\":\"404 Not found: /api/v4/x?private_token=" + echo + "\"}",
                            "<p>GET /oauth?access_token=" + echo + "&x=1</p>")) {
                        GitLabException e = t.error(new Transport.Reply(404, Headers.of(), body), "GET",
                                "/api/v4/x", null);
                        assertThat(e.getMessage()).as(body).doesNotContain(echo).contains("****");
                        assertThat(e.gitlabMessage()).doesNotContain(echo).doesNotContain(secret);
                    }
                }
            }
            // Tokens of the bridge's GitLab that are not the current one (a previous value after a rotation).
            GitLabException e = transport(kind).error(new Transport.Reply(400, Headers.of(),
                    "{\"message\":\"bad glpat%2DOtherTokenValue123 and glpat%252Dxyzxyzxyz99\"}"), "GET", "/x", null);
            assertThat(e.gitlabMessage()).isEqualTo("bad **** and ****");
        }
    }

    private static String everyCharacterEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    @Test
    void tokenStraddlingTheTruncationOfATextBodyIsMaskedWhole() {
        for (TokenHeader kind : TokenHeader.values()) {
            Transport t = transport(kind);
            for (int cut = 1; cut < TOKEN.length(); cut++) {
                // The token starts so that the 200-character cut falls inside it.
                String body = "x".repeat(200 - cut) + TOKEN + " and more text after it";
                GitLabException e = t.error(new Transport.Reply(502, Headers.of(), body), "GET", "/api/v4/user",
                        null);
                // Nothing of the token survives, not even its "gl" prefix: only (part of) the mask.
                assertThat(e.gitlabMessage()).hasSize(200).doesNotContain("gl").contains("*");
                assertThat(e.getMessage()).doesNotContain("gl");
            }
        }
    }
}
