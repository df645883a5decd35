package io.scimlab.core.resource;

import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.internal.Json;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.ServiceProviderConfig;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every JSON example of RFC 7643 §8 round-trips through the model unchanged in meaning. */
class RfcExamplesRoundTripTest {
    private final ResourceReader reader = ResourceReader.standard();
    private final ResourceWriter writer = ResourceWriter.of(REGISTRY);

    static Stream<Arguments> resources() {
        return Stream.of(
                Arguments.of("rfc7643/8.1-minimal-user.json", "User"),
                Arguments.of("rfc7643/8.2-full-user.json", "User"),
                Arguments.of("rfc7643/8.3-enterprise-user.json", "User"),
                Arguments.of("rfc7643/8.4-group.json", "Group"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void readingKeepsEveryAttribute(String file, String type) {
        JsonNode original = Fixtures.json(file);
        ScimResource resource = reader.read(Fixtures.text(file), REGISTRY.requireResourceType(type));
        assertThat(resource.asJson()).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void typedViewRoundTripsToTheSameResource(String file, String type) {
        ScimResource resource = reader.read(Fixtures.text(file), REGISTRY.requireResourceType(type));
        ScimResource back = type.equals("User") ? User.fromResource(resource).toResource()
                : Group.fromResource(resource).toResource();
        assertThat(back).isEqualTo(resource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void writingDropsOnlyThePassword(String file, String type) {
        ResourceTypeDefinition resourceType = REGISTRY.requireResourceType(type);
        ScimResource resource = reader.read(Fixtures.text(file), resourceType);
        ObjectNode expected = (ObjectNode) Fixtures.json(file);
        expected.remove("password");
        assertThat(writer.write(resource, resourceType, Projection.ALL)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void writtenBytesReadBackEqual(String file, String type) {
        ResourceTypeDefinition resourceType = REGISTRY.requireResourceType(type);
        ScimResource resource = reader.read(Fixtures.text(file), resourceType);
        byte[] bytes = Json.toBytes(resource.asJson());
        assertThat(reader.read(bytes, resourceType)).isEqualTo(resource);
    }

    @org.junit.jupiter.api.Test
    void fullUserTypedValues() {
        User user = User.fromResource(reader.read(Fixtures.text("rfc7643/8.3-enterprise-user.json"), USER));
        assertThat(user.userName()).isEqualTo("bjensen@example.com");
        assertThat(user.name().flatMap(Name::givenName)).contains("Barbara");
        assertThat(user.active()).contains(true);
        assertThat(user.emails()).hasSize(2);
        assertThat(user.preferredEmail().flatMap(Email::value)).contains("bjensen@example.com");
        assertThat(user.addresses().get(0).primary()).isTrue();
        assertThat(user.groups()).extracting(ResourceRef::display).allMatch(d -> d.isPresent());
        assertThat(user.meta().created()).contains(Instant.parse("2010-01-23T04:56:22Z"));
        assertThat(user.enterprise().flatMap(EnterpriseUser::manager).flatMap(Manager::displayName))
                .contains("John Smith");
        assertThat(user.toString()).doesNotContain("t1meMa$heen").contains("password=****");
        assertThat(ResourceValidation.validate(user)).isSameAs(user);
    }

    @org.junit.jupiter.api.Test
    void groupTypedValues() {
        Group group = Group.fromResource(reader.read(Fixtures.text("rfc7643/8.4-group.json"), GROUP));
        assertThat(group.displayName()).isEqualTo("Tour Guides");
        assertThat(group.members()).extracting(ResourceRef::value)
                .containsExactly("2819c223-7f76-453a-919d-413861904646", "902c246b-6245-4190-8e05-00816be7344a");
    }

    @org.junit.jupiter.api.Test
    void serviceProviderConfigRoundTrips() {
        JsonNode original = Fixtures.json("rfc7643/8.5-service-provider-config.json");
        ServiceProviderConfig config = ServiceProviderConfig.fromJson(original);
        assertThat(config.bulk().maxPayloadSize()).isEqualTo(1048576);
        assertThat(config.filter().maxResults()).isEqualTo(200);
        assertThat(config.authenticationSchemes()).hasSize(2);
        ObjectNode expected = original.deepCopy();
        expected.set("meta", Fixtures.parse("{\"resourceType\":\"ServiceProviderConfig\"}"));
        assertThat(config.toJson()).isEqualTo(expected);
        assertThat(ServiceProviderConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @org.junit.jupiter.api.Test
    void resourceTypesRoundTrip() {
        for (JsonNode original : Fixtures.json("rfc7643/8.6-resource-types.json")) {
            ResourceTypeDefinition type = ResourceTypeDefinition.fromJson(original);
            ObjectNode expected = original.deepCopy();
            expected.set("meta", Fixtures.parse("{\"resourceType\":\"ResourceType\"}"));
            assertThat(type.toJson()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"User", "Group", "EnterpriseUser", "ServiceProviderConfig", "ResourceType", "Schema"})
    void schemaDataFilesRoundTrip(String file) {
        JsonNode original = Fixtures.json("io/scimlab/core/schema/" + file + ".json");
        Schema schema = Schema.fromJson(original);
        ObjectNode written = schema.toJson();
        ObjectNode expected = original.deepCopy();
        expected.set("meta", Fixtures.parse("{\"resourceType\":\"Schema\"}"));
        // The data files leave out characteristics at their defaults where RFC 7643 §8.7 does; toJson writes all.
        assertThat(Schema.fromJson(written)).isEqualTo(schema);
        assertThat(written.get("id")).isEqualTo(expected.get("id"));
        assertThat(written.get("attributes").size()).isEqualTo(expected.get("attributes").size());
        assertThat(REGISTRY.schema(schema.id())).isEqualTo(schema);
    }
}
