package io.scimlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.FakeGitLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-gitlab} against the fake GitLab in both modes: the table, and the exit status. */
class CheckGitLabTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckGitLab.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void selfManaged(@TempDir Path dir) throws Exception {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            fake.seedSubgroup(fake.seedGroup("acme"), "dev");
            Path mapping = Files.writeString(dir.resolve("roles.json"), "{\"groups\":[{\"displayName\":\"Dev\","
                    + "\"gitlabGroup\":\"acme/dev\",\"accessLevel\":\"developer\"}]}");
            Run ok = run(Map.of("GITLAB_TOKEN", fake.adminToken()), "--check-gitlab", fake.baseUrl(), "--mapping",
                    mapping.toString());
            assertThat(ok.status()).as(ok.out()).isZero();
            assertThat(ok.out()).contains("CHECK", "STATUS", "DETAIL", "GitLab", "18.6.0-ee", "Group acme/dev",
                    "Nothing blocks provisioning.").doesNotContain(fake.adminToken());

            Path missing = Files.writeString(dir.resolve("missing.json"), "{\"groups\":[{\"displayName\":\"X\","
                    + "\"gitlabGroup\":\"acme/none\",\"accessLevel\":\"developer\"}]}");
            Run blocked = run(Map.of("GITLAB_TOKEN", fake.adminToken()), "--check-gitlab", fake.baseUrl(),
                    "--mapping", missing.toString());
            assertThat(blocked.status()).isEqualTo(1);
            assertThat(blocked.out()).contains("Group acme/none", "FAIL", "block provisioning");
        }
    }

    @Test
    void gitlabCom() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
            long top = fake.seedGroup("corp");
            long owner = fake.seedUser("owner", "owner@corp.example");
            fake.seedMember(top, owner, 50);
            String scim = fake.seedGroupScimToken(top);
            String token = fake.seedToken(owner);
            Run ok = run(Map.of("GITLAB_TOKEN", token, "GITLAB_SCIM_TOKEN", scim), "--check-gitlab", fake.baseUrl(),
                    "--gitlab-group", "corp");
            assertThat(ok.status()).as(ok.out()).isZero();
            assertThat(ok.out()).contains("SCIM token", "Owner of corp", "Will not: block")
                    .doesNotContain(token).doesNotContain(scim);
            Run wrongScim = run(Map.of("GITLAB_TOKEN", token, "GITLAB_SCIM_TOKEN", "wrong"), "--check-gitlab",
                    fake.baseUrl(), "--gitlab-group", "corp");
            assertThat(wrongScim.status()).isEqualTo(1);
        }
    }

    @Test
    void usageErrors() {
        assertThat(run(Map.of(), "--check-gitlab", "https://gitlab.example.com").err()).contains("GITLAB_TOKEN");
        assertThat(run(Map.of("GITLAB_TOKEN", "t"), "--check-gitlab").status()).isEqualTo(2);
        assertThat(run(Map.of("GITLAB_TOKEN", "t"), "--check-gitlab", "ftp://x").status()).isEqualTo(2);
        Run noScim = run(Map.of("GITLAB_TOKEN", "t"), "--check-gitlab", "https://gitlab.com", "--gitlab-group", "g");
        assertThat(noScim.status()).isEqualTo(2);
        assertThat(noScim.err()).contains("GITLAB_SCIM_TOKEN").doesNotContain("t\n");
        assertThat(CheckGitLab.requested(new String[] {"--port", "1", "--check-gitlab", "u"})).isTrue();
        assertThat(CheckGitLab.requested(new String[] {"--port", "1"})).isFalse();
    }
}
