package io.scimlab.gitlab.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * GitLab's URLs are spelled in one package: the client's. Everything else (audit events included) takes the
 * paths from what the client reports, so an audit trail can never disagree with the request that was sent.
 */
class GitLabUrlsOnlyInApiTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path API = MAIN.resolve(Path.of("io", "scimlab", "gitlab", "api"));

    @Test
    void noGitLabApiPathOutsideTheClientPackage() throws IOException {
        assertThat(MAIN).as("run from the scim-gitlab module directory").isDirectory();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(API)) {
                    continue;
                }
                scanned++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("/api/v4") || lines.get(i).contains("/api/scim/")) {
                        offenders.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(scanned).as("files scanned").isGreaterThan(20);
        assertThat(offenders).isEmpty();
    }
}
