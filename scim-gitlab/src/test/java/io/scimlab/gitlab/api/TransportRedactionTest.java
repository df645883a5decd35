package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
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
