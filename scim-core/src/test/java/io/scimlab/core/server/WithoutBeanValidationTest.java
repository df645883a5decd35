package io.scimlab.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.resource.ResourceValidation;
import io.scimlab.core.resource.TypedJson;
import io.scimlab.core.resource.User;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Validation and Hibernate Validator are optional: the server runs without them, and typed validation says
 * what is missing. Runs only in the surefire execution {@code without-bean-validation}, whose class and module path
 * lack both jars (and their dependencies); the default execution skips it.
 */
class WithoutBeanValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void onlyWithoutTheJars() {
        // Set by that execution alone, so that running this class with -Dtest in the default one skips it.
        assumeTrue(Boolean.getBoolean("scimlab.withoutBeanValidation"), "runs in the without-bean-validation execution");
    }

    @Test
    void theJarsAreReallyAbsent() {
        // Guards the set-up: were the jars there, every other test here would prove nothing.
        for (String name : new String[] {"jakarta.validation.Validation", "jakarta.validation.constraints.NotBlank",
                "org.hibernate.validator.HibernateValidator"}) {
            assertThatThrownBy(() -> Class.forName(name, false, getClass().getClassLoader()))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theServerCreatesPatchesAndReadsWithoutThem() throws Exception {
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(Authenticator.trusted("test")).build();

        ScimResponse created = server.handle(request("POST", "/Users", "{\"schemas\":"
                + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bjensen\",\"active\":true,"
                + "\"name\":{\"givenName\":\"Barbara\"},\"emails\":[{\"value\":\"b@example.com\",\"primary\":true}]}"));
        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();

        ScimResponse patched = server.handle(request("PATCH", "/Users/" + id, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Babs\"}]}"));
        assertThat(patched.status()).as(patched.bodyText()).isEqualTo(200);

        ScimResponse got = server.handle(ScimRequest.builder("GET", "/Users/" + id).build());
        assertThat(got.status()).isEqualTo(200);
        JsonNode user = JSON.readTree(got.body());
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Babs");
        assertThat(user.path("userName").asText()).isEqualTo("bjensen");

        // The typed records carry Bean Validation annotations; they load and read without the annotation types.
        User typed = TypedJson.standard().readUser(got.bodyText());
        assertThat(typed.userName()).isEqualTo("bjensen");
        assertThat(User.fromResource(directory.users().get(id, RequestContext.system("t")).orElseThrow())
                .name().flatMap(n -> n.givenName())).contains("Babs");
    }

    @Test
    void typedValidationNamesTheMissingDependencies() {
        User user = User.builder().userName("bjensen").build();
        assertThatThrownBy(() -> ResourceValidation.validate(user))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jakarta.validation:jakarta.validation-api")
                .hasMessageContaining("org.hibernate.validator:hibernate-validator")
                .hasMessageContaining("--add-modules");
    }

    private static ScimRequest request(String method, String path, String body) {
        return ScimRequest.builder(method, path).header("Content-Type", "application/scim+json")
                .body(body.getBytes(StandardCharsets.UTF_8)).build();
    }
}
