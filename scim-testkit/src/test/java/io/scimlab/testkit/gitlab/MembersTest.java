package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Group members: the last-owner rule, adding several users, validation shapes, removal and its cascade. */
class MembersTest {
    private FakeGitLab fake;
    private Wire wire;
    private long top;
    private long sub;
    private long ann;
    private long bob;

    @BeforeEach
    void start() {
        fake = FakeGitLab.selfManaged();
        wire = new Wire(fake);
        top = fake.seedGroup("acme");
        sub = fake.seedSubgroup(top, "eng");
        ann = fake.seedUser("ann", "ann@corp.test");
        bob = fake.seedUser("bob", "bob@corp.test");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    @DisplayName("app/policies/group_member_policy.rb: the last owner can be neither changed nor removed (403)")
    void lastOwnerIsProtected() {
        fake.seedMember(top, ann, 50);

        Answer demote = wire.put("/api/v4/groups/" + top + "/members/" + ann, "{\"access_level\":40}");
        Answer remove = wire.delete("/api/v4/groups/" + top + "/members/" + ann);

        assertThat(demote.status()).isEqualTo(403);
        assertThat(demote.text()).isEqualTo("{\"message\":\"403 Forbidden\"}");
        assertThat(remove.status()).isEqualTo(403);
        assertThat(fake.memberLevel(top, ann)).contains(50);

        // An owner inherited from the parent counts: a subgroup's only direct owner is not its last owner.
        fake.seedMember(sub, bob, 50);
        assertThat(wire.delete("/api/v4/groups/" + sub + "/members/" + bob).status()).isEqualTo(204);
        // A second owner lifts the rule.
        fake.seedMember(top, bob, 50);
        assertThat(wire.put("/api/v4/groups/" + top + "/members/" + ann, "{\"access_level\":40}").status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("app/services/members/creator_service.rb: user_id=a,b re-assigns existing members' level and "
            + "expiry; unknown ids are dropped")
    void severalUsersReassignExistingMembers() {
        fake.seedMember(sub, ann, 40);
        assertThat(wire.put("/api/v4/groups/" + sub + "/members/" + ann,
                "{\"access_level\":40,\"expires_at\":\"2030-01-01\"}").json().path("expires_at").asText())
                .isEqualTo("2030-01-01");

        Answer r = wire.post("/api/v4/groups/" + sub + "/members",
                "{\"user_id\":\"" + ann + "," + bob + ",999\",\"access_level\":20}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text()).isEqualTo("{\"status\":\"success\"}");
        assertThat(fake.memberLevel(sub, ann)).contains(20);
        assertThat(fake.memberLevel(sub, bob)).contains(20);
        assertThat(wire.get("/api/v4/groups/" + sub + "/members/" + ann).json().path("expires_at").isNull()).isTrue();
    }

    @Test
    @DisplayName("app/services/members/create_service.rb: per-user failures come back inside a 201")
    void severalUsersReportFailuresInA201() {
        fake.seedMember(top, ann, 30);
        fake.seedMember(sub, bob, 50);
        fake.seedMember(top, fake.adminUserId(), 50);

        Answer r = wire.post("/api/v4/groups/" + sub + "/members",
                "{\"user_id\":\"" + ann + "," + bob + "\",\"access_level\":20}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.json().path("message").asText()).isEqualTo("ann: Access level should be greater than or "
                + "equal to Developer inherited membership from group acme");
        assertThat(fake.memberLevel(sub, ann)).isEmpty();
        assertThat(fake.memberLevel(sub, bob)).contains(20);
    }

    @Test
    @DisplayName("lib/api/helpers/members_helpers.rb: query searches the direct members by User.search, without the "
            + "minimum length, exact matches first; user_ids keeps those users")
    void querySearchesMembers() {
        long anna = fake.seedUser("anna", "anna@corp.test");
        long annika = fake.seedUser("annika", "x@corp.test");
        for (long u : new long[] {ann, bob, anna, annika}) {
            fake.seedMember(top, u, 30);
        }
        long carl = fake.seedUser("carl.ann", "carl@corp.test"); // not a member
        String members = "/api/v4/groups/" + top + "/members";
        Answer found = wire.get(members + "?query=anna");
        assertThat(found.json().findValuesAsText("username")).containsExactly("anna");
        Answer partial = wire.get(members + "?query=ann");
        assertThat(partial.json().findValuesAsText("username")).containsExactly("ann", "anna", "annika");
        assertThat(partial.json().findValuesAsText("username")).doesNotContain("carl.ann");
        assertThat(wire.get(members + "?query=%40bob").json().findValuesAsText("username")).containsExactly("bob");
        // Short terms are partial too, and private emails are not searched.
        assertThat(wire.get(members + "?query=nn").json().size()).isEqualTo(3);
        assertThat(wire.get(members + "?query=bob%40corp.test").json().size()).isZero();
        assertThat(wire.get(members).json().size()).isEqualTo(4);
        // user_ids: only those users, comma-separated; with query both apply.
        assertThat(wire.get(members + "?user_ids=" + ann + "," + annika + "," + carl).json()
                .findValuesAsText("username")).containsExactlyInAnyOrder("ann", "annika");
        assertThat(wire.get(members + "?query=ann&user_ids=" + anna).json().findValuesAsText("username"))
                .containsExactly("anna");
        assertThat(wire.get(members + "?user_ids=x").text()).isEqualTo("{\"error\":\"user_ids is invalid\"}");
    }

    @Test
    @DisplayName("lib/api/members.rb + app/models/member.rb: GitLab's error shapes for member writes")
    void errorShapes() {
        String members = "/api/v4/groups/" + top + "/members";
        assertThat(wire.post(members, "{}").text())
                .isEqualTo("{\"error\":\"access_level is missing, user_id is missing\"}");
        assertThat(wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":\"x\"}").text())
                .isEqualTo("{\"error\":\"access_level is invalid\"}");
        Answer outside = wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":35}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.text()).isEqualTo("{\"message\":{\"access_level\":[\"is not included in the list\"]}}");
        assertThat(wire.post(members, "{\"user_id\":999,\"access_level\":30}").text())
                .isEqualTo("{\"message\":\"404 User Not Found\"}");
        wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":30}");
        assertThat(wire.post(members, "{\"user_id\":" + ann + ",\"access_level\":30}").text())
                .isEqualTo("{\"message\":\"Member already exists\"}");
        assertThat(wire.put(members + "/" + ann, "{}").text()).isEqualTo("{\"error\":\"access_level is missing\"}");
        assertThat(wire.get(members + "/abc").text()).isEqualTo("{\"error\":\"user_id is invalid\"}");
        assertThat(wire.get(members + "/" + bob).text()).isEqualTo("{\"message\":\"404 Not found\"}");
        Answer lower = wire.post("/api/v4/groups/" + sub + "/members", "{\"user_id\":" + ann + ",\"access_level\":10}");
        assertThat(lower.text()).isEqualTo("{\"message\":{\"access_level\":[\"should be greater than or equal to "
                + "Developer inherited membership from group acme\"]}}");
    }

    @Test
    @DisplayName("app/services/members/destroy_service.rb + ee/app/services/ee/members/destroy_service.rb: removal "
            + "cascades to subgroups and projects unless skip_subresources, and drops the group SAML identity")
    void removalCascades() {
        long project = fake.seedProject(sub, "api");
        for (long u : new long[] {ann, bob}) {
            fake.seedMember(top, u, 30);
            fake.seedMember(sub, u, 30);
            fake.seedProjectMember(project, u, 30);
        }
        assertThat(wire.delete("/api/v4/groups/" + top + "/members/" + ann).status()).isEqualTo(204);
        assertThat(wire.delete("/api/v4/groups/" + top + "/members/" + bob + "?skip_subresources=true").status())
                .isEqualTo(204);

        assertThat(fake.memberLevel(sub, ann)).isEmpty();
        assertThat(fake.projectMemberLevel(project, ann)).isEmpty();
        assertThat(fake.memberLevel(sub, bob)).contains(30);
        assertThat(fake.projectMemberLevel(project, bob)).contains(30);
    }

    @Test
    @DisplayName("ee/app/services/ee/members/destroy_service.rb: a REST removal deletes the user's SAML identity of "
            + "the group's provider")
    void restRemovalDeletesTheGroupSamlIdentity() {
        try (FakeGitLab com = FakeGitLab.gitlabCom()) {
            Wire w = new Wire(com);
            long acme = com.seedGroup("acme");
            String scim = com.seedGroupScimToken(acme);
            com.seedMember(acme, com.adminUserId(), 50);
            w.scim("POST", "/api/scim/v2/groups/acme/Users", scim, """
                    {"externalId":"idp-pat","userName":"pat","emails":[{"type":"work","value":"pat@corp.test"}]}""");
            long pat = w.get("/api/v4/users?username=pat").json().get(0).path("id").asLong();
            Answer member = w.get("/api/v4/groups/" + acme + "/members/" + pat);
            assertThat(member.json().path("group_saml_identity").path("extern_uid").asText()).isEqualTo("idp-pat");
            assertThat(member.json().path("group_saml_identity").path("saml_provider_id").asLong()).isNotEqualTo(acme);

            assertThat(w.delete("/api/v4/groups/" + acme + "/members/" + pat).status()).isEqualTo(204);

            assertThat(com.externUid(pat, "group_saml")).isEmpty();
        }
    }

    @Test
    @DisplayName("ee/lib/ee/api/members.rb + ee/app/services/billable_members/destroy_service.rb: a billable member "
            + "loses every membership in the hierarchy")
    void billableMemberRemoval() {
        long project = fake.seedProject(sub, "api");
        fake.seedMember(sub, ann, 30);
        fake.seedProjectMember(project, ann, 20);

        assertThat(wire.delete("/api/v4/groups/" + sub + "/billable_members/" + ann).message())
                .isEqualTo("400 Bad request - Invalid group provided, must be top-level");
        assertThat(wire.rest("DELETE", "/api/v4/groups/" + top + "/billable_members/" + ann, fake.seedToken(bob), "")
                .message()).isEqualTo("400 Bad request - User unauthorized to remove member");
        assertThat(wire.delete("/api/v4/groups/" + top + "/billable_members/" + bob).message())
                .isEqualTo("400 Bad request - No member found for the given user_id");
        assertThat(wire.delete("/api/v4/groups/" + top + "/billable_members/" + ann).status()).isEqualTo(204);

        assertThat(fake.memberLevel(sub, ann)).isEmpty();
        assertThat(fake.projectMemberLevel(project, ann)).isEmpty();
    }

    @Test
    @DisplayName("lib/api/members.rb /members/all: inherited members with the highest level")
    void allMembersIncludeInheritedOnes() {
        fake.seedMember(top, ann, 40);
        fake.seedMember(sub, bob, 20);
        Answer all = wire.get("/api/v4/groups/" + sub + "/members/all");
        assertThat(all.json().findValuesAsText("username")).containsExactlyInAnyOrder("ann", "bob");
        assertThat(wire.get("/api/v4/groups/" + sub + "/members/all/" + ann).json().path("access_level").asInt())
                .isEqualTo(40);
        assertThat(wire.get("/api/v4/groups/" + sub + "/members/" + ann).status()).isEqualTo(404);
    }
}
