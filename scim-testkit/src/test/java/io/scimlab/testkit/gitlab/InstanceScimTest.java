package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Self-managed instance SCIM: provisioning without a SAML identity, deprovisioning to {@code ldap_blocked}. */
class InstanceScimTest {
    private FakeGitLab fake;
    private Wire wire;
    private String scim;

    @BeforeEach
    void start() {
        fake = FakeGitLab.selfManaged();
        wire = new Wire(fake);
        scim = fake.seedInstanceScimToken();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private long provision(String externId, String userName) {
        Answer r = wire.scim("POST", "/api/scim/v2/application/Users", scim, """
                {"externalId":"%s","userName":"%s","emails":[{"type":"work","value":"%s@corp.test"}]}"""
                .formatted(externId, userName, userName));
        assertThat(r.status()).isEqualTo(201);
        return wire.get("/api/v4/users?username=" + userName).json().get(0).path("id").asLong();
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/provisioning_service.rb: instance SCIM creates no 'saml' identity")
    void provisioningCreatesNoSamlIdentity() {
        long ann = provision("idp-ann", "ann");
        assertThat(fake.externUid(ann, "saml")).isEmpty();
        assertThat(wire.get("/api/v4/users/" + ann).json().path("identities").size()).isZero();
        assertThat(fake.scimIdentityActive(null, "idp-ann")).contains(true);
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/deprovisioning_service.rb + lib/api/users.rb: deprovisioning sets ldap_blocked, "
            + "which the REST API cannot undo")
    void deprovisionIsLdapBlockedAndRestCannotUndoIt() {
        long bob = provision("idp-bob", "bob");

        assertThat(wire.scim("DELETE", "/api/scim/v2/application/Users/idp-bob", scim, "").status()).isEqualTo(204);

        assertThat(fake.userState(bob)).contains("ldap_blocked");
        Answer unblock = wire.post("/api/v4/users/" + bob + "/unblock", "");
        assertThat(unblock.status()).isEqualTo(403);
        assertThat(unblock.message()).isEqualTo("403 Forbidden - LDAP blocked users cannot be unblocked by the API");
        assertThat(wire.post("/api/v4/users/" + bob + "/block", "").message())
                .isEqualTo("403 Forbidden - LDAP blocked users cannot be modified by the API");
        assertThat(wire.post("/api/v4/users/" + bob + "/activate", "").message())
                .isEqualTo("Error occurred. A blocked user must be unblocked to be activated");
        assertThat(wire.post("/api/v4/users/" + bob + "/deactivate", "").message())
                .isEqualTo("Error occurred. A blocked user cannot be deactivated");
        assertThat(wire.get("/api/v4/users?blocked=true").json().findValuesAsText("username")).contains("bob");
    }

    @ParameterizedTest(name = "from {0}")
    @DisplayName("ee/lib/gitlab/scim/reprovisioning_service.rb: re-provisioning activates the user from any state")
    @ValueSource(strings = {"ldap_blocked", "blocked", "banned", "deactivated", "blocked_pending_approval"})
    void reprovisionActivatesFromAnyState(String state) {
        long cyd = provision("idp-cyd", "cyd");
        wire.scim("PATCH", "/api/scim/v2/application/Users/idp-cyd", scim,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        fake.seedUserState(cyd, state);

        Answer r = wire.scim("PATCH", "/api/scim/v2/application/Users/idp-cyd", scim,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}");

        assertThat(r.status()).isEqualTo(204);
        assertThat(fake.userState(cyd)).contains("active");
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/deprovisioning_service.rb: system_block leaves an already blocked user as is")
    void deprovisionKeepsOtherBlockedStates() {
        long dee = provision("idp-dee", "dee");
        fake.seedUserState(dee, "banned");
        wire.scim("DELETE", "/api/scim/v2/application/Users/idp-dee", scim, "");
        assertThat(fake.userState(dee)).contains("banned");
    }

    @Test
    @DisplayName("ee/lib/api/scim/instance_scim.rb: instance SCIM does not exist on GitLab.com")
    void noInstanceScimOnGitLabCom() {
        try (FakeGitLab com = FakeGitLab.gitlabCom()) {
            assertThat(new Wire(com).scim("GET", "/api/scim/v2/application/Users", "x", "").status()).isEqualTo(404);
        }
    }
}
