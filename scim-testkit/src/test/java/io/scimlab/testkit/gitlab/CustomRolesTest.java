package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Custom roles on memberships: validated with the licence, dropped silently without. */
class CustomRolesTest {
    @Test
    @DisplayName("ee/app/models/concerns/member_roles/member_role_relation.rb: access_level must equal the role's "
            + "base level; the level cannot change while the role stays; the role must be of the hierarchy")
    void validatedWithTheLicence() {
        try (FakeGitLab fake = FakeGitLab.builder().customRoles(true).start()) {
            Wire wire = new Wire(fake);
            long top = fake.seedGroup("acme");
            long other = fake.seedGroup("other");
            long ann = fake.seedUser("ann", "ann@corp.test");
            long bob = fake.seedUser("bob", "bob@corp.test");
            long auditor = fake.seedMemberRole(top, "Auditor", 20);
            long foreign = fake.seedMemberRole(other, "Foreign", 20);
            String members = "/api/v4/groups/" + top + "/members";

            Answer mismatch = wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":30,\"member_role_id\":"
                    + auditor + "}");
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.text()).isEqualTo("{\"message\":{\"member_role_id\":[\"the custom role's base access "
                    + "level does not match the current access level\"]}}");

            Answer ok = wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":20,\"member_role_id\":" + auditor
                    + "}");
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.json().path("member_role").path("id").asLong()).isEqualTo(auditor);
            assertThat(ok.json().path("member_role").path("base_access_level").asInt()).isEqualTo(20);

            // Both validations run: the level no longer matches the role, and it may not change while the role stays.
            Answer locked = wire.put(members + "/" + ann, "{\"access_level\":30}");
            assertThat(locked.text()).isEqualTo("{\"message\":{\"member_role_id\":[\"the custom role's base access "
                    + "level does not match the current access level\"],\"access_level\":[\"cannot be changed because "
                    + "of an existing association with a custom role\"]}}");

            Answer hierarchy = wire.post(members, "{\"user_id\":" + bob + ",\"access_level\":20,\"member_role_id\":"
                    + foreign + "}");
            assertThat(hierarchy.text()).isEqualTo("{\"message\":{\"group\":[\"must be in same hierarchy as custom "
                    + "role's namespace\"]}}");
        }
    }

    @Test
    @DisplayName("ee/app/services/ee/members/creator_service.rb + member_role_relation.rb: without custom roles "
            + "member_role_id is dropped silently")
    void droppedWithoutTheLicence() {
        try (FakeGitLab fake = FakeGitLab.selfManaged()) {
            Wire wire = new Wire(fake);
            long top = fake.seedGroup("acme");
            long ann = fake.seedUser("ann", "ann@corp.test");
            Answer r = wire.post("/api/v4/groups/" + top + "/members", "{\"user_id\":" + ann
                    + ",\"access_level\":30,\"member_role_id\":7}");
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.json().path("member_role").isNull()).isTrue();
        }
    }

    @Test
    @DisplayName("ee/lib/api/member_roles.rb: GitLab.com lists a group's roles, self-managed the instance's; each is "
            + "a 400 on the other; admin_member_role and the licence, else 403")
    void listedWhereTheyLive() {
        try (FakeGitLab com = FakeGitLab.builder().mode(FakeGitLab.Mode.GITLAB_COM).customRoles(true).start();
                FakeGitLab self = FakeGitLab.builder().customRoles(true).start();
                FakeGitLab unlicensed = FakeGitLab.selfManaged()) {
            Wire wire = new Wire(com);
            long top = com.seedGroup("acme");
            long sub = com.seedSubgroup(top, "dev");
            long owner = com.seedUser("owner", "owner@corp.test");
            com.seedMember(top, owner, 50);
            String ownerToken = com.seedToken(owner);
            long role = com.seedMemberRole(top, "Auditor", 20);
            com.seedMemberRole(com.seedGroup("other"), "Foreign", 30);
            Answer listed = wire.get("/api/v4/groups/" + sub + "/member_roles", ownerToken);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json()).hasSize(1);
            assertThat(listed.json().get(0).path("id").asLong()).isEqualTo(role);
            assertThat(listed.json().get(0).path("base_access_level").asInt()).isEqualTo(20);
            assertThat(listed.json().get(0).path("group_id").asLong()).isEqualTo(top);
            long dev = com.seedUser("dev", "dev@corp.test");
            com.seedMember(top, dev, 30);
            assertThat(wire.get("/api/v4/groups/" + top + "/member_roles", com.seedToken(dev)).text())
                    .isEqualTo("{\"message\":\"403 Forbidden\"}");
            assertThat(wire.get("/api/v4/member_roles", ownerToken).text())
                    .isEqualTo("{\"message\":\"400 Bad request\"}");

            long instanceRole = self.seedInstanceMemberRole("Reviewer", 30);
            Wire selfWire = new Wire(self);
            Answer instance = selfWire.get("/api/v4/member_roles");
            assertThat(instance.json()).hasSize(1);
            assertThat(instance.json().get(0).path("id").asLong()).isEqualTo(instanceRole);
            assertThat(instance.json().get(0).path("group_id").isNull()).isTrue();
            long group = self.seedGroup("g");
            assertThat(selfWire.get("/api/v4/groups/" + group + "/member_roles").message())
                    .startsWith("400 Bad request - Group-level custom roles are deprecated on self-managed instances.");
            assertThat(new Wire(unlicensed).get("/api/v4/member_roles").status()).isEqualTo(403);
        }
    }
}
