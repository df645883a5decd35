package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Personal access tokens: authentication failures, rotation and reuse detection, the PAT API's rights. */
class TokensTest {
    private TestClock clock;
    private FakeGitLab fake;
    private Wire wire;
    private long ann;
    private String annToken;

    @BeforeEach
    void start() {
        clock = TestClock.atMinuteStart();
        fake = FakeGitLab.builder().clock(clock).start();
        wire = new Wire(fake);
        ann = fake.seedUser("ann", "ann@corp.test");
        annToken = fake.seedToken(ann);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Answer rotateSelf(String token) {
        return wire.rest("POST", "/api/v4/personal_access_tokens/self/rotate", token, "");
    }

    @Test
    @DisplayName("app/services/personal_access_tokens/rotate_service.rb: rotating an already revoked token is 400 "
            + "'Token already revoked' and its successor survives")
    void rotatingARevokedTokenByIdIs400() {
        Answer first = rotateSelf(annToken);
        assertThat(first.status()).isEqualTo(200);
        String second = first.json().path("token").asText();
        assertThat(first.json().path("expires_at").asText()).isEqualTo("2025-03-10");
        long oldId = fake.tokenId(annToken).orElseThrow();

        Answer again = wire.rest("POST", "/api/v4/personal_access_tokens/" + oldId + "/rotate", second, "");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).isEqualTo("400 Bad request - Token already revoked");
        assertThat(fake.tokenActive(second)).isTrue();
    }

    @Test
    @DisplayName("lib/gitlab/auth/auth_finders.rb + revoke_token_family_service.rb: a revoked token presented on a "
            + "rotate path revokes every token rotated from it; elsewhere it is just refused")
    void reuseOnARotatePathRevokesTheFamily() {
        String second = rotateSelf(annToken).json().path("token").asText();
        String third = rotateSelf(second).json().path("token").asText();
        String unrelated = fake.seedToken(ann);

        Answer elsewhere = wire.get("/api/v4/user", annToken);
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.text()).isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Token was "
                + "revoked. You have to re-authorize from the user.\"}");
        assertThat(fake.tokenActive(third)).isTrue();

        Answer reuse = rotateSelf(annToken);

        assertThat(reuse.status()).isEqualTo(401);
        assertThat(fake.tokenActive(third)).isFalse();
        assertThat(fake.tokenActive(unrelated)).isTrue();
    }

    @Test
    @DisplayName("app/models/concerns/expirable.rb (expires_at <= now) + lib/api/api_guard.rb: a token stops working "
            + "at 00:00 UTC of its expiry date")
    void expiryDateIsTheFirstRefusedDay() {
        fake.setTokenExpiry(annToken, LocalDate.parse("2025-03-04"));
        assertThat(wire.get("/api/v4/user", annToken).status()).isEqualTo(200);
        clock.advance(Duration.ofHours(14));
        Answer expired = wire.get("/api/v4/user", annToken);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("error_description").asText())
                .isEqualTo("Token is expired. You can either do re-authorization or token refresh.");
        assertThat(fake.tokenActive(annToken)).isFalse();
    }

    @Test
    @DisplayName("lib/api/personal_access_tokens.rb: self information, and the rights on other users' tokens")
    void personalAccessTokenRights() {
        long bob = fake.seedUser("bob", "bob@corp.test");
        String bobToken = fake.seedToken(bob);
        long bobTokenId = fake.tokenId(bobToken).orElseThrow();

        Answer self = wire.get("/api/v4/personal_access_tokens/self", annToken);
        assertThat(self.json().path("id").asLong()).isEqualTo(fake.tokenId(annToken).orElseThrow());
        assertThat(self.json().has("token")).isFalse();
        assertThat(wire.get("/api/v4/personal_access_tokens?user_id=" + bob, annToken).text())
                .isEqualTo("{\"message\":\"401 Unauthorized\"}");
        assertThat(wire.rest("DELETE", "/api/v4/personal_access_tokens/" + bobTokenId, annToken, "").status())
                .isEqualTo(400);
        assertThat(wire.rest("POST", "/api/v4/personal_access_tokens/" + bobTokenId + "/rotate", annToken, "")
                .status()).isEqualTo(401);
        assertThat(wire.post("/api/v4/personal_access_tokens/99999/rotate", "").status()).isEqualTo(404);
        assertThat(wire.get("/api/v4/personal_access_tokens?user_id=" + bob).json().size()).isEqualTo(1);
        assertThat(fake.tokenActive(bobToken)).isTrue();
    }

    @Test
    @DisplayName("lib/api/users.rb POST /users/:id/personal_access_tokens: administrators; scopes validated")
    void adminCreatesTokensForUsers() {
        Answer r = wire.post("/api/v4/users/" + ann + "/personal_access_tokens",
                "{\"name\":\"ci\",\"scopes\":[\"read_api\"]}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("token").asText()).startsWith("glpat-");
        assertThat(wire.post("/api/v4/users/" + ann + "/personal_access_tokens",
                "{\"name\":\"ci\",\"scopes\":[\"everything\"]}").text())
                .isEqualTo("{\"error\":\"scopes does not have a valid value\"}");
        assertThat(wire.rest("POST", "/api/v4/users/" + ann + "/personal_access_tokens", annToken,
                "{\"name\":\"ci\",\"scopes\":[\"api\"]}").status()).isEqualTo(403);
    }
}
