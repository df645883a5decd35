package io.scimlab.core.patch;

import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static io.scimlab.core.resource.Fixtures.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.Fixtures;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PATCH semantics: the RFC 7644 §3.5.2 examples, the IdP shapes of idp-behaviour.md, and every error type. */
class PatchEngineTest {
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String BABS = "2819c223-7f76-453a-919d-413861904646";
    static final String MANDY = "902c246b-6245-4190-8e05-00816be7344a";

    final PatchEngine users = PatchEngine.of(REGISTRY, USER, PatchOptions.lenient());
    final PatchEngine groups = PatchEngine.of(REGISTRY, GROUP, PatchOptions.lenient());
    final PatchEngine strictUsers = PatchEngine.of(REGISTRY, USER, PatchOptions.strictRfc());
    final PatchEngine strictGroups = PatchEngine.of(REGISTRY, GROUP, PatchOptions.strictRfc());

    static ScimResource fullUser() {
        return ResourceReader.standard().read(Fixtures.text("rfc7643/8.3-enterprise-user.json"), USER);
    }

    static ScimResource group() {
        return ResourceReader.standard().read(Fixtures.text("rfc7643/8.4-group.json"), GROUP);
    }

    /** A PatchOp body from operations written with single quotes. */
    static byte[] body(String operations) {
        return q("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[" + operations + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ScimException error(Runnable r) {
        try {
            r.run();
        } catch (ScimException e) {
            return e;
        }
        throw new AssertionError("expected a ScimException");
    }

    static JsonNode json(String singleQuoted) {
        try {
            return Fixtures.MAPPER.readTree(q(singleQuoted));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ---- RFC 7644 §3.5.2 examples ----

    @Test
    void rfcAddMembers() {
        PatchResult r = groups.apply(group(), body("{'op':'add','path':'members','value':[{'display':'Jim',"
                + "'$ref':'https://example.com/v2/Users/u3','value':'u3'}]}"));
        assertThat(r.resource().get("members.value")).hasSize(3);
        assertThat(r.changes().change("members").orElseThrow().addedValues()).containsExactly("u3");
        assertThat(r.changes().change("members").orElseThrow().removedValues()).isEmpty();
    }

    @Test
    void rfcAddWithoutPath() {
        PatchResult r = users.apply(fullUser(), body("{'op':'add','value':{'emails':[{'value':'babs@jensen.net',"
                + "'type':'home'}],'nickname':'Babsy'}}"));
        assertThat(r.resource().get("emails.value")).hasSize(3);
        assertThat(r.resource().get("nickName").asText()).isEqualTo("Babsy");
        assertThat(r.changes().paths()).containsExactly("nickName", "emails");
    }

    @Test
    void rfcRemoveAllMembers() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members'}"));
        assertThat(r.resource().has("members")).isFalse();
        assertThat(r.changes().change("members").orElseThrow().removedValues()).containsExactlyInAnyOrder(BABS,
                MANDY);
        assertThat(r.changes().change("members").orElseThrow().kind()).isEqualTo(AttributeChange.Kind.REMOVED);
    }

    @Test
    void rfcRemoveOneMember() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members[value eq \\'" + BABS + "\\']'}"
                .replace("\\'", "\\\"")));
        assertThat(r.resource().get("members.value").get(0).asText()).isEqualTo(MANDY);
        assertThat(r.changes().change("members").orElseThrow().removedValues()).containsExactly(BABS);
    }

