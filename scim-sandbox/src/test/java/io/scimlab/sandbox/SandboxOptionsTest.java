package io.scimlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxOptionsTest {
    private static SandboxOptions parse(Map<String, String> env, String... args) {
        return SandboxOptions.parse(args, env, () -> "random-token");
    }

    @Test
    void defaults() {
        SandboxOptions o = parse(Map.of());
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.token()).isEqualTo("random-token");
        assertThat(o.gitlabPort()).isZero();
        assertThat(o.gitlabCom()).isFalse();
        assertThat(o.mapping()).isEmpty();
        assertThat(o.strict()).isFalse();
        assertThat(o.gitlabUrl()).isEmpty();
        assertThat(o.adminPort()).isZero();
        assertThat(o.adminToken()).isEqualTo("admin-random-token").isNotEqualTo(o.token());
    }

    @Test
    void theAdminTokenIsItsOwnAndTokensLoseTheirLineEnds() {
        SandboxOptions o = parse(Map.of("SCIMLAB_TOKEN", "scim\r\n", "GITLAB_TOKEN", "gl\n",
                "SCIMLAB_ADMIN_TOKEN", "adm\r\n"), "--admin-port", "9092");
        assertThat(o.token()).isEqualTo("scim");
        assertThat(o.gitlabToken()).contains("gl");
        assertThat(o.adminToken()).isEqualTo("adm");
        assertThat(o.adminPort()).isEqualTo(9092);
        assertThat(parse(Map.of(), "--admin-token", "flag").adminToken()).isEqualTo("flag");
        assertThatThrownBy(() -> parse(Map.of("SCIMLAB_TOKEN", "same"), "--admin-token", "same"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> parse(Map.of("GITLAB_TOKEN", "same"), "--admin-token", "same"))
                .hasMessageContaining("must differ");
        assertThat(o.toString()).doesNotContain("adm\"").contains("adminPort=9092");
    }

    @Test
    void flagsAndEnvironment(@TempDir Path dir) throws Exception {
        Path mapping = Files.writeString(dir.resolve("m.json"), "{}");
        SandboxOptions o = parse(Map.of("SCIMLAB_TOKEN", "from-env", "GITLAB_TOKEN", "gl-env"), "--port", "9090",
                "--gitlab-port", "9091", "--mode", "gitlabCom", "--mapping", mapping.toString(), "--strict");
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.token()).isEqualTo("from-env");
        assertThat(o.gitlabToken()).contains("gl-env");
        assertThat(o.gitlabCom()).isTrue();
        assertThat(o.strict()).isTrue();
        assertThat(parse(Map.of("SCIMLAB_TOKEN", "from-env"), "--token", "from-flag").token()).isEqualTo("from-flag");
        assertThat(o.toString()).doesNotContain("from-env").doesNotContain("gl-env");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--port x                      | --port must be a port number from 0 to 65535, not x",
        "--port 70000                  | --port must be a port number",
        "--port                        | --port needs a value",
        "--mode cloud                  | --mode must be selfManaged or gitlabCom, not cloud",
        "--bogus                       | unknown option --bogus",
        "--mapping /no/such/file.json  | --mapping: cannot read the file /no/such/file.json",
        "--gitlab-url https://gitlab.example.com | --gitlab-url needs the GitLab token in GITLAB_TOKEN",
    })
    void badFlagsGiveOneLineErrors(String args, String message) {
        assertThatThrownBy(() -> parse(Map.of(), args.split(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void realGitLabNeedsItsTokens() {
        assertThatThrownBy(() -> parse(Map.of("GITLAB_TOKEN", "t"), "--gitlab-url", "ftp://x"))
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> parse(Map.of("GITLAB_TOKEN", "t"), "--gitlab-url", "https://x", "--mode",
                "gitlabCom")).hasMessageContaining("GITLAB_SCIM_TOKEN");
        assertThat(parse(Map.of("GITLAB_TOKEN", "t"), "--gitlab-url", "https://x").gitlabUrl()).contains("https://x");
    }

    @Test
    void anInvalidMappingFileIsAClearError(@TempDir Path dir) throws Exception {
        Path mapping = Files.writeString(dir.resolve("bad.json"), "{\"groups\":[{\"displayName\":\"x\"}]}");
        SandboxOptions o = parse(Map.of(), "--port", "0", "--mapping", mapping.toString());
        assertThatThrownBy(() -> Sandbox.start(o, System.out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gitlabGroup is required");
    }
}
