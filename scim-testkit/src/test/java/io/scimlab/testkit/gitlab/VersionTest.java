package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The version the fake imitates, what it reports, and the behaviours it gates. */
class VersionTest {
    @Test
    @DisplayName("lib/api/metadata.rb: GET /version (and /metadata) needs a token and reports the metadata shape")
    void versionEndpoint() {
        try (FakeGitLab fake = FakeGitLab.builder().version("17.10.2-ee").start()) {
            Wire wire = new Wire(fake);
            Answer r = wire.get("/api/v4/version");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("version").asText()).isEqualTo("17.10.2-ee");
            assertThat(r.json().path("revision").asText()).matches("[0-9a-f]{11}");
            assertThat(r.json().path("kas").path("enabled").isBoolean()).isTrue();
            assertThat(r.json().path("kas").has("externalUrl")).isTrue();
            assertThat(r.json().path("enterprise").asBoolean()).isTrue();
            assertThat(wire.get("/api/v4/metadata").json()).isEqualTo(r.json());
            assertThat(wire.get("/api/v4/version", "").status()).isEqualTo(401);
        }
        try (FakeGitLab current = FakeGitLab.selfManaged()) {
            assertThat(current.version()).isEqualTo("18.6.0-ee");
        }
    }

    @Test
    @DisplayName("ee/lib/api/group_service_accounts.rb: the service account token list exists from 17.11")
    void serviceAccountTokenListFrom1711() {
        for (String version : new String[] {"17.10.0-ee", "17.11.0-ee"}) {
            try (FakeGitLab fake = FakeGitLab.builder().mode(FakeGitLab.Mode.GITLAB_COM).version(version).start()) {
                Wire wire = new Wire(fake);
                long top = fake.seedGroup("acme");
                long sa = wire.post("/api/v4/groups/" + top + "/service_accounts", "{}").json().path("id").asLong();
                String tokens = "/api/v4/groups/" + top + "/service_accounts/" + sa + "/personal_access_tokens";
                assertThat(wire.post(tokens, "{\"name\":\"t\",\"scopes\":[\"api\"]}").status()).isEqualTo(201);
                Answer list = wire.get(tokens);
                if (version.startsWith("17.10")) {
                    assertThat(list.text()).isEqualTo("{\"error\":\"404 Not Found\"}");
                } else {
                    assertThat(list.status()).isEqualTo(200);
                    assertThat(list.json().size()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    @DisplayName("lib/gitlab/access.rb + app/models/member.rb: the Planner role (15) exists from 17.7")
    void plannerFrom177() {
        for (String version : new String[] {"17.6.0-ee", "17.7.0-ee"}) {
            try (FakeGitLab fake = FakeGitLab.builder().version(version).start()) {
                long top = fake.seedGroup("acme");
                long ann = fake.seedUser("ann", "ann@corp.test");
                Answer r = new Wire(fake).post("/api/v4/groups/" + top + "/members",
                        "{\"user_id\":" + ann + ",\"access_level\":15}");
                assertThat(r.status()).isEqualTo(version.startsWith("17.6") ? 400 : 201);
            }
        }
    }
}
