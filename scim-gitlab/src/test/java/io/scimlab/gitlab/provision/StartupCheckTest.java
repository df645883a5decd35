package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.PreflightReport;
import io.scimlab.gitlab.preflight.StartupCheckException;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #17, fail fast: building a bridge checks once that GitLab accepts the token and has every group and project
 * the mapping names, and reports all problems in one exception that names no secret; {@code startupCheck(false)}
 * builds without GitLab.
 */
class StartupCheckTest {
    private static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Eng", "acme/eng", AccessLevel.DEVELOPER)
            .group("Ops", "acme/ops", AccessLevel.DEVELOPER)
            .project("Api", "acme/eng/api", AccessLevel.DEVELOPER)
            .build();

    private FakeGitLab fake;
    private long acme;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private GitLabBridge.Builder builder(FakeGitLab.Mode mode) {
        fake = FakeGitLab.builder().mode(mode).start();
        GitLabClient rest = Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
        GitLabBridge.Builder b = GitLabBridge.builder().roleMapping(MAPPING);
        acme = fake.seedGroup("acme");
        if (mode == FakeGitLab.Mode.SELF_MANAGED) {
            return b.selfManaged(rest);
        }
        fake.seedMember(acme, fake.adminUserId(), 50);
        return b.gitlabCom(rest, Scim.client(fake, fake.seedGroupScimToken(acme), TokenHeader.BEARER,
                Scim.fastRetry()), "acme");
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void twoMissingTargetsAreReportedAtOnce(FakeGitLab.Mode mode) {
        GitLabBridge.Builder b = builder(mode);
        fake.seedSubgroup(acme, "eng"); // acme/ops and acme/eng/api are missing
        fake.clearJournal();
        assertThatThrownBy(b::build).isInstanceOfSatisfying(StartupCheckException.class, e -> {
            assertThat(e.getMessage()).startsWith("ScimLab's start-up check found 2 problems with GitLab")
                    .contains("\n  - Group acme/ops: acme/ops does not exist or the token cannot see it (mapped from "
                            + "SCIM group \"Ops\")", "\n  - Project acme/eng/api: acme/eng/api does not exist",
                            "startupCheck(false)")
                    .doesNotContain(fake.adminToken());
            assertThat(e.report().failures()).extracting(PreflightReport.Check::name)
                    .containsExactly("Group acme/ops", "Project acme/eng/api");
        });
        // Read-only.
        assertThat(fake.journal()).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aGitLabWithEveryTargetBuilds(FakeGitLab.Mode mode) {
        GitLabBridge.Builder b = builder(mode);
        fake.seedProject(fake.seedSubgroup(acme, "eng"), "api");
        fake.seedSubgroup(acme, "ops");
        assertThat(b.build().target()).isNotNull();
    }

    @Test
    void aRefusedTokenIsOneProblemAndNamesNoToken() {
        fake = FakeGitLab.builder().start();
        String wrong = "glpat-not-a-real-token-123456";
        GitLabClient rest = Scim.client(fake, wrong, TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
        assertThatThrownBy(() -> GitLabBridge.builder().selfManaged(rest).roleMapping(MAPPING).build())
                .isInstanceOf(StartupCheckException.class).hasMessageContaining("Token: refused")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void theOfflineSwitchBuildsWithoutGitLab() {
        // Nothing listens there: with the check off the bridge builds without a request.
        GitLabClient nowhere = GitLabClient.builder().baseUrl("http://127.0.0.1:9").token("t").requestsPerMinute(0)
                .callTimeout(Duration.ofSeconds(2)).build();
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(nowhere).roleMapping(MAPPING).startupCheck(false)
                .build();
        assertThat(bridge.target()).isEqualTo(Target.SELF_MANAGED);
        assertThatThrownBy(() -> GitLabBridge.builder().selfManaged(nowhere).roleMapping(MAPPING).build())
                .isInstanceOf(StartupCheckException.class).hasMessageContaining("127.0.0.1:9");
    }
}
