package io.scimlab.gitlab.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessLevel;
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
}
