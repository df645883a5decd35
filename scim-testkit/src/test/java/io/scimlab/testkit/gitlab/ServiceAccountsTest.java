package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A top-level group's service accounts and their tokens. */
class ServiceAccountsTest {
    @Test
    @DisplayName("ee/lib/api/group_service_accounts.rb: newest first by default; conflicts are 400 Bad request; "
            + "wrong token 404")
    void groupServiceAccounts() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
            Wire wire = new Wire(fake);
            long top = fake.seedGroup("acme");
            String accounts = "/api/v4/groups/" + top + "/service_accounts";
            Answer one = wire.post(accounts, "{\"username\":\"bot-one\"}");
            assertThat(one.json().path("email").asText()).isEqualTo("bot-one@noreply." + "127.0.0.1");
            wire.post(accounts, "{\"username\":\"bot-two\"}");
            assertThat(wire.get(accounts).json().findValuesAsText("username")).containsExactly("bot-two", "bot-one");
            assertThat(wire.post(accounts, "{\"username\":\"bot-one\"}").message())
                    .isEqualTo("400 Bad request - Username has already been taken");
            long sa = one.json().path("id").asLong();
            assertThat(wire.delete(accounts + "/" + sa + "/personal_access_tokens/999").message())
                    .isEqualTo("404 Personal Access Token Not Found");
            assertThat(wire.delete(accounts + "/999").message()).isEqualTo("404 User Not Found");
        }
    }

    @Test
    @DisplayName("ee/lib/api/group_service_accounts.rb DELETE: a service account that is a group's sole owner is 409")
    void soleOwnerServiceAccountCannotBeDeleted() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
            Wire wire = new Wire(fake);
            long top = fake.seedGroup("acme");
            long sub = fake.seedSubgroup(top, "eng");
            String accounts = "/api/v4/groups/" + top + "/service_accounts";
            long sa = wire.post(accounts, "{}").json().path("id").asLong();
            fake.seedMember(sub, sa, 50);
            Answer r = wire.delete(accounts + "/" + sa);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.message()).isEqualTo("User cannot be removed while is the sole-owner of a group");
            assertThat(wire.delete(accounts + "/" + sa + "?hard_delete=true").status()).isEqualTo(204);
            assertThat(fake.serviceAccountKind(sa)).isEmpty();
        }
    }

    @Test
    @DisplayName("ee/lib/api/group_service_accounts.rb + rotate_service.rb: rotating a service account token")
    void rotation() {
        try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
            Wire wire = new Wire(fake);
            long top = fake.seedGroup("acme");
            String accounts = "/api/v4/groups/" + top + "/service_accounts";
            long sa = wire.post(accounts, "{}").json().path("id").asLong();
            Answer t = wire.post(accounts + "/" + sa + "/personal_access_tokens", "{\"name\":\"t\",\"scopes\":\"api\"}");
            String rotate = accounts + "/" + sa + "/personal_access_tokens/" + t.json().path("id").asLong() + "/rotate";
            Answer rotated = wire.post(rotate, "");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(fake.tokenActive(rotated.json().path("token").asText())).isTrue();
            assertThat(fake.tokenActive(t.json().path("token").asText())).isFalse();
            assertThat(wire.post(rotate, "").message()).isEqualTo("400 Bad request - Token already revoked");
        }
    }
}
