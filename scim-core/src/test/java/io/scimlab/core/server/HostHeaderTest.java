package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.http.ScimHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Host header must not inject into Location / meta.location; publicBaseUrl overrides it. */
class HostHeaderTest {
    static final HttpFixture F = new HttpFixture();

    @AfterAll
    static void stop() {
        F.close();
    }

    /** meta.location of a user fetched over a raw socket with the given Host header. */
    static String location(ScimHttpServer binding, String id, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", binding.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /scim/v2/Users/" + id + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + HttpFixture.TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            JsonNode json = HttpFixture.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            return json.path("meta").path("location").asText();
        }
    }

    @Test
    void aPlainHostIsUsedAnythingElseFallsBackToTheBoundAddress() throws IOException {
        String id = F.user("host.header@example.com");
        String bound = "http://127.0.0.1:" + F.binding.port() + "/scim/v2/Users/" + id;
        assertThat(location(F.binding, id, "idp-sync.example.com:8443"))
                .isEqualTo("http://idp-sync.example.com:8443/scim/v2/Users/" + id);
        assertThat(location(F.binding, id, "[::1]:8080")).isEqualTo("http://[::1]:8080/scim/v2/Users/" + id);
        for (String evil : new String[] {"evil.example.com/phish?x=", "evil.example.com#", "user@evil.example.com",
                "evil.example.com\"><script>", "evil.example.com%2f"}) {
            assertThat(location(F.binding, id, evil)).as(evil).isEqualTo(bound);
        }
    }

    @Test
    void publicBaseUrlWinsOverTheHostHeader() throws IOException {
        String id = F.user("public.base@example.com");
        try (ScimHttpServer binding = ScimHttpServer.builder(F.server)
                .publicBaseUrl("https://idp-sync.example.com/scim/v2/").start()) {
            assertThat(location(binding, id, "evil.example.com"))
                    .isEqualTo("https://idp-sync.example.com/scim/v2/Users/" + id);
        }
        assertThatThrownBy(() -> ScimHttpServer.builder(F.server).publicBaseUrl("ftp://x/scim"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScimHttpServer.builder(F.server).publicBaseUrl("/scim/v2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
