package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GitLab.com group SCIM: deprovisioning, its cascade, and what a PATCH does to a deprovisioned identity. */
class ScimGroupDeprovisioningTest {
    private FakeGitLab fake;
    private Wire wire;
    private String scim;
    private long top;
    private long sub;
    private long project;

    @BeforeEach
    void start() {
        fake = FakeGitLab.gitlabCom();
        wire = new Wire(fake);
        top = fake.seedGroup("acme");
        sub = fake.seedSubgroup(top, "eng");
        project = fake.seedProject(sub, "api");
        scim = fake.seedGroupScimToken(top);
        fake.seedMember(top, fake.adminUserId(), 50);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private long provision(String externId, String userName) {
        Answer r = wire.scim("POST", "/api/scim/v2/groups/acme/Users", scim, """
                {"externalId":"%s","userName":"%s","active":true,
                 "emails":[{"type":"work","value":"%s@corp.test","primary":true}],
                 "name":{"formatted":"%s Example"}}""".formatted(externId, userName, userName, userName));
        assertThat(r.status()).isEqualTo(201);
        return wire.get("/api/v4/users?username=" + userName).json().get(0).path("id").asLong();
    }

    private Answer patch(String externId, String operations) {
        return wire.scim("PATCH", "/api/scim/v2/groups/acme/Users/" + externId, scim,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}");
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/group/deprovisioning_service.rb + app/services/members/destroy_service.rb: "
            + "deprovisioning removes the top-level membership with subgroups and projects, keeps the account")
    void deprovisionCascadesFromTheTopLevelMembership() {
        long ann = provision("idp-ann", "ann");
        assertThat(fake.memberLevel(top, ann)).contains(10);
        fake.seedMember(sub, ann, 30);
        fake.seedProjectMember(project, ann, 40);

        Answer r = wire.scim("DELETE", "/api/scim/v2/groups/acme/Users/idp-ann", scim, "");

        assertThat(r.status()).isEqualTo(204);
        assertThat(fake.memberLevel(top, ann)).isEmpty();
        assertThat(fake.memberLevel(sub, ann)).isEmpty();
        assertThat(fake.projectMemberLevel(project, ann)).isEmpty();
        assertThat(fake.userState(ann)).contains("active");
        assertThat(fake.externUid(ann, "group_saml")).contains("idp-ann");
        assertThat(fake.scimIdentityActive(top, "idp-ann")).contains(false);
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/group/deprovisioning_service.rb: without a top-level membership nothing is "
            + "removed; subgroup and project memberships survive")
    void deprovisionWithoutTopLevelMembershipRemovesNothing() {
        long bob = provision("idp-bob", "bob");
        // The membership SCIM made is gone (e.g. removed with skip_subresources=true); subgroup access remains.
        fake.seedMember(sub, bob, 30);
        fake.seedProjectMember(project, bob, 30);
        assertThat(wire.delete("/api/v4/groups/" + top + "/members/" + bob + "?skip_subresources=true").status())
                .isEqualTo(204);

        assertThat(patch("idp-bob", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]").status())
                .isEqualTo(204);

        assertThat(fake.memberLevel(sub, bob)).contains(30);
        assertThat(fake.projectMemberLevel(project, bob)).contains(30);
        assertThat(fake.scimIdentityActive(top, "idp-bob")).contains(false);
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/group/deprovisioning_service.rb: the group's last owner cannot be deprovisioned "
            + "(412, nothing changes)")
    void lastOwnerIsRefusedWith412() {
        long owner = provision("idp-own", "own");
        fake.seedMember(top, owner, 50);
        // root is an owner too; remove that so the SCIM user is the last one.
        fake.seedMember(top, fake.adminUserId(), 40);

        Answer r = wire.scim("DELETE", "/api/scim/v2/groups/acme/Users/idp-own", scim, "");

        assertThat(r.status()).isEqualTo(412);
        assertThat(r.json().path("status").isInt()).isTrue();
        assertThat(r.json().path("detail").asText())
                .isEqualTo("Could not remove own Example from acme. Cannot remove last group owner.");
        assertThat(r.json().has("scimType")).isFalse();
        assertThat(fake.memberLevel(top, owner)).contains(50);
        assertThat(fake.scimIdentityActive(top, "idp-own")).contains(true);

        Answer viaPatch = patch("idp-own", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(viaPatch.status()).isEqualTo(412);
        assertThat(viaPatch.json().path("detail").asText()).startsWith("Error updating own Example with {");
    }

    @Test
    @DisplayName("ee/lib/api/helpers/scim_helpers.rb: any PATCH but active=false re-provisions a deprovisioned "
            + "identity at the default role, and does not rename its externalId")
    void anyPatchReprovisionsWithoutRenaming() {
        long cyd = provision("idp-cyd", "cyd");
        assertThat(wire.scim("DELETE", "/api/scim/v2/groups/acme/Users/idp-cyd", scim, "").status()).isEqualTo(204);
        assertThat(fake.memberLevel(top, cyd)).isEmpty();

        // An IdP renaming the user: not active=true, yet GitLab re-provisions.
        Answer r = patch("idp-cyd", "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"idp-cyd-2\"}]");

        assertThat(r.status()).isEqualTo(204);
        assertThat(fake.memberLevel(top, cyd)).contains(10);
        assertThat(fake.scimIdentityActive(top, "idp-cyd")).contains(true);
        assertThat(fake.scimIdentityActive(top, "idp-cyd-2")).isEmpty();

        // On an active identity the same PATCH renames it.
        assertThat(patch("idp-cyd", "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"idp-cyd-2\"}]")
                .status()).isEqualTo(204);
        assertThat(fake.scimIdentityActive(top, "idp-cyd-2")).contains(true);
        assertThat(fake.externUid(cyd, "group_saml")).contains("idp-cyd-2");
    }

    @Test
    @DisplayName("ee/lib/api/helpers/scim_helpers.rb: an empty PATCH on a deprovisioned identity re-provisions it")
    void emptyPatchReprovisions() {
        long dee = provision("idp-dee", "dee");
        patch("idp-dee", "[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertThat(fake.memberLevel(top, dee)).isEmpty();

        assertThat(patch("idp-dee", "[]").status()).isEqualTo(204);

        assertThat(fake.memberLevel(top, dee)).contains(10);
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/group/provisioning_service.rb: POST for a known externalId re-adds a missing "
            + "membership and leaves the identity's active flag alone")
    void postForKnownIdentityReaddsMembership() {
        long eve = provision("idp-eve", "eve");
        wire.scim("DELETE", "/api/scim/v2/groups/acme/Users/idp-eve", scim, "");

        provision("idp-eve", "eve");

        assertThat(fake.memberLevel(top, eve)).contains(10);
        assertThat(fake.scimIdentityActive(top, "idp-eve")).contains(false);
        assertThat(fake.userCount()).isEqualTo(2);
    }
}