    @Test
    void rfcRemoveAllMembersAndAddNewOnes() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members'},"
                + "{'op':'add','path':'members','value':[{'value':'u5'},{'value':'u6'}]}"));
        assertThat(r.resource().get("members.value")).extracting(JsonNode::asText).containsExactly("u5", "u6");
        AttributeChange change = r.changes().change("members").orElseThrow();
        assertThat(change.addedValues()).containsExactlyInAnyOrder("u5", "u6");
        assertThat(change.removedValues()).containsExactlyInAnyOrder(BABS, MANDY);
    }

    @Test
    void rfcReplaceMembers() {
        PatchResult r = groups.apply(group(), body("{'op':'replace','path':'members','value':[{'value':'" + BABS
                + "'},{'value':'u7'}]}"));
        assertThat(r.changes().change("members").orElseThrow().addedValues()).containsExactly("u7");
        assertThat(r.changes().change("members").orElseThrow().removedValues()).containsExactly(MANDY);
    }

    @Test
    void rfcReplaceWorkAddress() {
        PatchResult r = users.apply(fullUser(), body("{'op':'replace','path':'addresses[type eq \\\"work\\\"]',"
                + "'value':{'type':'work','streetAddress':'911 Universal City Plaza','locality':'Hollywood',"
                + "'region':'CA','postalCode':'91608','country':'US','primary':true}}"));
        assertThat(r.resource().get("addresses").get(0).get("streetAddress").asText())
                .isEqualTo("911 Universal City Plaza");
        assertThat(r.resource().get("addresses").get(1).get("streetAddress").asText())
                .isEqualTo("456 Hollywood Blvd");
    }

    @Test
    void rfcReplaceStreetAddressOfWorkAddress() {
        PatchResult r = users.apply(fullUser(), body(
                "{'op':'replace','path':'addresses[type eq \\\"work\\\"].streetAddress','value':'1010 Broadway Ave'}"));
        assertThat(r.resource().get("addresses").get(0).get("streetAddress").asText()).isEqualTo("1010 Broadway Ave");
        assertThat(r.changes().paths()).containsExactly("addresses");
    }

    @Test
    void rfcReplaceWithoutPath() {
        PatchResult r = users.apply(fullUser(), body("{'op':'replace','value':{'emails':[{'value':'bjensen@example.com',"
                + "'type':'work','primary':true},{'value':'babs@jensen.org','type':'home'}],'nickName':'Babs'}}"));
        assertThat(r.changes().isEmpty()).isTrue();
        assertThat(r.resource()).isEqualTo(fullUser());
    }

    @Test
    void rfcRemoveByComplexFilter() {
        PatchResult r = users.apply(fullUser(), body(
                "{'op':'remove','path':'emails[type eq \\\"work\\\" and value ew \\\"example.com\\\"]'}"));
        assertThat(r.resource().get("emails.value")).extracting(JsonNode::asText).containsExactly("babs@jensen.org");
    }

    @Test
    void rfcRemoveCertificateByValue() {
        String cert = fullUser().get("x509Certificates.value").get(0).asText();
        PatchResult r = users.apply(fullUser(), body("{'op':'remove','path':'x509Certificates[value eq \\\"" + cert
                + "\\\"]'}"));
        assertThat(r.resource().has("x509Certificates")).isFalse();
    }

    @Test
    void noOpPatchYieldsAnEmptyChangeSetAndTheSameResource() {
        ScimResource user = fullUser();
        PatchResult r = users.apply(user, body("{'op':'replace','path':'userName','value':'bjensen@example.com'},"
                + "{'op':'add','path':'emails','value':[{'value':'bjensen@example.com','type':'work','primary':true}]},"
                + "{'op':'remove','path':'members[value eq \\\"nobody\\\"]'}".replace("members", "emails")));
        assertThat(r.changes().isEmpty()).isTrue();
        assertThat(r.resource()).isSameAs(user);
    }

    @Test
    void settingPrimaryClearsItOnTheOthers() {
        PatchResult r = users.apply(fullUser(), body(
                "{'op':'add','path':'emails','value':[{'value':'new@example.com','type':'other','primary':true}]}"));
        JsonNode emails = r.resource().get("emails");
        assertThat(emails).hasSize(3);
        assertThat(emails.get(0).has("primary")).isFalse();
        assertThat(emails.get(2).get("primary").asBoolean()).isTrue();
    }

    @Test
    void addingAnExistingValueMergesInsteadOfDuplicating() {
        PatchResult r = groups.apply(group(), body("{'op':'add','path':'members','value':[{'value':'" + BABS
                + "','display':'Babs J'}]}"));
        assertThat(r.resource().get("members")).hasSize(2);
        assertThat(r.resource().get("members").get(0).get("display").asText()).isEqualTo("Babs J");
        assertThat(r.changes().change("members").orElseThrow().addedValues()).isEmpty();
    }

    // ---- Okta ----

    @Test
    void oktaDeactivateWithoutPath() {
        PatchResult r = users.apply(fullUser(), body("{'op':'replace','value':{'active':false}}"));
        assertThat(r.resource().get("active").asBoolean()).isFalse();
        assertThat(r.changes().paths()).containsExactly("active");
    }

    @Test
    void oktaGroupRenameCarryingTheUnchangedId() {
        ScimResource g = group();
        PatchResult r = groups.apply(g, body("{'op':'replace','value':{'id':'" + g.id()
                + "','displayName':'Guides'}}"));
        assertThat(r.resource().get("displayName").asText()).isEqualTo("Guides");
        assertThat(error(() -> groups.apply(g, body("{'op':'replace','value':{'id':'other','displayName':'X'}}")))
                .scimType()).contains(ScimType.MUTABILITY);
        assertThat(error(() -> strictGroups.apply(g, body("{'op':'replace','value':{'id':'" + g.id()
                + "','displayName':'X'}}"))).scimType()).contains(ScimType.MUTABILITY);
    }

    @Test
    void oktaMembershipPushRemovesAndAddsInOnePatch() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members[value eq \\\"" + MANDY + "\\\"]'},"
                + "{'op':'add','path':'members','value':[{'value':'u9','display':'Nine'}]}"));
        AttributeChange change = r.changes().change("members").orElseThrow();
        assertThat(change.addedValues()).containsExactly("u9");
        assertThat(change.removedValues()).containsExactly(MANDY);
    }

    @Test
    void oktaEmptyPushRemovesEveryMember() {
        PatchResult r = groups.apply(group(), body("{'op':'replace','path':'members','value':[]}"));
        assertThat(r.resource().has("members")).isFalse();
    }

    // ---- Microsoft Entra ID ----

    @ParameterizedTest
    @CsvSource({"False,false", "True,true", "false,false", "TRUE,true"})
    void entraStringBooleans(String value, boolean expected) {
        PatchResult r = users.apply(fullUser(), body("{'op':'Replace','path':'active','value':'" + value + "'}"));
        assertThat(r.resource().get("active").booleanValue()).isEqualTo(expected);
    }

    @Test
    void entraMemberRemovalByValueRemovesOnlyThoseMembers() {
        PatchResult r = groups.apply(group(), body("{'op':'Remove','path':'members','value':[{'value':'" + BABS
                + "'}]}"));
        assertThat(r.resource().get("members.value")).extracting(JsonNode::asText).containsExactly(MANDY);
        assertThat(error(() -> strictGroups.apply(group(), body("{'op':'remove','path':'members','value':[{'value':'"
                + BABS + "'}]}"))).scimType()).contains(ScimType.INVALID_SYNTAX);
    }

    @Test
    void entraNoPathReplaceWithDottedAndUrnKeysLandsNested() {
        PatchResult r = users.apply(fullUser(), body("{'op':'replace','value':{'name.givenName':'K',"
                + "'" + ENT + ":employeeNumber':'7','displayName':'Kay'}}"));
        assertThat(r.resource().get("name.givenName").asText()).isEqualTo("K");
        assertThat(r.resource().get("name.familyName").asText()).isEqualTo("Jensen");
        assertThat(r.resource().get(ENT + ":employeeNumber").asText()).isEqualTo("7");
        assertThat(Access.json(r.resource()).has("name.givenName")).isFalse();
        assertThat(r.changes().paths()).containsExactlyInAnyOrder("name", "displayName", ENT + ":employeeNumber");
        assertThat(error(() -> strictUsers.apply(fullUser(), body("{'op':'replace','value':{'name.givenName':'K'}}")))
                .scimType()).contains(ScimType.INVALID_PATH);
    }

    @Test
    void entraCreateOnAbsentWorkEmailAndOneMergedWorkAddress() {
        ScimResource minimal = ResourceReader.standard().read(q("{'userName':'kay','emails':[{'value':'k@home.org',"
                + "'type':'home'}]}"), USER);
        PatchResult r = users.apply(minimal, body(
                "{'op':'Add','path':'emails[type eq \\\"work\\\"].value','value':'k@work.com'},"
                + "{'op':'Add','path':'addresses[type eq \\\"work\\\"].locality','value':'Redmond'},"
                + "{'op':'Add','path':'addresses[type eq \\\"work\\\"].region','value':'WA'}"));
        assertThat(r.resource().get("emails")).isEqualTo(json(
                "[{'value':'k@home.org','type':'home'},{'type':'work','value':'k@work.com'}]"));
        assertThat(r.resource().get("addresses")).isEqualTo(json("[{'type':'work','locality':'Redmond','region':'WA'}]"));
        PatchResult replaced = users.apply(r.resource(), body(
                "{'op':'Replace','path':'emails[type eq \\\"work\\\"].value','value':'k2@work.com'}"));
        assertThat(replaced.resource().get("emails")).isEqualTo(json(
                "[{'value':'k@home.org','type':'home'},{'type':'work','value':'k2@work.com'}]"));
        assertThat(error(() -> strictUsers.apply(minimal, body(
                "{'op':'replace','path':'emails[type eq \\\"work\\\"].value','value':'k@work.com'}"))).scimType())
                .contains(ScimType.NO_TARGET);
    }

    @Test
    void entraManagerAsBareStringAndLegacyShapeAndClearing() {
        ScimResource minimal = ResourceReader.standard().read(q("{'userName':'kay'}"), USER);
        PatchResult bare = users.apply(minimal, body("{'op':'Add','path':'" + ENT + ":manager','value':'m1'}"));
        assertThat(bare.resource().get(ENT + ":manager.value").asText()).isEqualTo("m1");
        assertThat(bare.resource().schemas()).contains(ENT);
        PatchResult legacy = users.apply(minimal, body("{'op':'Add','path':'manager','value':[{'$ref':'../Users/m2',"
                + "'value':'m2'}]}"));
        assertThat(legacy.resource().get(ENT + ":manager.value").asText()).isEqualTo("m2");
        PatchResult cleared = users.apply(bare.resource(), body("{'op':'Replace','path':'" + ENT
                + ":manager','value':''}"));
        assertThat(cleared.resource().has(ENT + ":manager")).isFalse();
        assertThat(cleared.resource().schemas()).doesNotContain(ENT);
        assertThat(Access.json(cleared.resource()).has(ENT)).isFalse();
    }

    @Test
    void entraEmptyThenNullClears() {
        PatchResult empty = users.apply(fullUser(), body("{'op':'Replace','path':'title','value':''}"));
        assertThat(empty.resource().has("title")).isFalse();
        PatchResult nulled = users.apply(fullUser(), body("{'op':'replace','path':'title','value':null}"));
        assertThat(nulled.resource().has("title")).isFalse();
        assertThat(strictUsers.apply(fullUser(), body("{'op':'replace','path':'title','value':''}")).resource()
                .get("title").asText()).isEmpty();
        // null is unassigned in both modes (RFC 7643 §2.5).
        assertThat(strictUsers.apply(fullUser(), body("{'op':'replace','path':'title','value':null}")).resource()
                .has("title")).isFalse();
    }

    @Test
    void entraCombinedGroupPatch() {
        PatchResult r = groups.apply(group(), body("{'op':'Replace','path':'displayName','value':'New'},"
                + "{'op':'Add','path':'members','value':[{'value':'u1'}]},"
                + "{'op':'Remove','path':'members','value':[{'value':'" + MANDY + "'}]}"));
        assertThat(r.changes().paths()).containsExactly("displayName", "members");
        assertThat(r.changes().change("members").orElseThrow().addedValues()).containsExactly("u1");
        assertThat(r.changes().change("members").orElseThrow().removedValues()).containsExactly(MANDY);
    }

    @Test
    void entraValidatorEmptyOperations() {
        assertThat(users.apply(fullUser(), body("")).changes().isEmpty()).isTrue();
        assertThat(error(() -> strictUsers.apply(fullUser(), body(""))).scimType()).contains(ScimType.INVALID_SYNTAX);
    }

    // ---- Microsoft's reference Postman collection ----

    @Test
    void postmanBareStringMemberAndRemoveWithoutValue() {
        PatchResult added = groups.apply(group(), body("{'op':'add','path':'members','value':'u4'}"));
        assertThat(added.resource().get("members.value")).extracting(JsonNode::asText).contains("u4");
        PatchResult emptied = groups.apply(group(), body("{'op':'remove','path':'members'}"));
        assertThat(emptied.resource().has("members")).isFalse();
    }

    @Test
    void postmanReplaceUserNameAndActive() {
        PatchResult r = users.apply(fullUser(), body("{'op':'replace','path':'userName','value':'ryan3'},"
                + "{'op':'replace','path':'active','value':false}"));
        assertThat(r.resource().get("userName").asText()).isEqualTo("ryan3");
        assertThat(r.changes().paths()).containsExactly("userName", "active");
    }

    // ---- errors ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'op':'add','path':'noSuchThing','value':1}                    | invalidPath   | noSuchThing is not an attribute",
        "{'op':'add','path':'emails[type eq','value':1}                 | invalidPath   | ",
        "{'op':'remove','path':'name[givenName eq \\\"x\\\"]'}          | invalidPath   | needs a multi-valued complex",
        "{'op':'replace','path':'id','value':'x'}                       | mutability    | id is readOnly",
        "{'op':'replace','path':'meta.created','value':'2020-01-01T00:00:00Z'} | mutability | readOnly",
        "{'op':'add','path':'groups','value':[{'value':'g'}]}           | mutability    | groups is readOnly",
        "{'op':'remove','path':'userName'}                              | invalidValue  | userName is required",
        "{'op':'replace','path':'active','value':'maybe'}               | invalidValue  | active must be a boolean",
        "{'op':'add','path':'emails','value':[{'value':['a']}]}         | invalidValue  | emails[0].value is single-valued",
        "{'op':'replace','value':{'urn:ietf:params:scim:schemas:core:2.0:User':'x'}} | invalidValue | core:2.0:User must be an object",
        "{'op':'add','value':{'urn:ietf:params:scim:schemas:core:2.0:User':[{'title':'t'}]}} | invalidValue | must be an object",
        "{'op':'jump','path':'active','value':true}                     | invalidSyntax | must be add, remove or replace",
        "{'op':'add','path':'active'}                                   | invalidSyntax | add needs a value",
        "{'op':'add','value':'x'}                                       | invalidSyntax | needs an object value",
        "{'op':'remove'}                                                | noTarget      | remove needs a path",
        "{'op':'replace','path':'emails[type eq \\\"pager\\\" or value co \\\"zzz\\\"]','value':'x'} | noTarget | not a filter of equalities",
        "{'op':'replace','path':'emails[primary gt true]','value':{}}   | invalidFilter | ",
    })
    void errors(String operation, String scimType, String detail) {
        ScimException e = error(() -> users.apply(fullUser(), body(operation)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType().orElseThrow().keyword()).isEqualTo(scimType);
        if (detail != null) {
            assertThat(e.detail()).contains(detail);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[]} | Operations must not be empty",
        "{'Operations':[{'op':'add','path':'title','value':'x'}]}      | schemas must be",
        "{'schemas':['urn:x'],'Operations':[{'op':'add','path':'title','value':'x'}]} | schemas must be",
        "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp']}   | Operations must be an array",
        "[1]                                                            | a PATCH body is a JSON object",
        "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'Add','path':'title','value':'x'}]} | lower case in strict mode",
    })
    void strictRequestShape(String json, String detail) {
        ScimException e = error(() -> strictUsers.apply(fullUser(), q(json).getBytes(StandardCharsets.UTF_8)));
        assertThat(e.scimType()).contains(ScimType.INVALID_SYNTAX);
        assertThat(e.detail()).contains(detail);
    }

    @Test
    void malformedJsonIsInvalidSyntax() {
        assertThat(error(() -> users.apply(fullUser(), "{".getBytes(StandardCharsets.UTF_8))).scimType())
                .contains(ScimType.INVALID_SYNTAX);
    }

    @Test
    void failedPatchLeavesTheResourceUnchanged() {
        ScimResource user = fullUser();
        JsonNode before = user.toJson();
        error(() -> users.apply(user, body("{'op':'replace','path':'title','value':'Boss'},"
                + "{'op':'add','path':'emails','value':[{'value':'x@y.z'}]},{'op':'replace','path':'id','value':'n'}")));
        assertThat(Access.json(user)).isEqualTo(before);
    }

    @Test
    void removeThatSelectsNothingIsANoOp() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members[value eq \\\"ghost\\\"]'}"));
        assertThat(r.changes().isEmpty()).isTrue();
    }

    @Test
    void batchedRemovalsRemoveExactlyThoseMembers() {
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members[value eq \\\"" + BABS + "\\\"]'},"
                + "{'op':'remove','path':'members[value eq \\\"ghost\\\"]'},"
                + "{'op':'add','path':'members','value':[{'value':'u1'}]}"));
        assertThat(r.resource().get("members.value")).extracting(JsonNode::asText).containsExactly(MANDY, "u1");
        assertThat(r.changes().change("members").orElseThrow().removedValues()).isEqualTo(Set.of(BABS));
    }

    @Test
    void longOrFiltersOfMembersAreOnePassAndAccepted() {
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            filter.append(i == 0 ? "" : " or ").append("value eq \\\"00000000-0000-4000-8000-").append(
                    String.format("%012d", i)).append("\\\"");
        }
        filter.append(" or value eq \\\"").append(BABS).append("\\\"");
        PatchResult r = groups.apply(group(), body("{'op':'remove','path':'members[" + filter + "]'}"));
        assertThat(r.changes().change("members").orElseThrow().removedValues()).containsExactly(BABS);
    }
}
