package io.scimlab.core.resource;

import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static io.scimlab.core.resource.Fixtures.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The typed path reads and writes what the tree path does, and fails the same way. */
class TypedJsonProperties {
    private final ResourceReader reader = ResourceReader.standard();
    private final ResourceReader strictReader = ResourceReader.builder(REGISTRY).strict(true).build();
    private final TypedJson typed = TypedJson.standard();
    private final TypedJson strict = TypedJson.of(strictReader);
    private final ResourceWriter writer = ResourceWriter.of(REGISTRY);
    private final ResourceRoundTripProperties generators = new ResourceRoundTripProperties();

    @Provide
    Arbitrary<User> users() {
        return generators.users();
    }

    @Provide
    Arbitrary<Group> groups() {
        return generators.groups();
    }

    @Property(tries = 300)
    void usersReadAndWriteAsThroughTheTree(@ForAll("users") User user) throws java.io.IOException {
        String json = new String(Json.toBytes(user.toResource().asJson()), StandardCharsets.UTF_8);
        User direct = typed.readUser(json);
        assertThat(direct).isEqualTo(User.fromResource(reader.read(json, USER)));
        assertThat(typed.readUser(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(direct);
        assertThat(strict.readUser(json)).isEqualTo(User.fromResource(strictReader.read(json, USER)));
        assertThat(Fixtures.parse(typed.writeString(user)))
                .isEqualTo(writer.write(user.toResource(), USER, Projection.ALL));
        // Not only the same JSON: the same text, whether built as text or through a Jackson generator.
        String expected = writer.writeString(user.toResource(), USER, Projection.ALL);
        assertThat(typed.writeString(user)).isEqualTo(expected);
        assertThat(throughGenerator(user)).isEqualTo(expected);
    }

    private String throughGenerator(User user) throws java.io.IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator out = Fixtures.MAPPER.getFactory().createGenerator(text)) {
            typed.write(user, out);
        }
        return text.toString();
    }

    @Property(tries = 200)
    void groupsReadAndWriteAsThroughTheTree(@ForAll("groups") Group group) {
        String json = new String(Json.toBytes(group.toResource().asJson()), StandardCharsets.UTF_8);
        assertThat(typed.readGroup(json)).isEqualTo(Group.fromResource(reader.read(json, GROUP)));
        assertThat(Fixtures.parse(typed.writeString(group)))
                .isEqualTo(writer.write(group.toResource(), GROUP, Projection.ALL));
        assertThat(typed.writeString(group)).isEqualTo(writer.writeString(group.toResource(), GROUP,
                Projection.ALL));
    }

    @Example
    void rfcExamplesReadAndWriteAsThroughTheTree() {
        for (String name : List.of("8.1-minimal-user", "8.2-full-user", "8.3-enterprise-user")) {
            String json = Fixtures.text("rfc7643/" + name + ".json");
            User user = typed.readUser(json);
            assertThat(user).as(name).isEqualTo(User.fromResource(reader.read(json, USER)));
            assertThat(typed.writeString(user)).as(name)
                    .isEqualTo(writer.writeString(user.toResource(), USER, Projection.ALL));
        }
        String json = Fixtures.text("rfc7643/8.4-group.json");
        Group group = typed.readGroup(json);
        assertThat(group).isEqualTo(Group.fromResource(reader.read(json, GROUP)));
        assertThat(Fixtures.parse(typed.writeString(group)))
                .isEqualTo(writer.write(group.toResource(), GROUP, Projection.ALL));
    }

    @Example
    void escapesAsJackson() {
        StringBuilder text = new StringBuilder("\"\\/\u007f\u2028\u00e9\ud83d\ude00");
        for (char c = 0; c < 0x20; c++) {
            text.append(c);
        }
        User user = User.builder().userName(text.toString()).displayName("x" + text + "y").build();
        assertThat(typed.writeString(user)).isEqualTo(writer.writeString(user.toResource(), USER, Projection.ALL));
    }

    private static final List<String> USER_INPUTS = List.of(
            "", "   ", "[]", "{", "{'userName':'a',}", "{'userName':'a'} x", "{'userName':'a'}{}",
            "{}", "{'userName':null}", "{'userName':['a']}", "{'userName':{'x':1}}", "{'userName':1}",
            "{'userName':true}", "{'USERNAME':'a','Emails':[{'VALUE':'x','Primary':'True'}]}",
            "{'userName':'a','emails':{'value':'x'}}", "{'userName':'a','emails':'x'}",
            "{'userName':'a','emails':[['x']]}", "{'userName':'a','emails':[{'value':'x'},{'primary':'yes'}]}",
            "{'userName':'a','emails':[{'value':'x'},{'primary':[true]}]}", "{'userName':'a','emails':[null,{}]}",
            "{'userName':'a','emails':[]}", "{'userName':'a','name':'x'}", "{'userName':'a','name':{}}",
            "{'userName':'a','name':{'givenName':2,'nope':1}}", "{'userName':'a','nope':1}",
            "{'userName':'a','active':'maybe'}", "{'userName':'a','active':'TRUE'}",
            "{'userName':'a','meta':{'created':'yesterday'}}",
            "{'userName':'a','meta':{'created':'2011-08-01T18:29:49.793Z','resourceType':'User'}}",
            "{'userName':'a','x509Certificates':[{'value':'not base64!'}]}", "{'userName':'a','groups':['g1']}",
            "{'userName':'a','schemas':'urn:ietf:params:scim:schemas:core:2.0:User'}",
            "{'userName':'a','schemas':['urn:nope']}", "{'userName':'a','schemas':[1]}",
            "{'userName':'a','schemas':['http://example.com/x']}", "{'userName':'a','urn:nope:x':{'a':1}}",
            "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'m1'}}",
            "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':1}}}",
            "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'nope':1}}",
            "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':[1]}",
            "{'userName':'a','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':null}",
            "{'urn:ietf:params:scim:schemas:core:2.0:User':{'userName':'a','nope':2}}",
            "{'urn:ietf:params:scim:schemas:core:2.0:User':'a'}",
            "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'a','userName':null}",
            "{'userName':'a','id':'1','externalId':5,'emails':[{'value':'a@b','primary':1}]}");

    @Example
    void invalidInputsFailTheSameThroughBothPaths() {
        for (String input : USER_INPUTS) {
            String json = q(input);
            compare(json, () -> User.fromResource(reader.read(json, USER)), () -> typed.readUser(json));
            compare(json, () -> User.fromResource(strictReader.read(json, USER)), () -> strict.readUser(json));
            String group = json.replace("userName", "displayName");
            compare(group, () -> Group.fromResource(reader.read(group, GROUP)), () -> typed.readGroup(group));
            compare(group, () -> Group.fromResource(strictReader.read(group, GROUP)), () -> strict.readGroup(group));
        }
    }

    private static void compare(String json, java.util.function.Supplier<Object> tree,
            java.util.function.Supplier<Object> direct) {
        Object expected;
        try {
            expected = tree.get();
        } catch (ScimException e) {
            ScimException actual = catchThrowableOfType(ScimException.class, direct::get);
            assertThat(actual).as(json).isNotNull();
            assertThat(actual.status()).as(json).isEqualTo(e.status());
            assertThat(actual.scimType()).as(json).isEqualTo(e.scimType());
            assertThat(actual.detail()).as(json).isEqualTo(e.detail());
            return;
        }
        assertThat(direct.get()).as(json).isEqualTo(expected);
    }
}
