package io.scimlab.core.resource;

import static io.scimlab.core.resource.Fixtures.GROUP;
import static io.scimlab.core.resource.Fixtures.REGISTRY;
import static io.scimlab.core.resource.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.core.internal.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any resource the model produces serialises and parses back equal. */
class ResourceRoundTripProperties {
    private final ResourceReader reader = ResourceReader.standard();
    private final ResourceReader strict = ResourceReader.builder(REGISTRY).strict(true).build();
    private final ResourceWriter writer = ResourceWriter.of(REGISTRY);

    @Property(tries = 300)
    void usersRoundTripThroughJson(@ForAll("users") User user) {
        ScimResource resource = user.toResource();
        byte[] json = Json.toBytes(resource.asJson());
        ScimResource read = reader.read(json, USER);
        assertThat(read).isEqualTo(resource);
        assertThat(strict.read(json, USER)).isEqualTo(resource);
        assertThat(User.fromResource(read)).isEqualTo(user);
    }

    @Property(tries = 200)
    void writtenUsersReadBackWithoutThePassword(@ForAll("users") User user) {
        ScimResource resource = user.toResource();
        byte[] written = writer.writeBytes(resource, USER, Projection.ALL);
        User back = User.fromResource(reader.read(written, USER));
        assertThat(back).isEqualTo(user.toBuilder().password(null).build());
    }

    @Property(tries = 200)
    void groupsRoundTripThroughJson(@ForAll("groups") Group group) {
        ScimResource resource = group.toResource();
        ScimResource read = reader.read(Json.toBytes(resource.asJson()), GROUP);
        assertThat(Group.fromResource(read)).isEqualTo(group);
    }

    /**
     * Text a value may hold: ASCII, Latin-1, CJK, a supplementary character (as its surrogate pair, never half of
     * it), and line breaks and tabs (which only names and identifiers refuse).
     */
    private static Arbitrary<String> text() {
        return tokens("\n", "\t");
    }

    /** Text a name or identifier may hold: {@link #text()} without control characters. */
    private static Arbitrary<String> nameText() {
        return tokens();
    }

    private static Arbitrary<String> tokens(String... controls) {
        List<String> tokens = new java.util.ArrayList<>(List.of("a", "b", "c", "X", "Y", "Z", "0", "1", "9", " ",
                "-", "_", ".", "@", "'", "\"", "\\", "/", "\u00e9", "\u4e2d", "\ud83d\ude00"));
        tokens.addAll(List.of(controls));
        return Arbitraries.of(tokens).list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts));
    }

    private static Arbitrary<Optional<String>> maybe() {
        return text().optional(0.6);
    }

    private static Arbitrary<Optional<String>> maybeName() {
        return nameText().optional(0.6);
    }

    private static Arbitrary<Email> emails() {
        Arbitrary<String> address = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                .map(local -> local + "@example.com");
        return Combinators.combine(address.optional(0.9), maybe(), Arbitraries.of("work", "home", "other").optional(),
                Arbitraries.of(false)).as(Email::new);
    }

    private static Arbitrary<LabeledValue> labeled() {
        return Combinators.combine(maybe(), maybe(), maybe(), Arbitraries.of(false)).as(LabeledValue::new);
    }

    private static Arbitrary<Meta> metas() {
        Arbitrary<Optional<Instant>> instant = Arbitraries.longs().between(0, 4_000_000_000L)
                .map(Instant::ofEpochSecond).optional();
        return Combinators.combine(Arbitraries.of("User").optional(), instant, instant, maybe(), maybe())
                .as(Meta::new);
    }

    @Provide
    Arbitrary<User> users() {
        Arbitrary<Optional<Name>> names = Combinators.combine(maybeName(), maybeName(), maybeName(), maybeName(),
                        maybeName(), maybeName())
                .as(Name::new).filter(n -> !n.toJson().isEmpty()).optional();
        Arbitrary<Optional<EnterpriseUser>> enterprise = Combinators.combine(maybe(), maybe(), maybe(), maybe(),
                maybe(), Combinators.combine(maybe(), maybe(), maybe()).as(Manager::new)
                        .filter(m -> !m.toJson().isEmpty()).optional())
                .as(EnterpriseUser::new).filter(e -> !e.toJson().isEmpty()).optional();
        Arbitrary<List<Address>> addresses = Combinators.combine(maybe(), maybe(), maybe(), maybe(), maybe(), maybe(),
                maybe(), Arbitraries.of(false)).as(Address::new).filter(a -> !a.toJson().isEmpty()).list().ofMaxSize(2);
        Arbitrary<List<LabeledValue>> labeledList = labeled().filter(v -> !v.toJson().isEmpty()).list().ofMaxSize(3);
        Arbitrary<List<ResourceRef>> groups = Combinators.combine(text(), maybe(), maybe(),
                Arbitraries.of("direct", "indirect").optional()).as(ResourceRef::new).list().ofMaxSize(3);
        return Combinators.combine(nameText(), maybe(), metas(), names, maybeName(), maybe(),
                        Arbitraries.of(true, false).optional(), emails().filter(e -> !e.toJson().isEmpty()).list()
                                .ofMaxSize(3))
                .flatAs((userName, title, meta, name, displayName, password, active, mails) ->
                        Combinators.combine(addresses, labeledList, labeledList, groups, enterprise, maybe())
                                .as((addr, phones, roles, grps, ent, id) -> User.builder().userName(userName)
                                        .id(id.orElse(null)).title(title.orElse(null)).meta(meta)
                                        .name(name.orElse(null)).displayName(displayName.orElse(null))
                                        .password(password.orElse(null)).active(active.orElse(null)).emails(mails)
                                        .addresses(addr).phoneNumbers(phones).roles(roles).groups(grps)
                                        .enterprise(ent.orElse(null)).build()));
    }

    @Provide
    Arbitrary<Group> groups() {
        Arbitrary<List<ResourceRef>> members = Combinators.combine(text(), maybe(), maybe(),
                Arbitraries.of("User", "Group").optional()).as(ResourceRef::new).list().ofMaxSize(5);
        return Combinators.combine(nameText(), maybeName(), members, metas())
                .as((displayName, externalId, m, meta) -> Group.builder().displayName(displayName)
                        .externalId(externalId.orElse(null)).members(m).meta(meta).build());
    }
}
