package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /users}, {@code /users/:id} and {@code /user}: validation texts, views, identities, search. */
class UsersApiTest {
    private static FakeGitLab fake;
    private static Wire wire;
    private static long ann;
    private static String plain;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.selfManaged();
        wire = new Wire(fake);
        ann = fake.seedUser("ann", "ann@corp.test", "Ann Example");
        fake.seedIdentity(ann, "saml", "idp-ann");
        plain = fake.seedToken(fake.seedUser("plain", "plain@corp.test"));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    @DisplayName("app/services/users/update_service.rb assign_identity: an extern_uid another user holds is dropped "
            + "silently, with 200")
    void putWithTakenExternUidIsSilentlyDropped() {
        long bob = fake.seedUser("bob", "bob@corp.test");
        fake.seedIdentity(bob, "saml", "idp-bob");

        Answer r = wire.put("/api/v4/users/" + bob, "{\"provider\":\"saml\",\"extern_uid\":\"IDP-ANN\",\"name\":\"B\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("name").asText()).isEqualTo("B");
        assertThat(fake.externUid(bob, "saml")).contains("idp-bob");
        assertThat(fake.externUid(ann, "saml")).contains("idp-ann");
    }

    @Test
    @DisplayName("lib/api/users.rb: admin on POST and PUT /users makes or unmakes an administrator")
    void adminFlag() {
        Answer created = wire.post("/api/v4/users", "{\"email\":\"adm@corp.test\",\"username\":\"adm\","
                + "\"name\":\"Adm\",\"force_random_password\":true,\"admin\":true}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("is_admin").asBoolean()).isTrue();
        long id = created.json().path("id").asLong();
        assertThat(wire.put("/api/v4/users/" + id, "{\"admin\":false}").json().path("is_admin").asBoolean()).isFalse();
        assertThat(wire.put("/api/v4/users/" + id, "{\"admin\":true}").json().path("is_admin").asBoolean()).isTrue();
        assertThat(wire.put("/api/v4/users/" + id, "{\"name\":\"A\"}").json().path("is_admin").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("lib/api/users.rb: parameter errors are all reported, joined, in declaration order")
    void postParameterErrors() {
        assertThat(wire.post("/api/v4/users", "{}").text()).isEqualTo("{\"error\":\"email is missing, password, "
                + "reset_password, force_random_password are missing, at least one parameter must be provided, "
                + "name is missing, username is missing\"}");
        assertThat(wire.post("/api/v4/users", "{\"email\":\"x@corp.test\",\"name\":\"X\",\"username\":\"x\","
                + "\"password\":\"secret-123\",\"extern_uid\":\"e\"}").text())
                .isEqualTo("{\"error\":\"extern_uid, provider provide all or none of parameters\"}");
        assertThat(wire.get("/api/v4/users?extern_uid=e").text())
                .isEqualTo("{\"error\":\"extern_uid, provider provide all or none of parameters\"}");
        Answer taken = wire.post("/api/v4/users", "{\"email\":\"ANN@corp.test\",\"name\":\"X\",\"username\":\"-bad\","
                + "\"password\":\"secret-123\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.message()).isEqualTo("Email has already been taken");
        Answer invalid = wire.post("/api/v4/users", "{\"email\":\"new@corp.test\",\"name\":\"X\",\"username\":\"-bad\","
                + "\"password\":\"secret-123\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("message").has("username")).isTrue();
    }

    @Test
    @DisplayName("lib/api/users.rb: /users/:id requires a numeric id; otherwise the route does not exist")
    void nonNumericIdIsNoRoute() {
        assertThat(wire.get("/api/v4/users/ann").text()).isEqualTo("{\"error\":\"404 Not Found\"}");
        assertThat(wire.get("/api/v4/users/9999").text()).isEqualTo("{\"message\":\"404 User Not Found\"}");
        assertThat(wire.get("/api/v4/users/" + ann, "").text())
                .isEqualTo("{\"message\":\"403 Forbidden - Not authorized!\"}");
    }

    @Test
    @DisplayName("lib/api/users.rb DELETE: the sole owner of a group cannot be removed without hard_delete (409)")
    void soleOwnerDeletion() {
        long own = fake.seedUser("own", "own@corp.test");
        long g = fake.seedGroup("owned");
        fake.seedMember(g, own, 50);
        Answer r = wire.delete("/api/v4/users/" + own);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).isEqualTo("User cannot be removed while is the sole-owner of a group");
        assertThat(wire.delete("/api/v4/users/" + own + "?hard_delete=true").status()).isEqualTo(204);
    }

    @Test
    @DisplayName("lib/api/users.rb + lib/api/entities/user*.rb: /user is UserPublic (email, identities, bot) for a "
            + "non-admin, UserWithAdmin (is_admin) for an admin; /users/:id is User for a non-admin")
    void views() {
        Answer me = wire.get("/api/v4/user", plain);
        assertThat(me.json().path("email").asText()).isEqualTo("plain@corp.test");
        assertThat(me.json().has("identities")).isTrue();
        assertThat(me.json().has("bot")).isTrue();
        assertThat(me.json().has("is_admin")).isFalse();
        assertThat(wire.get("/api/v4/user").json().path("is_admin").asBoolean()).isTrue();
        Answer other = wire.get("/api/v4/users/" + ann, plain);
        assertThat(other.json().has("bot")).isTrue();
        assertThat(other.json().has("email")).isFalse();
        assertThat(other.json().has("identities")).isFalse();
        assertThat(wire.get("/api/v4/users?username=ann", plain).json().get(0).has("bot")).isFalse();
    }

    @Test
    @DisplayName("app/models/user.rb search + app/finders/users_finder.rb: only administrators find users by private "
            + "email; extern_uid lookups are admin-only and case-insensitive")
    void searchAndExternUid() {
        assertThat(wire.get("/api/v4/users?search=ann@corp.test").json().findValuesAsText("username"))
                .containsExactly("ann");
        assertThat(wire.get("/api/v4/users?search=ann@corp.test", plain).json().size()).isZero();
        assertThat(wire.get("/api/v4/users?search=Example", plain).json().findValuesAsText("username"))
                .containsExactly("ann");
        assertThat(wire.get("/api/v4/users?extern_uid=IDP-ANN&provider=saml").json().findValuesAsText("username"))
                .containsExactly("ann");
        assertThat(wire.get("/api/v4/users?extern_uid=idp-ann&provider=saml", plain).text())
                .isEqualTo("{\"message\":\"403 Forbidden\"}");
        assertThat(wire.get("/api/v4/users?username=ANN", "").json().get(0).path("id").asLong()).isEqualTo(ann);
    }

    @Test
    @DisplayName("lib/gitlab/auth/auth_finders.rb: REST tokens also come as private_token or access_token parameters")
    void tokenParameters() {
        assertThat(wire.get("/api/v4/user?private_token=" + plain, "").status()).isEqualTo(200);
        assertThat(wire.get("/api/v4/user?access_token=" + plain, "").status()).isEqualTo(200);
        assertThat(wire.get("/api/v4/user?private_token=nope", "").text()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
    }
}
