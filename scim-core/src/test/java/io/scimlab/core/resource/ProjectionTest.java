package io.scimlab.core.resource;

import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Returned;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final ResourceWriter writer = ResourceWriter.of(REGISTRY);
    private final ScimResource user = ResourceReader.standard()
            .read(Fixtures.text("rfc7643/8.3-enterprise-user.json"), USER);

    private ObjectNode write(String attributes, String excluded) {
        return writer.write(user, USER, Projection.parse(attributes, excluded, USER, REGISTRY));
    }

    private static List<String> keys(ObjectNode json) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    static Stream<Arguments> attributeCases() {
        return Stream.of(
                Arguments.of("userName", List.of("schemas", "id", "userName")),
                Arguments.of("USERNAME,Name", List.of("schemas", "id", "userName", "name")),
                Arguments.of("emails.value", List.of("schemas", "id", "emails")),
                Arguments.of("emails[type eq \"work\"]", List.of("schemas", "id", "emails")),
                Arguments.of(ENT, List.of("schemas", "id", ENT)),
                Arguments.of(ENT + ":manager.value", List.of("schemas", "id", ENT)),
                Arguments.of("password", List.of("schemas", "id")),
                Arguments.of("noSuchAttribute", List.of("schemas", "id")),
                Arguments.of("meta.created", List.of("schemas", "id", "meta")));
    }

    @ParameterizedTest(name = "attributes={0}")
    @MethodSource("attributeCases")
    void attributesSelectOnlyWhatIsNamedPlusAlwaysReturned(String attributes, List<String> expectedKeys) {
        assertThat(keys(write(attributes, null))).containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    @Test
    void subAttributeSelection() {
        ObjectNode json = write("emails.value,name.givenName," + ENT + ":manager.value", null);
        assertThat(json.get("emails").get(0)).isEqualTo(Fixtures.parse("{\"value\":\"bjensen@example.com\"}"));
        assertThat(json.get("name")).isEqualTo(Fixtures.parse("{\"givenName\":\"Barbara\"}"));
        assertThat(json.get(ENT)).isEqualTo(Fixtures.parse(
                "{\"manager\":{\"value\":\"26118915-6090-4610-87e4-49d8ca9f808d\"}}"));
    }

    @Test
    void excludedAttributesRemoveFromTheDefaultSet() {
        ObjectNode json = write(null, "emails,name.middleName,id," + ENT + ":manager");
        assertThat(json.has("emails")).isFalse();
        assertThat(json.get("name").has("middleName")).isFalse();
        assertThat(json.get("name").has("givenName")).isTrue();
        assertThat(json.get("id").asText()).isEqualTo(user.id());
        assertThat(json.get(ENT).has("manager")).isFalse();
        assertThat(json.get(ENT).get("employeeNumber").asText()).isEqualTo("701984");
        assertThat(json.has("password")).isFalse();
        assertThat(json.has("phoneNumbers")).isTrue();
    }

    @Test
    void excludingAWholeExtensionAndASubAttribute() {
        ObjectNode json = write(null, ENT + ",emails.display,emails.TYPE");
        assertThat(json.has(ENT)).isFalse();
        assertThat(json.get("emails").get(0)).isEqualTo(Fixtures.parse(
                "{\"value\":\"bjensen@example.com\",\"primary\":true}"));
    }

    @Test
    void defaultProjectionNeverWritesThePassword() {
        assertThat(write(null, null).has("password")).isFalse();
        assertThat(Projection.parse(" ", "", USER, REGISTRY).isDefault()).isTrue();
    }

    @Test
    void requestReturnedAttributesOnlyWhenAsked() {
        String urn = "urn:example:params:scim:schemas:extension:audit:2.0:User";
        Schema audit = new Schema(urn, "Audit", "test extension", List.of(
                AttributeDefinition.builder("riskScore", AttributeType.INTEGER).returned(Returned.REQUEST).build(),
                AttributeDefinition.builder("team", AttributeType.STRING).build()));
        SchemaRegistry registry = REGISTRY.toBuilder().addSchema(audit)
                .addExtension("User", new SchemaExtension(urn, false)).build();
        ResourceTypeDefinition type = registry.requireResourceType("User");
        ScimResource resource = ResourceReader.builder(registry).build().read(Fixtures.q(
                "{'userName':'b','" + urn + "':{'riskScore':7,'team':'blue'}}"), type);
        ResourceWriter customWriter = ResourceWriter.of(registry);
        assertThat(customWriter.write(resource, type, Projection.ALL).get(urn))
                .isEqualTo(Fixtures.parse("{\"team\":\"blue\"}"));
        assertThat(customWriter.write(resource, type, Projection.parse(urn + ":riskScore", null, type, registry))
                .get(urn)).isEqualTo(Fixtures.parse("{\"riskScore\":7}"));
    }
}
