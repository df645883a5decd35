package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SAML group links: a 401 that is not about the token. */
class SamlGroupLinksTest {
    private static FakeGitLab fake;
    private static Wire wire;
    private static long top;
    private static String ownerToken;
    private static String developerToken;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.gitlabCom();
        wire = new Wire(fake);
        top = fake.seedGroup("acme");
        long owner = fake.seedUser("owner", "owner@corp.test");
        long dev = fake.seedUser("dev", "dev@corp.test");
        fake.seedMember(top, owner, 50);
        fake.seedMember(top, dev, 30);
        ownerToken = fake.seedToken(owner);
        developerToken = fake.seedToken(dev);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    @DisplayName("ee/lib/api/saml_group_links.rb: missing rights and unknown groups answer 401, though the token is "
            + "valid")
    void missingRightsAre401() {
        Answer dev = wire.get("/api/v4/groups/" + top + "/saml_group_links", developerToken);
        assertThat(dev.status()).isEqualTo(401);
        assertThat(dev.text()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
        assertThat(wire.get("/api/v4/groups/" + top, developerToken).status()).isEqualTo(200);
        assertThat(wire.get("/api/v4/groups/404/saml_group_links", ownerToken).status()).isEqualTo(401);
        assertThat(wire.get("/api/v4/groups/" + top + "/saml_group_links", ownerToken).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("ee/lib/api/saml_group_links.rb + ee/app/services/group_saml/saml_group_links/create_service.rb: "
            + "create, duplicate, lookup")
    void createDuplicateLookup() {
        String links = "/api/v4/groups/" + top + "/saml_group_links";
        Answer created = wire.rest("POST", links, ownerToken, "{\"saml_group_name\":\"Devs\",\"access_level\":30,"
                + "\"member_role_id\":9}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("member_role_id").isNull()).isTrue();
        Answer dup = wire.rest("POST", links, ownerToken, "{\"saml_group_name\":\"Devs\",\"access_level\":30}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(dup.text()).isEqualTo("{\"message\":\"Saml group name has already been taken\"}");
        assertThat(wire.rest("POST", links, ownerToken, "{\"saml_group_name\":\"X\",\"access_level\":35}").text())
                .isEqualTo("{\"error\":\"access_level does not have a valid value\"}");
        assertThat(wire.get(links + "/Devs", ownerToken).json().path("access_level").asInt()).isEqualTo(30);
        assertThat(wire.get(links + "/Nope", ownerToken).text()).isEqualTo("{\"message\":\"404 Not found\"}");
        assertThat(wire.rest("DELETE", links + "/Devs", ownerToken, "").status()).isEqualTo(204);
    }
}
