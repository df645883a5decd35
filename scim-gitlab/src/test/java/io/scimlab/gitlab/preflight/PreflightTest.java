package io.scimlab.gitlab.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.NewAccessToken;
import io.scimlab.gitlab.api.ScimScope;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.PreflightReport.Status;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The preflight against the fake GitLab in both modes: everything in order, then a failing case for every row
 * that can fail (the "Will" rows only report).
 */
class PreflightTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Status status(PreflightReport r, String row) {
        return r.check(row).orElseThrow(() -> new AssertionError("no row " + row + " in\n" + r.toTable())).status();
    }

    private static void assertRead(FakeGitLab fake) {
        // Read-only: nothing but GETs reached GitLab.
        assertThat(fake.journal()).extracting(JournalEntry::method).containsOnly("GET");
    }

    @Test
    void everyProjectTheMappingNamesExistsInsideTheTopLevelGroup() {
        RoleMapping mapping = RoleMapping.builder().project("Api", "acme/dev/api", AccessLevel.DEVELOPER)
                .project("Web", "acme/dev/web", AccessLevel.DEVELOPER)
                .project("Elsewhere", "other/app", AccessLevel.DEVELOPER).build();
        try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
            long acme = fake.seedGroup("acme");
            fake.seedMember(acme, fake.adminUserId(), 50);
            long api = fake.seedProject(fake.seedSubgroup(acme, "dev"), "api");
            fake.seedProject(fake.seedGroup("other"), "app");
            String scim = fake.seedGroupScimToken(acme);
            fake.clearJournal();
            PreflightReport r = Preflight.builder().gitlabCom(fake.baseUrl(), fake.adminToken(), scim, "acme")
                    .roleMapping(mapping).build().run();
            assertThat(status(r, "Project acme/dev/api")).isEqualTo(Status.OK);
            assertThat(r.check("Project acme/dev/api").orElseThrow().detail()).contains("project id " + api);
            assertThat(status(r, "Project acme/dev/web")).isEqualTo(Status.FAIL);
            assertThat(r.check("Project acme/dev/web").orElseThrow().detail()).contains("does not exist");
            assertThat(r.check("Project other/app").orElseThrow().detail()).contains("outside acme");
            assertThat(r.blocksProvisioning()).isTrue();
            assertRead(fake);
        }
    }

    @Nested
    class SelfManaged {
        private FakeGitLab started(String version, boolean customRoles) {
            return FakeGitLab.builder().version(version).customRoles(customRoles).start();
        }

        private RoleMapping mapping(long role) {
            return RoleMapping.builder()
                    .entry(new RoleMapping.Entry(Optional.of("Dev"), Optional.empty(),
                            new Grant("acme/dev", AccessLevel.DEVELOPER, Optional.of(role), Optional.empty())))
                    .rule(new RoleMapping.Rule(Pattern.compile("gitlab-(?<path>.+)-(?<role>developer|maintainer)"),
                            "acme/", Optional.empty(), Optional.empty()))
                    .build();
        }

        @Test
        void everythingInOrder() {
            try (FakeGitLab fake = started("18.6.0-ee", true)) {
                long dev = fake.seedSubgroup(fake.seedGroup("acme"), "dev");
                long role = fake.seedInstanceMemberRole("Engineer", 30);
                long linked = fake.seedUser("sam", "sam@example.com");
                fake.seedIdentity(linked, "saml", "sam@idp");
                fake.clearJournal();
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), fake.adminToken())
                        .roleMapping(mapping(role)).build().run();
                assertThat(r.blocksProvisioning()).as(r.toTable()).isFalse();
                assertThat(status(r, "GitLab")).isEqualTo(Status.OK);
                assertThat(r.check("GitLab").orElseThrow().detail()).contains("18.6.0-ee", "Enterprise");
                assertThat(status(r, "Token")).isEqualTo(Status.OK);
                assertThat(status(r, "Rights")).isEqualTo(Status.OK);
                assertThat(status(r, "Group acme/dev")).isEqualTo(Status.OK);
                assertThat(r.check("Group acme/dev").orElseThrow().detail()).contains("id " + dev);
                assertThat(status(r, "Rule gitlab-(?<path>.+)-(?<role>developer|maintainer)")).isEqualTo(Status.OK);
                assertThat(status(r, "Custom role " + role)).isEqualTo(Status.OK);
                assertThat(status(r, "SAML identities")).isEqualTo(Status.OK);
                assertThat(status(r, "Rate limits")).isEqualTo(Status.INFO);
                assertThat(status(r, "Will: Planner role")).isEqualTo(Status.INFO);
                assertThat(r.toTable()).contains("Nothing blocks provisioning.").doesNotContain(fake.adminToken());
                assertRead(fake);
            }
        }

        @Test
        void unreachableGitLabFailsAndStops() {
            PreflightReport r = Preflight.builder().selfManaged("http://127.0.0.1:1", "glpat-whatever").build().run();
            assertThat(status(r, "GitLab")).isEqualTo(Status.FAIL);
            assertThat(r.checks()).hasSize(2);
            assertThat(r.blocksProvisioning()).isTrue();
        }

        @Test
        void tokenRefusedLackingTheApiScopeOrExpiringSoon() {
            try (FakeGitLab fake = started("18.6.0-ee", false)) {
                String revoked = fake.seedToken(fake.adminUserId());
                fake.revokeToken(revoked);
                PreflightReport refused = Preflight.builder().selfManaged(fake.baseUrl(), revoked).build().run();
                assertThat(status(refused, "Token")).isEqualTo(Status.FAIL);
                assertThat(refused.check("Rights")).isEmpty();

                GitLabClient admin = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).build();
                String readOnly = admin.accessTokens().createPersonal(fake.adminUserId(), new NewAccessToken("ro",
                        List.of("read_api"), Optional.of(LocalDate.now().plusDays(90)))).token().orElseThrow();
                PreflightReport noApi = Preflight.builder().selfManaged(fake.baseUrl(), readOnly).build().run();
                assertThat(status(noApi, "Token")).isEqualTo(Status.FAIL);
                assertThat(noApi.check("Token").orElseThrow().detail()).contains("api scope");

                String soon = fake.seedToken(fake.adminUserId());
                fake.setTokenExpiry(soon, LocalDate.now().plusDays(5));
                PreflightReport expiring = Preflight.builder().selfManaged(fake.baseUrl(), soon).build().run();
                assertThat(status(expiring, "Token")).isEqualTo(Status.WARN);
                assertThat(expiring.blocksProvisioning()).isFalse();
            }
        }

        @Test
        void notAnAdministrator() {
            try (FakeGitLab fake = started("18.6.0-ee", false)) {
                String user = fake.seedToken(fake.seedUser("dev", "dev@example.com"));
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), user).build().run();
                assertThat(status(r, "Rights")).isEqualTo(Status.FAIL);
                assertThat(status(r, "SAML identities")).isEqualTo(Status.INFO);
            }
        }

        @Test
        void mappedGroupsAndRolesThatDoNotExistOrFit() {
            try (FakeGitLab fake = started("17.6.0-ee", true)) {
                fake.seedSubgroup(fake.seedGroup("acme"), "dev");
                long reviewer = fake.seedInstanceMemberRole("Reviewer", 20);
                RoleMapping mapping = RoleMapping.builder()
                        .group("Ghosts", "acme/ghosts", AccessLevel.DEVELOPER)
                        .group("Planners", "acme/dev", AccessLevel.PLANNER)
                        .entry(new RoleMapping.Entry(Optional.of("Reviewers"), Optional.empty(),
                                new Grant("acme/dev", AccessLevel.DEVELOPER, Optional.of(reviewer), Optional.empty())))
                        .entry(new RoleMapping.Entry(Optional.of("Nobody"), Optional.empty(),
                                new Grant("acme/dev", AccessLevel.DEVELOPER, Optional.of(999L), Optional.empty())))
                        .rule(new RoleMapping.Rule(Pattern.compile("team-(?<path>.+)"), "nowhere/team-",
                                Optional.of(AccessLevel.REPORTER), Optional.empty()))
                        .build();
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), fake.adminToken())
                        .roleMapping(mapping).build().run();
                assertThat(status(r, "Group acme/ghosts")).isEqualTo(Status.FAIL);
                // Planner is 17.7 and later.
                assertThat(status(r, "Group acme/dev")).isEqualTo(Status.FAIL);
                assertThat(r.check("Group acme/dev").orElseThrow().detail()).contains("Planner", "17.6.0-ee");
                assertThat(status(r, "Rule team-(?<path>.+)")).isEqualTo(Status.FAIL);
                assertThat(r.check("Rule team-(?<path>.+)").orElseThrow().detail()).startsWith("nowhere does not");
                // The role's base level is Reporter, the mapping grants Developer with it.
                assertThat(status(r, "Custom role " + reviewer)).isEqualTo(Status.FAIL);
                assertThat(status(r, "Custom role 999")).isEqualTo(Status.FAIL);
                assertThat(status(r, "Will not: Planner role")).isEqualTo(Status.INFO);
                assertThat(r.toTable()).contains("block provisioning");
            }
        }

        @Test
        void customRolesWithoutTheLicence() {
            try (FakeGitLab fake = started("18.6.0-ee", false)) {
                fake.seedSubgroup(fake.seedGroup("acme"), "dev");
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), fake.adminToken())
                        .roleMapping(mapping(4)).build().run();
                assertThat(status(r, "Custom roles")).isEqualTo(Status.FAIL);
                assertThat(r.check("Custom roles").orElseThrow().detail()).contains("licence");
            }
        }

        @Test
        void noSamlIdentitiesAndA429AreWarnings() {
            try (FakeGitLab fake = started("18.6.0-ee", false)) {
                fake.seedUser("local", "local@example.com");
                fake.inject(Fault.rateLimited(0).on("GET", "/api/v4/user").times(1));
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), fake.adminToken())
                        .identityProvider("okta-saml").build().run();
                assertThat(status(r, "SAML identities")).isEqualTo(Status.WARN);
                assertThat(r.check("SAML identities").orElseThrow().detail()).contains("okta-saml");
                assertThat(status(r, "Rate limits")).isEqualTo(Status.WARN);
                assertThat(r.blocksProvisioning()).isFalse();
            }
        }

        @Test
        void communityEditionIsAWarning() {
            try (FakeGitLab fake = started("18.6.0", false)) {
                PreflightReport r = Preflight.builder().selfManaged(fake.baseUrl(), fake.adminToken()).build().run();
                assertThat(status(r, "GitLab")).isEqualTo(Status.WARN);
                assertThat(r.blocksProvisioning()).isFalse();
            }
        }
    }

    @Nested
    class GitLabCom {
        private record Corp(FakeGitLab fake, long top, String ownerToken, String scimToken) {
        }

        private Corp corp(String version) throws Exception {
            FakeGitLab fake = FakeGitLab.builder().mode(FakeGitLab.Mode.GITLAB_COM).version(version).customRoles(true)
                    .start();
            long top = fake.seedGroup("corp");
            fake.seedSubgroup(top, "dev");
            long owner = fake.seedUser("owner", "owner@corp.example");
            fake.seedMember(top, owner, 50);
            String scimToken = fake.seedGroupScimToken(top);
            GitLabClient scim = GitLabClient.builder().baseUrl(fake.baseUrl()).token(scimToken)
                    .tokenHeader(TokenHeader.BEARER).build();
            scim.scim(ScimScope.group("corp")).createUser((ObjectNode) JSON.readTree("{\"externalId\":\"e-1\","
                    + "\"userName\":\"sam\",\"emails\":[{\"type\":\"work\",\"value\":\"sam@corp.example\","
                    + "\"primary\":true}],\"name\":{\"givenName\":\"Sam\",\"familyName\":\"S\"},\"active\":true}"));
            return new Corp(fake, top, fake.seedToken(owner), scimToken);
        }

        @Test
        void everythingInOrder() throws Exception {
            Corp c = corp("18.6.0-ee");
            try (FakeGitLab fake = c.fake()) {
                long role = fake.seedMemberRole(c.top(), "Engineer", 30);
                RoleMapping mapping = RoleMapping.builder().entry(new RoleMapping.Entry(Optional.of("Dev"),
                        Optional.empty(), new Grant("corp/dev", AccessLevel.DEVELOPER, Optional.of(role),
                                Optional.empty()))).build();
                fake.clearJournal();
                PreflightReport r = Preflight.builder().gitlabCom(fake.baseUrl(), c.ownerToken(), c.scimToken(),
                        "corp").roleMapping(mapping).build().run();
                assertThat(r.blocksProvisioning()).as(r.toTable()).isFalse();
                assertThat(status(r, "Rights")).isEqualTo(Status.OK);
                assertThat(status(r, "SCIM token")).isEqualTo(Status.OK);
                assertThat(r.check("SCIM token").orElseThrow().detail()).contains("1 users");
                assertThat(status(r, "Group corp/dev")).isEqualTo(Status.OK);
                assertThat(status(r, "Custom role " + role)).isEqualTo(Status.OK);
                assertThat(status(r, "SAML identities")).isEqualTo(Status.OK);
                assertThat(status(r, "Will not: block")).isEqualTo(Status.INFO);
                assertThat(r.toTable()).doesNotContain(c.ownerToken()).doesNotContain(c.scimToken());
                assertRead(fake);
            }
        }

        @Test
        void notAnOwnerWrongScimTokenAndGroupsOutsideTheHierarchy() throws Exception {
            Corp c = corp("17.10.0-ee");
            try (FakeGitLab fake = c.fake()) {
                long dev = fake.seedUser("dev", "dev@corp.example");
                fake.seedMember(c.top(), dev, 30);
                fake.seedGroup("elsewhere");
                RoleMapping mapping = RoleMapping.builder().group("Other", "elsewhere", AccessLevel.DEVELOPER).build();
                PreflightReport r = Preflight.builder().gitlabCom(fake.baseUrl(), fake.seedToken(dev),
                        "not-the-scim-token", "corp").roleMapping(mapping).build().run();
                assertThat(status(r, "Rights")).isEqualTo(Status.FAIL);
                assertThat(status(r, "SCIM token")).isEqualTo(Status.FAIL);
                assertThat(status(r, "Group elsewhere")).isEqualTo(Status.FAIL);
                assertThat(r.check("Group elsewhere").orElseThrow().detail()).contains("outside corp");
                // Before 17.11 GitLab lists no service-account tokens: said, not failed.
                assertThat(r.check("Service-account tokens").orElseThrow().detail()).contains("17.11");

                PreflightReport sub = Preflight.builder().gitlabCom(fake.baseUrl(), c.ownerToken(), c.scimToken(),
                        "corp/dev").build().run();
                assertThat(status(sub, "Rights")).isEqualTo(Status.FAIL);
                assertThat(sub.check("Rights").orElseThrow().detail()).contains("subgroup");
            }
        }
    }
}
