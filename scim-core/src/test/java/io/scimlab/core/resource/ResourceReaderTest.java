package io.scimlab.core.resource;

import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static io.scimlab.core.resource.Fixtures.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceReaderTest {
    private static final String CORE = "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],";
    private final ResourceReader lenient = ResourceReader.standard();
    private final ResourceReader strict = ResourceReader.builder(REGISTRY).strict(true).build();

    private static String user(String members) {
        return q("{" + CORE + "'userName':'bjensen'" + (members.isEmpty() ? "" : "," + members) + "}");
    }

    private static ScimException error(Runnable read) {
        try {
            read.run();
        } catch (ScimException e) {
            return e;
        }
        throw new AssertionError("expected a ScimException");
    }

    // ---- success paths and lenient coercions ----

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // input members                          | expected canonical JSON members
        "'active':true                            | 'active':true",
        "'active':'True'                          | 'active':true",
        "'ACTIVE':'false'                         | 'active':false",
        "'Active':' FALSE '                       | 'active':false",
        "'title':null                             | ",
        "'emails':[]                              | ",
        "'name':{}                                | ",
        "'name':{'GivenName':'Babs','familyname':'Jensen'} | 'name':{'givenName':'Babs','familyName':'Jensen'}",
        "'emails':[{'Value':'a@b.c','Primary':'True','TYPE':'work'}] | 'emails':[{'value':'a@b.c','primary':true,'type':'work'}]",
        "'emails':{'value':'a@b.c'}               | 'emails':[{'value':'a@b.c'}]",
        "'emails':[null,{'value':'a@b.c'}]        | 'emails':[{'value':'a@b.c'}]",
        "'title':42                               | 'title':'42'",
        "'nickName':true                          | 'nickName':'true'",
        "'unknownThing':{'deep':[1,2,{'x':1}]}    | ",
        "'roles':[]                               | ",
        "'meta':{'created':'2010-01-23T04:56:22Z'} | 'meta':{'created':'2010-01-23T04:56:22Z'}",
        "'x509Certificates':[{'value':'TUlJRA=='}] | 'x509Certificates':[{'value':'TUlJRA=='}]",
    })
    void readsAndCanonicalises(String input, String expected) {
        ScimResource resource = lenient.read(user(input.trim()), USER);
        assertThat(resource.asJson()).isEqualTo(Fixtures.parse(user(expected == null ? "" : expected.trim())));
    }

    @Test
    void readRequestIgnoresReadOnlyAttributesButKeepsId() {
        ScimResource resource = lenient.readRequest(user("'id':'abc','meta':{'resourceType':'User'},"
                + "'groups':[{'value':'g1'}],'password':'secret'"), USER);
        assertThat(resource.id()).isEqualTo("abc");
        assertThat(resource.has("meta")).isFalse();
        assertThat(resource.has("groups")).isFalse();
        assertThat(resource.get("password").asText()).isEqualTo("secret");
        assertThat(resource.toString()).doesNotContain("secret");
    }

    @Test
    void readKeepsReadOnlyAttributes() {
        ScimResource resource = lenient.read(user("'groups':[{'value':'g1','display':'G'}]"), USER);
        assertThat(resource.get("groups.value").get(0).asText()).isEqualTo("g1");
    }

    @Test
    void extensionsAreCanonicalisedAndListed() {
        ScimResource resource = lenient.read(q("{'userName':'b',"
                + "'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER':{'EmployeeNumber':701984,"
                + "'manager':'26118915'}}"), USER);
        assertThat(resource.schemas()).containsExactly("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(resource.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
                .asText()).isEqualTo("701984");
        assertThat(resource.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                .asText()).isEqualTo("26118915");
    }

    @Test
    void entraGroupSchemaAndBareMemberValuesAreTolerated() {
        ScimResource group = lenient.readRequest(q("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group',"
                + "'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],"
                + "'externalId':'8aa1a0c0','displayName':'Group1DisplayName','members':['u1',{'value':'u2'}]}"),
                GROUP);
        assertThat(group.schemas()).containsExactly("urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(Group.fromResource(group).members()).extracting(ResourceRef::value).containsExactly("u1", "u2");
    }

    @Test
    void readsFromStreamsAndTrees() {
        String json = user("'active':true");
        ScimResource fromBytes = lenient.readRequest(json.getBytes(StandardCharsets.UTF_8), USER);
        ScimResource fromStream = lenient.readRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                USER);
        ScimResource fromTree = lenient.readRequest(Fixtures.parse(json), USER);
        assertThat(fromStream).isEqualTo(fromBytes).isEqualTo(fromTree);
    }

    @Test
    void missingSchemasIsAddedWhenLenientAndRejectedWhenStrict() {
        String json = q("{'userName':'b'}");
        assertThat(lenient.read(json, USER).schemas()).containsExactly("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(error(() -> strict.read(json, USER)).detail()).contains("schemas must contain");
    }

    // ---- failure paths ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{                        | malformed JSON at line 1, column 2",
        "{'userName':}            | malformed JSON at line 1, column 13",
        "[]                       | a JSON object was expected",
        "42                       | a JSON object was expected",
        "<empty>                  | the body is empty",
        "{'userName':'a'} {}      | unexpected content after the JSON object",
    })
    void malformedJsonIsInvalidSyntax(String json, String detail) {
        ScimException e = error(() -> lenient.readRequest(json.equals("<empty>") ? "" : q(json), USER));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).contains(ScimType.INVALID_SYNTAX);
        assertThat(e.detail()).contains(detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'active':'yes'                           | active must be a boolean, not a string",
        "'active':1                               | active must be a boolean, not a number",
        "'userName':['a']                         | userName is single-valued; an array is not allowed",
        "'name':'Babs'                            | name must be a JSON object, not a string",
        "'name':{'givenName':{'x':1}}             | name.givenName must be a string, not an object",
        "'emails':[{'value':'a','primary':'maybe'}] | emails[0].primary must be a boolean, not a string",
        "'emails':[{'value':'a'},{'value':['b']}] | emails[1].value is single-valued",
        "'emails':[[{'value':'a'}]]               | emails[0] must not be an array",
        "'meta':{'created':'yesterday'}           | meta.created must be an xsd:dateTime",
        "'x509Certificates':[{'value':'not base64!'}] | x509Certificates[0].value must be base64-encoded binary",
        "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':[1]}} | "
                + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value is single-valued",
        "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':'x' | must be a JSON object",
    })
    void wrongTypesAreInvalidValueNamingThePath(String members, String detail) {
        ScimException e = error(() -> lenient.read(user(members), USER));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
        assertThat(e.detail()).contains(detail);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']}                  | userName is required",
        "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':null}  | userName is required",
        "{'schemas':['urn:example:unknown'],'userName':'a'}                          | urn:example:unknown is not a schema",
        "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'userName':'a'}  | is not a schema of resource type User",
        "{'schemas':'urn:ietf:params:scim:schemas:core:2.0:User','userName':'a','schemas':[1]} | schemas must be an array",
    })
    void missingRequiredAndUnknownSchemasAreRejected(String json, String detail) {
        ScimException e = error(() -> lenient.readRequest(q(json), USER));
        assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
        assertThat(e.detail()).contains(detail);
    }

    @Test
    void groupNeedsDisplayName() {
        assertThat(error(() -> lenient.readRequest(q("{'members':[]}"), GROUP)).detail())
                .isEqualTo("displayName is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'active':'True'                 | active must be a boolean, not a string",
        "'title':42                      | title must be a string, not a number",
        "'emails':{'value':'a@b.c'}      | emails is multi-valued and must be an array",
        "'unknownThing':1                | unknownThing is not an attribute",
        "'name':{'nick':'x'}             | name.nick is not an attribute",
        "'urn:example:ext':{'a':1}       | urn:example:ext is not an extension of resource type User",
    })
    void strictModeRejectsWhatLenientModeTolerates(String members, String detail) {
        assertThat(lenient.read(user(members), USER)).isNotNull();
        ScimException e = error(() -> strict.read(user(members), USER));
        assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
        assertThat(e.detail()).contains(detail);
    }

    @Test
    void deepNestingIsRejectedWithoutRecursion() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        ScimException e = error(() -> lenient.read(user("'unknownThing':" + deep), USER));
        assertThat(e.scimType()).contains(ScimType.INVALID_SYNTAX);
        assertThat(e.detail()).contains("malformed JSON");
    }

    @Test
    void readValueChecksOneAttribute() {
        var active = REGISTRY.resolve(USER, "active").attribute();
        assertThat(lenient.readValue(Fixtures.MAPPER.getNodeFactory().textNode("False"), active, "active", true)
                .booleanValue()).isFalse();
        assertThatThrownBy(() -> strict.readValue(Fixtures.MAPPER.getNodeFactory().textNode("False"), active,
                "active", true)).isInstanceOf(ScimException.class).hasMessageContaining("active must be a boolean");
    }

    @Test
    void base64Check() {
        assertThat(ValueRules.isBase64("TWFu")).isTrue();
        assertThat(ValueRules.isBase64("TWE=")).isTrue();
        assertThat(ValueRules.isBase64("TQ==")).isTrue();
        assertThat(ValueRules.isBase64("TQ=x")).isFalse();
        assertThat(ValueRules.isBase64("T===")).isFalse();
        assertThat(ValueRules.isBase64("a b!")).isFalse();
    }
}
