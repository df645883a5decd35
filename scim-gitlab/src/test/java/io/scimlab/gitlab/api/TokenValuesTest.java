package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, defect 4: a GitLab token read from a CRLF secrets file (or with a byte order mark) made OkHttp refuse the
 * header with an error that printed the whole token, and every write answer 500. Tokens are cleaned when set and when
 * supplied; what cannot be cleaned is refused without the value.
 */
class TokenValuesTest {
    private FakeGitLab fake;

    @BeforeEach
    void start() {
        fake = FakeGitLab.selfManaged();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private GitLabClient.Builder builder() {
        return GitLabClient.builder().baseUrl(fake.baseUrl()).retryPolicy(RetryPolicy.none())
                .readTimeout(Duration.ofSeconds(5));
    }

    @Test
    void aTokenFromAFileWithALineEndOrByteOrderMarkWorksForReadsAndWrites() {
        String token = fake.adminToken();
        int n = 0;
        for (String read : List.of(token + "\r\n", token + "\n", "  " + token + "\t", "\uFEFF" + token + "\r\n")) {
            try (GitLabClient client = builder().token(read).build()) {
                assertThat(client.users().get(fake.adminUserId()).id()).isEqualTo(fake.adminUserId());
                GitLabUser created = client.users().create(NewUser.of("crlf" + n, "crlf" + n + "@example.com",
                        "CRLF " + n));
                assertThat(created.username()).isEqualTo("crlf" + n);
                n++;
            }
            try (GitLabClient client = builder().tokenSupplier(() -> read).build()) {
                assertThat(client.users().block(fake.seedUser("b" + n, "b" + n + "@example.com"))).isTrue();
            }
        }
        assertThat(fake.journal()).allSatisfy(e -> assertThat(e.status()).isBetween(200, 299));
    }

    @Test
    void aTokenWithAControlCharacterInsideIsRefusedWhenSetWithoutTheValue() {
        for (String bad : List.of("glpat-abcdef\r\nghijkl", "glpat-abcdef\u0000ghijkl", "glpat-abcdef ghijkl",
                "glpat-abcdef\u00e9ghijkl", " \r\n", "")) {
            assertThatThrownBy(() -> GitLabClient.builder().token(bad))
                    .isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain("abcdef").doesNotContain("ghijkl");
                        assertThat(e.toString()).doesNotContain("abcdef");
                    });
        }
        assertThat(TokenValues.clean("\uFEFFglpat-x1\r\n")).isEqualTo("glpat-x1");
    }

    @Test
    void anUnusableSuppliedTokenFailsTheRequestAsUnauthorizedWithoutTheValueAndIsNeverSent() {
        List<GitLabCall> calls = new CopyOnWriteArrayList<>();
        fake.clearJournal();
        try (GitLabClient client = builder().tokenSupplier(() -> "glpat-abcdef\r\nghijkl")
                .addCallListener(calls::add).build()) {
            assertThatThrownBy(() -> client.users().block(2)).isInstanceOfSatisfying(GitLabException.class, e -> {
                assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED);
                assertThat(e.status()).isZero();
                assertThat(e.method()).isEqualTo("POST");
                assertThat(e.path()).isEqualTo("/api/v4/users/2/block");
                assertThat(e.getMessage()).contains("unusable token").doesNotContain("abcdef")
                        .doesNotContain("ghijkl");
                assertThat(e.getCause()).isNull();
            });
        }
        assertThat(fake.journal()).isEmpty();
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.failure())
                .contains(GitLabException.Kind.UNAUTHORIZED));
    }

    @Test
    void aTokenSourceHearsOfARefusalWithTheValueAsItWasSent() {
        String token = fake.seedToken(fake.adminUserId());
        fake.revokeToken(token);
        List<String> refused = new CopyOnWriteArrayList<>();
        TokenSource source = new TokenSource() {
            @Override
            public String get() {
                return token + "\r\n";
            }

            @Override
            public void refused(String value, GitLabCall request) {
                refused.add(value);
            }
        };
        try (GitLabClient client = builder().tokenSupplier(source).build()) {
            assertThatThrownBy(() -> client.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                    e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
        }
        assertThat(refused).containsExactly(token);
    }

    @Test
    void storedTokensAreCleanedAndRefusedAlike() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        StoredToken t = StoredToken.personal("admin", 1, "glpat-abcdefgh\r\n", LocalDate.of(2027, 1, 1), now);
        assertThat(t.secret()).isEqualTo("glpat-abcdefgh");
        assertThatThrownBy(() -> StoredToken.personal("admin", 1, "glpat-abcdef\rghijkl", LocalDate.of(2027, 1, 1),
                now)).isInstanceOfSatisfying(IllegalArgumentException.class,
                        e -> assertThat(e.getMessage()).doesNotContain("abcdef").doesNotContain("ghijkl"));
    }
}
