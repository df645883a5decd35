package io.scimlab.gitlab.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleMappingTest {
    static final String JSON = """
            {
              "unmapped": "reject",
              "groups": [
                {"displayName": "Engineering", "gitlabGroup": "acme/engineering", "accessLevel": "developer"},
                {"externalId": "5f1c", "gitlabGroup": "/acme/ops/", "accessLevel": 40,
                 "memberRoleId": 7, "expiresAt": "2027-12-31"}
              ],
              "rules": [
                {"pattern": "gitlab-(?<path>.+)-(?<role>developer|maintainer)", "pathPrefix": "acme/"},
                {"pattern": "readers-(?<path>.+)", "pathPrefix": "acme/", "accessLevel": "Reporter"}
              ]
            }
            """;

    @Test
    void explainNamesTheEntryOrRuleOfEachGrant() {
        RoleMapping m = RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"Other\",\"gitlabGroup\":\"acme/x\","
                + "\"accessLevel\":\"guest\"},{\"externalId\":\"ext-9\",\"gitlabGroup\":\"acme/eng\",\"accessLevel\":"
                + "\"developer\"}],\"rules\":[{\"pattern\":\"gitlab-(?<path>.+)-(?<role>developer|maintainer)\","
                + "\"pathPrefix\":\"acme/\"}]}");
        assertThat(m.explain("gitlab-eng-maintainer", "ext-9")).extracting(RoleMapping.Origin::by)
                .containsExactly("entry 2 (externalId ext-9)", "rule 1 (gitlab-(?<path>.+)-(?<role>developer|maintainer))");
        assertThat(m.explain("gitlab-eng-maintainer", "ext-9")).extracting(RoleMapping.Origin::grant)
                .isEqualTo(m.grantsFor("gitlab-eng-maintainer", "ext-9"));
        assertThat(m.explain("nobody", null)).isEmpty();
    }

    @Test
    void jsonFileReadsEntriesAndRules() {
        RoleMapping m = RoleMapping.fromJson(JSON);
        assertThat(m.unmapped()).isEqualTo(RoleMapping.Unmapped.REJECT);
        assertThat(m.grantsFor("engineering", null)).containsExactly(Grant.of("acme/engineering",
                AccessLevel.DEVELOPER));
        assertThat(m.grantsFor("Ops", "5f1c")).containsExactly(new Grant("acme/ops", AccessLevel.MAINTAINER,
                Optional.of(7L), Optional.of(LocalDate.parse("2027-12-31"))));
        assertThat(m.grantsFor("gitlab-platform/api-maintainer", null)).containsExactly(Grant.of(
                "acme/platform/api", AccessLevel.MAINTAINER));
        assertThat(m.grantsFor("readers-docs", null)).containsExactly(Grant.of("acme/docs", AccessLevel.REPORTER));
        assertThat(m.grantsFor("Marketing", null)).isEmpty();
    }

    @Test
    void badFilesSayWhere() {
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"x\",\"gitlabGroup\":\"a\","
                + "\"accessLevel\":\"boss\"}]}")).hasMessageContaining("groups[0].accessLevel");
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"rules\":[{\"pattern\":\"x-(?<path>.+)\"}]}"))
                .hasMessageContaining("role");
        assertThatThrownBy(() -> RoleMapping.fromJson("[")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownRoleFromTheDisplayNameIsNoGrant() {
        RoleMapping m = RoleMapping.builder().group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
                .rule("gl-(?<path>[a-z]+)-(?<role>\\w+)", "acme/").build();
        assertThat(m.grantsFor("gl-eng-maintainer", null)).containsExactly(Grant.of("acme/eng",
                AccessLevel.MAINTAINER));
        assertThat(m.grantsFor("gl-eng-superuser", null)).isEmpty();
        assertThat(m.grantsFor("gl-eng-99", null)).isEmpty();
        assertThat(m.grantsFor("gl-eng-99999999999999", null)).isEmpty();
    }

    @Test
    void roleNames() {
        assertThat(RoleMapping.parseLevel("minimal_access")).isEqualTo(AccessLevel.MINIMAL_ACCESS);
        assertThat(RoleMapping.parseLevel("30")).isEqualTo(AccessLevel.DEVELOPER);
        assertThat(RoleMapping.parseLevel("Owner")).isEqualTo(AccessLevel.OWNER);
    }

    @Test
    void entriesAndRulesMayNameProjects() {
        RoleMapping m = RoleMapping.fromJson("""
                {
                  "groups": [
                    {"displayName": "API Team", "gitlabProject": "acme/eng/api", "accessLevel": "maintainer",
                     "memberRoleId": 3, "expiresAt": "2028-01-31"},
                    {"displayName": "API Team", "gitlabGroup": "acme/eng", "accessLevel": "guest"}
                  ],
                  "rules": [
                    {"pattern": "proj-(?<project>.+)-(?<role>developer|maintainer)", "pathPrefix": "acme/"}
                  ]
                }
                """);
        assertThat(m.grantsFor("api team", null)).containsExactly(
                new Grant(MemberSource.project("acme/eng/api"), AccessLevel.MAINTAINER, Optional.of(3L),
                        Optional.of(LocalDate.parse("2028-01-31"))),
                Grant.of("acme/eng", AccessLevel.GUEST));
        assertThat(m.grantsFor("proj-eng/web-developer", null)).containsExactly(Grant.of(MemberSource.project(
                "acme/eng/web"), AccessLevel.DEVELOPER));
        assertThat(m.rules().get(0).kind()).isEqualTo(MemberSource.Kind.PROJECT);
        assertThat(RoleMapping.builder().project("Docs", "acme/docs-site", AccessLevel.REPORTER).build()
                .grantsFor("docs", null)).extracting(Grant::source).containsExactly(MemberSource.project(
                        "acme/docs-site"));
    }

    @Test
    void aProjectEntryOrRuleIsRefusedWhereGitLabWouldRefuseIt() {
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"x\",\"gitlabGroup\":\"a\","
                + "\"gitlabProject\":\"a/p\",\"accessLevel\":30}]}")).hasMessageContaining("groups[0]")
                .hasMessageContaining("both gitlabGroup and gitlabProject");
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"x\",\"accessLevel\":30}]}"))
                .hasMessageContaining("groups[0].gitlabGroup is required (or gitlabProject");
        // Minimal Access is a group role: GitLab refuses it on a project.
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"x\",\"gitlabProject\":"
                + "\"a/p\",\"accessLevel\":\"minimal_access\"}]}")).hasMessageContaining("groups[0]")
                .hasMessageContaining("Minimal Access");
        assertThatThrownBy(() -> RoleMapping.fromJson("{\"rules\":[{\"pattern\":\"(?<path>.+)-(?<project>.+)\","
                + "\"accessLevel\":30}]}")).hasMessageContaining("rules[0]").hasMessageContaining("'project'");
        // From a displayName: no grant, as for an unknown role.
        RoleMapping m = RoleMapping.builder().rule("p-(?<project>[a-z/]+)-(?<role>\\w+)", "acme/").build();
        assertThat(m.grantsFor("p-x-minimal_access", null)).isEmpty();
        assertThat(m.grantsFor("p-x-reporter", null)).containsExactly(Grant.of(MemberSource.project("acme/x"),
                AccessLevel.REPORTER));
    }

    @Test
    void aRuleThatCapturesNothingGrantsNothing() {
        RoleMapping m = RoleMapping.builder().rule(new RoleMapping.Rule(java.util.regex.Pattern.compile(
                "team(?<path>-[a-z]+)?"), "", Optional.of(AccessLevel.GUEST), Optional.empty())).build();
        assertThat(m.grantsFor("team", null)).isEmpty();
        assertThat(m.grantsFor("team-a", null)).containsExactly(Grant.of("-a", AccessLevel.GUEST));
        // Text that makes no GitLab path: no grant (as a URL, ".." would address another resource).
        RoleMapping any = RoleMapping.builder().rule("p-(?<project>.+)-(?<role>\\w+)", "").build();
        assertThat(any.grantsFor("p-..-developer", null)).isEmpty();
        assertThat(any.grantsFor("p-acme//x-developer", null)).isEmpty();
        assertThat(any.grantsFor("p-acme/../x-developer", null)).isEmpty();
        assertThat(any.grantsFor("p-acme/x-developer", null)).containsExactly(Grant.of(MemberSource.project(
                "acme/x"), AccessLevel.DEVELOPER));
    }
}
