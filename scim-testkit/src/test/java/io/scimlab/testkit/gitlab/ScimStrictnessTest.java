package io.scimlab.testkit.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.testkit.gitlab.Wire.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GitLab's own SCIM API is stricter than RFC 7644 clients expect: parsing, filters, paging, auth, errors. */
class ScimStrictnessTest {
    private static FakeGitLab fake;
    private static Wire wire;
    private static String scim;
    private static long top;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.gitlabCom();
        wire = new Wire(fake);
        top = fake.seedGroup("acme");
        fake.seedSubgroup(top, "eng");
        scim = fake.seedGroupScimToken(top);
        fake.seedGroup("nosaml");
        for (int i = 1; i <= 25; i++) {
            post("idp-" + i, "user" + i);
        }
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static Answer post(String externId, String userName) {
        return wire.scim("POST", "/api/scim/v2/groups/acme/Users", scim, """
                {"externalId":"%s","userName":"%s","emails":[{"type":"work","value":"%s@corp.test"}],
                 "name":{"givenName":"Pat","familyName":"%s"}}""".formatted(externId, userName, userName, userName));
    }

    private static Answer list(String query) {
        return wire.scim("GET", "/api/scim/v2/groups/acme/Users" + query, scim, "");
    }

    private static Answer patch(String externId, String operations) {
        return wire.scim("PATCH", "/api/scim/v2/groups/acme/Users/" + externId, scim,
                "{\"Operations\":" + operations + "}");
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/params_parser.rb: a PATCH value without path applies only its first key")
    void valueWithoutPathAppliesOnlyTheFirstKey() {
        post("first-key", "firstkey");
        Answer r = patch("first-key", "[{\"op\":\"replace\",\"value\":{\"userName\":\"x\",\"active\":false}}]");

        assertThat(r.status()).isEqualTo(204);
        // active=false was the second key: ignored, the identity stays active.
        assertThat(fake.scimIdentityActive(top, "first-key")).contains(true);

        patch("first-key", "[{\"op\":\"Replace\",\"value\":{\"active\":false,\"userName\":\"x\"}}]");
        assertThat(fake.scimIdentityActive(top, "first-key")).contains(false);
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/attribute_transform.rb: attribute names are case-sensitive; 'Active' is ignored")
    void attributeNamesAreCaseSensitive() {
        post("case-attr", "caseattr");
        patch("case-attr", "[{\"op\":\"replace\",\"path\":\"Active\",\"value\":false}]");
        assertThat(fake.scimIdentityActive(top, "case-attr")).contains(true);
        // The op name, by contrast, is downcased: 'Remove' is ignored, 'Add' counts.
        patch("case-attr", "[{\"op\":\"Add\",\"path\":\"active\",\"value\":\"false\"}]");
        assertThat(fake.scimIdentityActive(top, "case-attr")).contains(false);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("ee/lib/gitlab/scim/filter_parser.rb: only exact-case 'eq' on id, externalId, userName; else 412")
    @CsvSource(delimiter = '|', value = {
        "userName eq \"user3\"|200",
        "externalId eq \"IDP-3\"|200",
        "id eq idp-3|200",
        "userName EQ \"user3\"|412",
        "username eq \"user3\"|412",
        "userName co \"user\"|412",
        "active eq true|412",
        "emails[type eq \"work\"].value eq \"user3@corp.test\"|412"})
    void filters(String filter, int status) {
        Answer r = list("?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(status);
        if (status == 200) {
            assertThat(r.json().path("totalResults").asInt()).isEqualTo(1);
            assertThat(r.json().path("Resources").get(0).path("id").asText()).isEqualTo("idp-3");
        } else {
            assertThat(r.json().path("detail").asText()).isEqualTo("Unsupported Filter");
            assertThat(r.json().path("status").asInt()).isEqualTo(412);
        }
    }

    @Test
    @DisplayName("ee/app/finders/authn/group_scim_finder.rb: userName falls back to the GitLab username, then email")
    void userNameFallsBackToUsernameThenEmail() {
        assertThat(list("?filter=userName%20eq%20%22USER4%22").json().path("Resources").get(0).path("id").asText())
                .isEqualTo("idp-4");
        assertThat(list("?filter=userName%20eq%20%22user5@corp.test%22").json().path("Resources").get(0)
                .path("id").asText()).isEqualTo("idp-5");
    }

    @ParameterizedTest(name = "count={0} startIndex={1}")
    @DisplayName("ee/lib/api/helpers/scim_pagination + scim_paginatable.rb: count<=0 is 20, at most 100; startIndex<1 "
            + "or not a number is 1")
    @CsvSource({"0,1,20,1", "-5,1,20,1", "3,2,3,2", "500,1,100,1", "2,abc,2,1", "2,0,2,1"})
    void countAndStartIndex(String count, String startIndex, int perPage, int start) {
        Answer r = list("?count=" + count + "&startIndex=" + startIndex);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("itemsPerPage").asInt()).isEqualTo(perPage);
        assertThat(r.json().path("startIndex").asInt()).isEqualTo(start);
        assertThat(r.json().path("totalResults").asInt()).isGreaterThanOrEqualTo(25);
        assertThat(r.json().path("Resources").size()).isEqualTo(Math.min(perPage,
                r.json().path("totalResults").asInt() - start + 1));
    }

    @Test
    @DisplayName("config/initializers/doorkeeper.rb: SCIM takes Authorization Bearer or access_token, not PRIVATE-TOKEN")
    void onlyBearerStyleTokens() {
        Answer privateToken = wire.rest("GET", "/api/scim/v2/groups/acme/Users", scim, "");
        assertThat(privateToken.status()).isEqualTo(401);
        assertThat(privateToken.text()).isEqualTo("{\"message\":\"401 Unauthorized\"}");
        assertThat(wire.scim("GET", "/api/scim/v2/groups/acme/Users?access_token=" + scim, "", "").status())
                .isEqualTo(200);
        assertThat(wire.scim("GET", "/api/scim/v2/groups/acme/Users", "wrong", "").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("ee/lib/api/scim/group_scim.rb: the group is resolved before the token: 404 SCIM errors")
    void unknownGroupOrNoSamlIs404BeforeAuth() {
        Answer unknown = wire.scim("GET", "/api/scim/v2/groups/nope/Users", "", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asText()).isEqualTo("Group nope not found");
        assertThat(unknown.json().path("status").asInt()).isEqualTo(404);
        Answer noSaml = wire.scim("GET", "/api/scim/v2/groups/nosaml/Users", "", "");
        assertThat(noSaml.json().path("detail").asText()).isEqualTo("Group nosaml does not have SAML SSO configured");
        Answer subgroup = wire.scim("GET", "/api/scim/v2/groups/acme%2Feng/Users", scim, "");
        assertThat(subgroup.json().path("detail").asText())
                .isEqualTo("Group acme/eng does not have SAML SSO configured");
    }

    @Test
    @DisplayName("ee/lib/gitlab/scim/base_provisioning_service.rb + group_scim.rb: missing POST params are a 412")
    void missingParamsAre412() {
        Answer r = wire.scim("POST", "/api/scim/v2/groups/acme/Users", scim, "{\"userName\":\"nobody\"}");
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.json().path("detail").asText()).startsWith("Error saving user with {")
                .endsWith(": Missing params: [:extern_uid, :email]");
        assertThat(r.json().path("status").isInt()).isTrue();
    }

    @Test
    @DisplayName("ee/lib/api/entities/scim/user.rb: no externalId; ee/app/models/group_scim_identity.rb: "
            + "extern uids are matched case-insensitively")
    void userResourceAndCaseInsensitiveIds() {
        Answer r = wire.scim("GET", "/api/scim/v2/groups/acme/Users/IDP-7", scim, "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("id").asText()).isEqualTo("idp-7");
        assertThat(r.json().has("externalId")).isFalse();
        Answer missing = wire.scim("GET", "/api/scim/v2/groups/acme/Users/none", scim, "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asText()).isEqualTo("Resource none not found");
    }

    @Test
    @DisplayName("ee/lib/api/scim/group_scim.rb: a user who already has an identity in the group is a 409")
    void secondIdentityForAUserIsAConflict() {
        Answer r = wire.scim("POST", "/api/scim/v2/groups/acme/Users", scim, """
                {"externalId":"other-1","userName":"x","emails":[{"type":"work","value":"user1@corp.test"}]}""");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("detail").asText()).contains("has already been taken");
    }

    @Test
    @DisplayName("ee/app/services/ee/users/build_service.rb: only a user SCIM creates gets a group_saml identity; a "
            + "user matched by email gets the SCIM identity only")
    void samlIdentityOnlyForNewUsers() {
        long existing = fake.seedUser("preexisting", "pre@corp.test");
        Answer r = wire.scim("POST", "/api/scim/v2/groups/acme/Users", scim, """
                {"externalId":"idp-pre","userName":"pre","emails":[{"type":"work","value":"pre@corp.test"}]}""");
        assertThat(r.status()).isEqualTo(201);
        assertThat(fake.externUid(existing, "group_saml")).isEmpty();
        assertThat(fake.scimIdentityActive(top, "idp-pre")).contains(true);
        assertThat(fake.memberLevel(top, existing)).contains(10);
    }
}
