package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Projects as membership targets: they belong to a group and inherit its hierarchy's members. */
class ProjectsTest {
    private static FakeGitLab fake;
    private static Wire wire;
    private static long top;
    private static long sub;
    private static long project;
    private static long ann;
    private static long bob;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.selfManaged();
        wire = new Wire(fake);
        top = fake.seedGroup("acme");
        sub = fake.seedSubgroup(top, "eng");
        project = fake.seedProject(sub, "api");
        ann = fake.seedUser("ann", "ann@corp.test");
        bob = fake.seedUser("bob", "bob@corp.test");
        fake.seedMember(top, ann, 30);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    @DisplayName("lib/api/projects.rb: a project by id or full path, with its namespace")
    void projectByIdOrPath() {
        Answer byPath = wire.get("/api/v4/projects/acme%2Feng%2Fapi");
        assertThat(byPath.json().path("id").asLong()).isEqualTo(project);
        assertThat(byPath.json().path("path_with_namespace").asText()).isEqualTo("acme/eng/api");
        assertThat(byPath.json().path("namespace").path("id").asLong()).isEqualTo(sub);
        assertThat(wire.get("/api/v4/projects/999").text()).isEqualTo("{\"message\":\"404 Project Not Found\"}");
        Answer listed = wire.get("/api/v4/groups/" + top + "/projects?include_subgroups=true");
        assertThat(listed.json().size()).isEqualTo(1);
        assertThat(listed.json().get(0).path("id").asLong()).isEqualTo(project);
        assertThat(wire.get("/api/v4/groups/" + top + "/projects").json().size()).isZero();
    }

    @Test
    @DisplayName("app/models/member.rb higher_access_level_than_group: a project membership below an inherited one "
            + "is refused, naming the group")
    void directBelowInheritedIsRefused() {
        Answer r = wire.post("/api/v4/projects/" + project + "/members", "{\"user_id\":" + ann
                + ",\"access_level\":20}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"message\":{\"access_level\":[\"should be greater than or equal to "
                + "Developer inherited membership from group acme\"]}}");
        long cyd = fake.seedUser("cyd", "cyd@corp.test");
        assertThat(wire.post("/api/v4/projects/" + project + "/members", "{\"user_id\":" + cyd
                + ",\"access_level\":20}").status()).isEqualTo(201);
    }

    @Test
    @DisplayName("lib/api/members.rb /projects/:id/members/all: the project's members and its groups'")
    void allMembersIncludeTheGroupHierarchy() {
        fake.seedProjectMember(project, bob, 20);
        Answer all = wire.get("/api/v4/projects/" + project + "/members/all");
        assertThat(all.json().findValuesAsText("username")).contains("ann", "bob");
        assertThat(wire.get("/api/v4/projects/" + project + "/members/all/" + ann).json().path("access_level").asInt())
                .isEqualTo(30);
        assertThat(wire.get("/api/v4/projects/" + project + "/members").json().findValuesAsText("username"))
                .contains("bob").doesNotContain("ann");
    }
}
