package io.scimlab.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaRegistryTest {
    private final SchemaRegistry registry = SchemaRegistry.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "userName, userName",
        "USERNAME, userName",
        "name.givenName, name.givenName",
        "Name.FamilyName, name.familyName",
        "emails.value, emails.value",
        "meta.lastModified, meta.lastModified",
        "id, id",
        "externalId, externalId",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName, userName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value,"
                + " urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:employeeNumber,"
                + " urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    })
    void resolvesPathsCaseInsensitively(String path, String canonical) {
        ResolvedAttribute resolved = registry.resolve(registry.requireResourceType("User"), path);
        assertThat(resolved).isNotNull();
        assertThat(resolved.canonicalPath()).isEqualTo(canonical);
    }
}
