package io.scimlab.core.patch;

import static io.scimlab.core.patch.PatchEngineTest.error;
import static io.scimlab.core.patch.PatchEngineTest.fullUser;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static io.scimlab.core.resource.Fixtures.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.AttributeType;
import io.scimlab.core.schema.Mutability;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaExtension;
import io.scimlab.core.schema.SchemaRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUT (RFC 7644 §3.5.1) semantics. */
class ReplaceTest {
    private final PatchEngine engine = PatchEngine.of(REGISTRY, USER, PatchOptions.lenient());

    private static ScimResource request(String json) {
        return ResourceReader.standard().readRequest(q(json), USER);
    }

    @Test
    void attributesLeftOutAreClearedAndReadOnlyOnesKept() {
        ScimResource existing = fullUser();
        PatchResult r = engine.replace(existing, request("{'userName':'bjensen@example.com','active':false,"
                + "'meta':{'created':'1999-01-01T00:00:00Z'},'groups':[{'value':'hacked'}]}"));
        assertThat(r.resource().has("title")).isFalse();
        assertThat(r.resource().has("emails")).isFalse();
        assertThat(r.resource().get("active").asBoolean()).isFalse();
        assertThat(r.resource().id()).isEqualTo(existing.id());
        assertThat(r.resource().get("meta")).isEqualTo(existing.get("meta"));
        assertThat(r.resource().get("groups")).isEqualTo(existing.get("groups"));
        assertThat(r.changes().paths()).contains("title", "emails", "active").doesNotContain("groups", "meta");
        assertThat(r.resource().schemas()).containsExactly(SchemaRegistry.USER_SCHEMA);
    }

    @Test
    void anotherIdIsIgnoredWhenLenientAndMutabilityWhenStrict() {
        ScimResource existing = fullUser();
        assertThat(engine.replace(existing, request("{'id':'" + existing.id() + "','userName':'x'}")).resource()
                .id()).isEqualTo(existing.id());
        // RFC 7644 §3.5.1: id is readOnly, and readOnly values in a PUT are ignored.
        PatchResult lenient = engine.replace(existing, request("{'id':'other','userName':'x'}"));
        assertThat(lenient.resource().id()).isEqualTo(existing.id());
        assertThat(lenient.changes().paths()).contains("userName").doesNotContain("id");
        PatchEngine strict = PatchEngine.of(REGISTRY, USER, PatchOptions.strictRfc());
        ScimException e = error(() -> strict.replace(existing, request("{'id':'other','userName':'x'}")));
        assertThat(e.scimType()).contains(ScimType.MUTABILITY);
        assertThat(e.detail()).contains("id", "other");
        assertThat(strict.replace(existing, request("{'id':'" + existing.id() + "','userName':'x'}")).resource()
                .id()).isEqualTo(existing.id());
    }

    @Test
    void replacingWithTheSameRepresentationChangesNothing() {
        ScimResource existing = fullUser();
        PatchResult r = engine.replace(existing, ResourceReader.standard().readRequest(Access.json(existing), USER));
        assertThat(r.changes().isEmpty()).isTrue();
    }

    @Test
    void immutableAttributesMustNotChangeOnceSet() {
        String urn = "urn:example:params:scim:schemas:extension:hr:2.0:User";
        Schema hr = new Schema(urn, "HR", "test", List.of(AttributeDefinition.builder("badge", AttributeType.STRING)
                .mutability(Mutability.IMMUTABLE).build()));
        SchemaRegistry registry = REGISTRY.toBuilder().addSchema(hr).addExtension("User", new SchemaExtension(urn,
                false)).build();
        ResourceTypeDefinition type = registry.requireResourceType("User");
        ResourceReader reader = ResourceReader.builder(registry).build();
        PatchEngine hrEngine = PatchEngine.of(registry, type, PatchOptions.lenient());
        ScimResource unset = reader.read(q("{'userName':'a'}"), type);
        ScimResource set = hrEngine.replace(unset, reader.readRequest(q("{'userName':'a','" + urn
                + "':{'badge':'B1'}}"), type)).resource();
        assertThat(set.get(urn + ":badge").asText()).isEqualTo("B1");
        assertThat(hrEngine.replace(set, reader.readRequest(q("{'userName':'b','" + urn + "':{'badge':'B1'}}"),
                type)).resource().get("userName").asText()).isEqualTo("b");
        assertThat(error(() -> hrEngine.replace(set, reader.readRequest(q("{'userName':'a','" + urn
                + "':{'badge':'B2'}}"), type))).scimType()).contains(ScimType.MUTABILITY);
        assertThat(error(() -> hrEngine.apply(set, PatchEngineTest.body("{'op':'replace','path':'" + urn
                + ":badge','value':'B3'}"))).scimType()).contains(ScimType.MUTABILITY);
    }
}
