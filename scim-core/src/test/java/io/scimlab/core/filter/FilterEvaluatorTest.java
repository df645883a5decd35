package io.scimlab.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterEvaluatorTest {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String NUMBERS = "urn:scimlab:test:2.0:Numbers";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The standard registry plus a test extension with integer and decimal attributes (RFC 7643 defines none). */
    static final SchemaRegistry REGISTRY = SchemaRegistry.standard().toBuilder()
            .addSchema(new Schema(NUMBERS, "Numbers", "numeric attributes for tests", List.of(
                    AttributeDefinition.builder("level", AttributeType.INTEGER).build(),
                    AttributeDefinition.builder("score", AttributeType.DECIMAL).build(),
                    AttributeDefinition.builder("scores", AttributeType.DECIMAL).multiValued(true).build())))
            .addExtension("User", new SchemaExtension(NUMBERS, false))
            .build();
    static final ResourceTypeDefinition USER = REGISTRY.requireResourceType("User");
    static final FilterEvaluator LENIENT = FilterEvaluator.of(REGISTRY, USER);
    static final FilterEvaluator STRICT = FilterEvaluator.of(REGISTRY, USER, FilterOptions.strictRfc());

    static ObjectNode fullUserJson() {
        try (InputStream in = FilterEvaluatorTest.class.getResourceAsStream("/filter/full-user.json")) {
            ObjectNode json = (ObjectNode) MAPPER.readTree(in);
            json.putObject(NUMBERS).put("level", 7).put("score", new java.math.BigDecimal("2.50"))
                    .putArray("scores").add(1).add(2.5).add(10L);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final ScimResource FULL_USER = Access.wrap(fullUserJson());

    static boolean eval(String filter) {
        return LENIENT.compile(filter).matches(FULL_USER);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "bjensen"                                       | true
            name.familyName co "O'Malley"                               | false
            userName sw "J"                                             | false
            urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"  | false
            urn:ietf:params:scim:schemas:core:2.0:User:userName sw "BJ" | true
            title pr                                                    | true
            meta.lastModified gt "2011-05-13T04:42:34Z"                 | false
            meta.lastModified ge "2011-05-13T04:42:34Z"                 | true
            meta.lastModified lt "2011-05-13T04:42:34Z"                 | false
            meta.lastModified le "2011-05-13T04:42:34Z"                 | true
            title pr and userType eq "Employee"                         | true
            title pr or userType eq "Intern"                            | true
            schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" | true
            userType eq "Employee" and (emails co "example.com" or emails.value co "example.org") | true
            userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org") | false
            userType eq "Employee" and (emails.type eq "work")          | true
            userType eq "Employee" and emails[type eq "work" and value co "@example.com"] | true
            emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"] | true
            emails[type eq "home" and value co "@example.com"]          | false
            ims[type eq "xmpp" and value co "@foo.com"]                 | false
            meta.lastModified gt "2011-05-13T04:42:34Z" and not (active eq false) | false
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984" | true
            """)
    void evaluatesRfcExamplesOnTheFullUser(String filter, boolean expected) {
        assertThat(eval(filter)).isEqualTo(expected);
        assertThat(STRICT.compile(filter).matches(FULL_USER)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "BJENSEN"                 | true
            userName ne "bjensen"                 | false
            userName ne "other"                   | true
            userName co "JEN"                     | true
            userName co "jensen"                  | true
            userName co "bjensenx"                | false
            userName co ""                        | true
            userName sw "BJ"                      | true
            userName ew "SEN"                     | true
            userName ew "xbjensen"                | false
            userName gt "a"                       | true
            userName gt "bjensen"                 | false
            userName ge "BJENSEN"                 | true
            userName lt "c"                       | true
            userName le "BJENSEN"                 | true
            id eq "2819c223-7f76-453a-919d-413861904646" | true
            id eq "2819C223-7F76-453A-919D-413861904646" | false
            id sw "2819c"                         | true
            id sw "2819C"                         | false
            id co "7F76"                          | false
            id co "7f76"                          | true
            id ew "904646"                        | true
            id gt "1"                             | true
            id lt "3"                             | true
            meta.resourceType eq "user"           | false
            meta.resourceType eq "User"           | true
            externalId eq "701984"                | true
            profileUrl sw "https://"              | true
            profileUrl co "LOGIN"                 | true
            groups.$ref sw "https://example.com"  | true
            groups.display eq "employees"         | true
            active eq true                        | true
            active eq false                       | false
            active ne false                       | true
            active ne true                        | false
            emails.primary eq true                | true
            emails[primary eq true and type eq "work"] | true
            emails[primary eq true and type eq "home"] | false
            meta.created lt "2011-01-01T00:00:00Z" | true
            meta.created eq "2010-01-23T04:56:22Z" | true
            meta.created eq "2010-01-23T05:56:22+01:00" | true
            meta.created eq "2010-01-23T04:56:22.000Z" | true
            meta.created gt "2010-01-23T04:56:21.999999999Z" | true
            meta.created gt "2010-01-23T04:56:22.001Z" | false
            meta.created ne "2010-01-23T04:56:22Z" | false
            meta.created ge "2010-01-22T23:56:22-05:00" | true
            meta.created le "2010-01-22T23:56:21-05:00" | false
            x509Certificates.value eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx" | true
            x509Certificates.value eq "miidqzccaqygawibagiceaawdqyjkozihvcnaqefbqawtjelmakga1uebhmcvvmx" | false
            x509Certificates eq "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx" | true
            x509Certificates.value ne "x"         | true
            urn:scimlab:test:2.0:Numbers:level eq 7   | true
            urn:scimlab:test:2.0:Numbers:level eq 7.0 | true
            urn:scimlab:test:2.0:Numbers:level eq 8   | false
            urn:scimlab:test:2.0:Numbers:level ne 7   | false
            urn:scimlab:test:2.0:Numbers:level gt 6   | true
            urn:scimlab:test:2.0:Numbers:level ge 7   | true
            urn:scimlab:test:2.0:Numbers:level lt 7   | false
            urn:scimlab:test:2.0:Numbers:level le 7   | true
            urn:scimlab:test:2.0:Numbers:level lt 99999999999999999999999 | true
            urn:scimlab:test:2.0:Numbers:level gt -1e30 | true
            urn:scimlab:test:2.0:Numbers:score eq 2.5   | true
            urn:scimlab:test:2.0:Numbers:score eq 2.500 | true
            urn:scimlab:test:2.0:Numbers:score gt 2.49  | true
            urn:scimlab:test:2.0:Numbers:score lt 3     | true
            urn:scimlab:test:2.0:Numbers:score ge 3     | false
            urn:scimlab:test:2.0:Numbers:scores eq 10   | true
            urn:scimlab:test:2.0:Numbers:scores gt 9    | true
            urn:scimlab:test:2.0:Numbers:scores lt 1    | false
            urn:scimlab:test:2.0:Numbers:scores ne 2.5  | false
            emails eq "bjensen@example.com"       | true
            emails co "jensen.org"                | true
            emails ne "nobody@example.com"        | true
            name pr                               | true
            emails pr                             | true
            emails.type ne "work"                 | false
            emails.type ne "other"                | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d" | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq "JOHN SMITH" | true
            title eq null                         | false
            title ne null                         | true
            ims.display eq null                   | true
            schemas eq "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER" | true
            schemas co "enterprise"               | true
            USERNAME eq "bjensen"                 | true
            Emails[Type eq "work"]                | true
            NAME.FAMILYNAME eq "jensen"           | true
            DisplayName eq "babs jensen"          | true
            """)
    void comparesEveryOperatorByType(String filter, boolean expected) {
        assertThat(eval(filter)).isEqualTo(expected);
        assertThat(eval("not (" + filter + ")")).isEqualTo(!expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            emails[type eq "work"].value eq "bjensen@example.com" | true
            emails[type eq "home"].value eq "bjensen@example.com" | false
            externalId eq 701984                                  | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq 701984 | true
            userName sw B                                         | true
            userName sw O                                         | false
            emails co example.com                                 | true
            name.FamilyName eq Jensen and (emails.Value co example.com or emails.Value co example.org) | true
            meta.Created gt "2009-12-31T00:00:00Z"                | true
            active eq "True"                                      | true
            active eq False                                       | false
            urn:scimlab:test:2.0:Numbers:level eq "7"             | true
            foo eq "x"                                            | false
            foo ne "x"                                            | true
            foo pr                                                | false
            foo eq null                                           | true
            not (foo pr)                                          | true
            emails[foo eq "x"]                                    | false
            bar[type eq "x"]                                      | false
            urn:example:unknown:2.0:User:attr eq "x"              | false
            """)
    void leniencyCoversClientShapesAndUnknownAttributes(String filter, boolean expected) {
        assertThat(eval(filter)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            active eq "True"                         | compares with true or false
            urn:scimlab:test:2.0:Numbers:level eq "7" | compares with a number
            externalId eq 701984                     | compares with a quoted string
            foo eq "x"                               | not defined
            emails[foo eq "x"]                       | not defined
            urn:example:unknown:2.0:User:attr eq "x" | not defined
            """)
    void strictModeRejectsLooseLiteralsAndUnknownAttributes(String filter, String detail) {
        assertThatThrownBy(() -> STRICT.compile(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.scimType()).contains(ScimType.INVALID_FILTER);
            assertThat(e.detail()).contains(detail);
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            active gt true                        | not supported for the boolean attribute
            active le false                       | not supported for the boolean attribute
            active co "t"                         | co, sw and ew compare strings
            emails.primary sw true                | not supported for the boolean attribute
            meta.created co "2010"                | co, sw and ew compare strings
            meta.created eq "yesterday"           | not an RFC 3339 date-time
            meta.created gt 5                     | not an RFC 3339 date-time
            x509Certificates.value gt "a"         | not supported for the binary attribute
            x509Certificates.value co "a"         | not supported for the binary attribute
            urn:scimlab:test:2.0:Numbers:level co 7 | co, sw and ew compare strings
            urn:scimlab:test:2.0:Numbers:level eq "seven" | compares with a number
            name eq "x"                           | only be compared through a sub-attribute
            addresses eq "x"                      | only be compared through a sub-attribute
            title co null                         | only eq and ne compare with null
            userName[value eq "x"]                | applies to a complex attribute
            """)
    void rejectsOperatorsThatDoNotFitTheType(String filter, String detail) {
        assertThatThrownBy(() -> LENIENT.compile(filter)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).contains(ScimType.INVALID_FILTER);
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void presenceIsFalseForNullAndEmptyValues() {
        ObjectNode json = MAPPER.createObjectNode();
        json.putArray("schemas").add(SchemaRegistry.USER_SCHEMA);
        json.put("title", "").putNull("nickName").putArray("emails");
        json.putObject("name").putNull("givenName");
        json.putArray("ims").addObject();
        json.putObject(ENTERPRISE);
        ScimResource r = Access.wrap(json);
        for (String attr : List.of("title", "nickName", "emails", "name", "name.givenName", "ims", "ims.value",
                "displayName", ENTERPRISE + ":manager", "phoneNumbers")) {
            assertThat(LENIENT.compile(attr + " pr").matches(r)).as(attr).isFalse();
            assertThat(LENIENT.compile(attr + " eq null").matches(r)).as(attr).isTrue();
        }
    }

    @Test
    void looksUpMembersWhateverTheirCase() {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("UserName", "Alice");
        json.putArray("Emails").addObject().put("Value", "a@example.com").put("TYPE", "work");
        json.putObject(ENTERPRISE.toUpperCase()).put("EmployeeNumber", "42");
        assertThat(LENIENT.compile("userName eq \"alice\" and emails[type eq \"work\"] and emails co \"@example\"")
                .matches(json)).isTrue();
        assertThat(LENIENT.compile(ENTERPRISE + ":employeeNumber eq \"42\"").matches(json)).isTrue();
    }

    @Test
    void compiledFiltersAreReusableAndExposeTheirSource() {
        CompiledFilter f = LENIENT.compile(Filter.parse("userName eq \"bjensen\""));
        assertThat(f.filter()).isEqualTo(Filter.parse("userName eq \"bjensen\""));
        assertThat(f.toString()).isEqualTo("userName eq \"bjensen\"");
        assertThat(f.matches(FULL_USER)).isTrue();
        assertThat(f.matches(ScimResource.empty(SchemaRegistry.USER_SCHEMA))).isFalse();
        assertThat(LENIENT.matches(Filter.parse("title pr"), FULL_USER)).isTrue();
        assertThat(LENIENT.resourceType()).isEqualTo(USER);
    }

    @Test
    void groupsUseTheirOwnSchema() {
        ResourceTypeDefinition group = REGISTRY.requireResourceType("Group");
        ObjectNode json = MAPPER.createObjectNode();
        json.put("displayName", "Tour Guides");
        json.putArray("members").addObject().put("value", "2819c223").put("display", "Babs");
        FilterEvaluator groups = FilterEvaluator.of(REGISTRY, group);
        assertThat(groups.compile("displayName eq \"tour guides\"").matches(json)).isTrue();
        assertThat(groups.compile("members[value eq \"2819c223\"]").matches(json)).isTrue();
        assertThat(groups.compile("members eq \"2819C223\"").matches(json)).isTrue();
        assertThat(groups.compile("userName eq \"x\"").matches(json)).isFalse();
    }
}
