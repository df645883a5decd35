package io.scimlab.core.patch;

import static io.scimlab.core.patch.PatchEngineTest.fullUser;
import static io.scimlab.core.patch.PatchEngineTest.group;
import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scimlab.core.internal.Access;
import io.scimlab.core.resource.ScimResource;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Algebraic properties of the PATCH engine on generated requests. */
class PatchProperties {
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private final PatchEngine users = PatchEngine.of(REGISTRY, USER, PatchOptions.lenient());
    private final PatchEngine groups = PatchEngine.of(REGISTRY, GROUP, PatchOptions.lenient());

    @Provide
    Arbitrary<List<PatchOperation>> userOps() {
        Arbitrary<PatchOperation> op = Arbitraries.oneOf(
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.REPLACE, "title", N.textNode(w))),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.ADD, "emails", N.arrayNode().add(N.objectNode()
                        .put("value", w + "@example.com").put("type", "other")))),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.REMOVE, "emails[value eq \"" + w + "@example.com\"]",
                        null)),
                Arbitraries.just(PatchOperation.of(PatchOp.REMOVE, "emails[type eq \"home\"]", null)),
                Arbitraries.of(true, false).map(b -> PatchOperation.of(PatchOp.REPLACE, "active", N.booleanNode(b))),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.ADD, "name.givenName", N.textNode(w))),
                Arbitraries.just(PatchOperation.of(PatchOp.REMOVE, "nickName", null)),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.ADD, PatchEngineTest.ENT + ":manager.value",
                        N.textNode(w))),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.ADD, "emails[type eq \"work\"].display", N.textNode(w))),
                wordsArbitrary().map(w -> new PatchOperation(PatchOp.REPLACE, java.util.Optional.empty(),
                        java.util.Optional.of(N.objectNode().put("displayName", w).put("name.familyName", w)))));
        return op.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<PatchOperation>> groupOps() {
        Arbitrary<String> ids = Arbitraries.of("u1", "u2", "u3", PatchEngineTest.BABS, PatchEngineTest.MANDY);
        Arbitrary<PatchOperation> op = Arbitraries.oneOf(
                ids.map(id -> PatchOperation.of(PatchOp.REMOVE, "members[value eq \"" + id + "\"]", null)),
                ids.map(id -> PatchOperation.of(PatchOp.ADD, "members",
                        N.arrayNode().add(N.objectNode().put("value", id)))),
                ids.map(id -> PatchOperation.of(PatchOp.REMOVE, "members",
                        N.arrayNode().add(N.objectNode().put("value", id)))),
                wordsArbitrary().map(w -> PatchOperation.of(PatchOp.REPLACE, "displayName", N.textNode(w))));
        return op.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void aRequestEqualsItsOperationsOneByOne(@ForAll("userOps") List<PatchOperation> ops) {
        assertSequential(users, fullUser(), ops);
    }

    @Property(tries = 300)
    void groupRequestsEqualTheirOperationsOneByOne(@ForAll("groupOps") List<PatchOperation> ops) {
        assertSequential(groups, group(), ops);
    }

    private static void assertSequential(PatchEngine engine, ScimResource start, List<PatchOperation> ops) {
        ScimResource whole = engine.apply(start, new PatchRequest(ops)).resource();
        ScimResource stepwise = start;
        for (PatchOperation op : ops) {
            stepwise = engine.apply(stepwise, PatchRequest.of(op)).resource();
        }
        assertThat(Access.json(whole)).isEqualTo(Access.json(stepwise));
    }

    @Property(tries = 200)
    void theChangeSetAppliedToTheOldResourceYieldsTheNewOne(@ForAll("userOps") List<PatchOperation> ops) {
        ScimResource before = fullUser();
        PatchResult result = users.apply(before, new PatchRequest(ops));
        ScimResource rebuilt = result.changes().applyTo(before);
        assertThat(withoutSchemas(rebuilt)).isEqualTo(withoutSchemas(result.resource()));
    }

    @Property(tries = 200)
    void groupChangeSetsApplyToo(@ForAll("groupOps") List<PatchOperation> ops) {
        ScimResource before = group();
        PatchResult result = groups.apply(before, new PatchRequest(ops));
        assertThat(Access.json(result.changes().applyTo(before))).isEqualTo(Access.json(result.resource()));
    }

    @Property(tries = 200)
    void addThenRemoveOfAValueRestoresTheResource(@ForAll("userOps") List<PatchOperation> setup,
            @ForAll("words") String word) {
        ScimResource start = users.apply(fullUser(), new PatchRequest(setup)).resource();
        String fresh = "fresh-" + word + "@example.net";
        PatchResult result = users.apply(start, PatchRequest.of(
                PatchOperation.of(PatchOp.ADD, "emails", N.arrayNode().add(N.objectNode().put("value", fresh)
                        .put("type", "other"))),
                PatchOperation.of(PatchOp.REMOVE, "emails[value eq \"" + fresh + "\"]", null)));
        assertThat(Access.json(result.resource())).isEqualTo(Access.json(start));
        assertThat(result.changes().isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<String> words() {
        return PatchProperties.wordsArbitrary();
    }

    private static Arbitrary<String> wordsArbitrary() {
        return Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3);
    }

    /** {@code schemas} lists extensions by presence; the change set covers attributes, not that list. */
    private static com.fasterxml.jackson.databind.JsonNode withoutSchemas(ScimResource resource) {
        com.fasterxml.jackson.databind.node.ObjectNode json = resource.toJson();
        json.remove("schemas");
        return json;
    }
}
