package io.scimlab.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.conformance.ScimConformanceTests;
import io.scimlab.testkit.conformance.ScimTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance kit against the GitLab bridge with the fake GitLab, in both modes, through the sandbox (the
 * same wiring a user starts with {@code java -jar scim-sandbox.jar}).
 */
class SandboxConformanceTest {

    abstract static class Mode extends ScimConformanceTests {
        final ByteArrayOutputStream audit = new ByteArrayOutputStream();
        Sandbox sandbox;

        abstract String[] args();

        @BeforeAll
        void start() {
            SandboxOptions options = SandboxOptions.parse(args(), Map.of("SCIMLAB_TOKEN", "sandbox-test-token"),
                    () -> "unused");
            sandbox = Sandbox.start(options, new PrintStream(audit, true, StandardCharsets.UTF_8));
        }

        @AfterAll
        void stop() {
            sandbox.close();
        }

        @Override
        protected ScimTarget target() {
            return ScimTarget.of(sandbox.scimBaseUrl(), "sandbox-test-token");
        }

        @Test
        void bannerShowsWhereToGoAndAuditEventsPrint() {
            assertThat(sandbox.banner()).contains(sandbox.scimBaseUrl()).contains("sandbox-test-token")
                    .contains(sandbox.gitlabUrl()).contains("curl");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class SelfManaged extends Mode {
        @Override
        String[] args() {
            return new String[] {"--port", "0"};
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class GitLabCom extends Mode {
        @Override
        String[] args() {
            return new String[] {"--port", "0", "--mode", "gitlabCom"};
        }
    }
}
