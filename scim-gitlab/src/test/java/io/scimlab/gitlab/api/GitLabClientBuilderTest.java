package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitLabClientBuilderTest {
    private static final String TOKEN = "glpat-super-secret-value";

    @Test
    void tokenNeverAppearsInToString() {
        GitLabClient.Builder builder = GitLabClient.builder().baseUrl("http://127.0.0.1:9").token(TOKEN);
        assertThat(builder.toString()).doesNotContain(TOKEN).contains("****");
        try (GitLabClient client = builder.build()) {
            assertThat(client.toString()).doesNotContain(TOKEN).contains("127.0.0.1");
        }
        AccessToken token = new AccessToken(1, "ci", 2, List.of("api"), true, false, Optional.empty(),
                Optional.of(TOKEN));
        assertThat(token.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenWrittenIntoTheBaseUrlNeverAppearsInToString() {
        GitLabClient.Builder builder = GitLabClient.builder()
                .baseUrl("https://oauth2:" + TOKEN + "@gitlab.example.com").token(TOKEN);
        assertThat(builder.toString()).doesNotContain(TOKEN).contains("gitlab.example.com");
        try (GitLabClient client = builder.build()) {
            assertThat(client.toString()).doesNotContain(TOKEN).contains("gitlab.example.com");
            assertThat(client.baseUrl()).doesNotContain(TOKEN).doesNotContain("oauth2");
        }
        assertThat(GitLabClient.builder().baseUrl("not a url " + TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void requiresBaseUrlAndToken() {
        assertThatThrownBy(() -> GitLabClient.builder().token(TOKEN).build())
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> GitLabClient.builder().baseUrl("not a url").token(TOKEN).build())
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(TOKEN);
    }

    @Test
    void accessLevelsRoundTrip() {
        for (AccessLevel level : AccessLevel.values()) {
            assertThat(AccessLevel.of(level.value())).isEqualTo(level);
        }
        assertThat(AccessLevel.values()).extracting(AccessLevel::value).containsExactly(0, 5, 10, 15, 20, 30, 40,
                50);
        assertThatThrownBy(() -> AccessLevel.of(60)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionFailureIsUnavailableWithoutSecrets() {
        // Port 9 (discard) on loopback is closed on test machines: the connection is refused at once.
        try (GitLabClient client = GitLabClient.builder().baseUrl("http://127.0.0.1:9").token(TOKEN)
                .retryPolicy(RetryPolicy.none()).build()) {
            assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class, e -> {
                assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAVAILABLE);
                assertThat(e.status()).isZero();
                assertThat(e.path()).isEqualTo("/api/v4/users/1");
                assertThat(e.toString()).doesNotContain(TOKEN);
            });
        }
    }
}
