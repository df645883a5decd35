package io.scimlab.core.resource;

import static io.scimlab.core.resource.TypedLayout.isTrue;
import static io.scimlab.core.resource.TypedLayout.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.scimlab.core.internal.JsonErrors;
import io.scimlab.core.resource.TypedLayout.Slot;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the typed {@link User} and {@link Group} straight from and to JSON, with no intermediate
 * tree: the fast path for code that wants the records.
 *
 * <p>Reading accepts, rejects and coerces exactly what {@link ResourceReader#read} does (it applies the same
 * rules, with the same 400 details) and gives the record {@code User.fromResource(reader.read(json, type))}
 * gives. Writing gives the JSON {@link ResourceWriter} writes for {@code user.toResource()} under the default
 * projection: the password ({@code returned: never}) is never written.
 *
 * <p>Immutable and thread-safe; build one per reader configuration and share it.
 */
public final class TypedJson {
    private static final List<String> USER = List.of("id", "externalId", "meta", "userName", "name", "displayName",
            "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "active",
            "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles",
            "x509Certificates");
    private static final List<String> GROUP = List.of("id", "externalId", "meta", "displayName", "members");
    private static final List<String> LABELED = List.of("value", "display", "type", "primary");
    private static final List<String> REF = List.of("value", "$ref", "display", "type");
    private static final List<String> META = List.of("resourceType", "created", "lastModified", "location",
            "version");
    private static final List<String> NAME = List.of("formatted", "familyName", "givenName", "middleName",
            "honorificPrefix", "honorificSuffix");
    private static final List<String> ADDRESS = List.of("formatted", "streetAddress", "locality", "region",
            "postalCode", "country", "type", "primary");
    private static final List<String> ENTERPRISE = List.of("employeeNumber", "costCenter", "organization",
            "division", "department", "manager");
    private static final List<String> MANAGER = List.of("value", "$ref", "displayName");

    private final ResourceReader reader;
    private final @Nullable TypedResourceReader users;
    private final @Nullable TypedResourceReader groups;
    private final @Nullable TypedWriter writer;

    private TypedJson(ResourceReader reader) {
        this.reader = reader;
        SchemaRegistry registry = reader.registry();
        ResourceTypeDefinition userType = registry.resourceType("User");
        ResourceTypeDefinition groupType = registry.resourceType("Group");
        this.users = userType == null ? null : new TypedResourceReader(registry, userType, USER,
                TypedJson::userSlots, TypedJson::extensionSlots);
        this.groups = groupType == null ? null : new TypedResourceReader(registry, groupType, GROUP,
                TypedJson::groupSlots, s -> null);
        this.writer = userType == null || groupType == null ? null
                : new TypedWriter(ResourceWriter.of(registry), registry, userType, groupType);
    }

    /**
     * The typed reading and writing of a reader's configuration (its registry, strictness and nesting limit).
     *
     * @param reader the reader whose rules apply
     * @return the typed JSON codec
     */
    public static TypedJson of(ResourceReader reader) {
        return new TypedJson(reader);
    }

    /**
     * The typed reading and writing of {@link ResourceReader#standard()}.
     *
     * @return the shared instance
     */
    public static TypedJson standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final TypedJson STANDARD = new TypedJson(ResourceReader.standard());
    }

    /**
     * Reads a full user representation.
     *
     * @param json JSON text
     * @return the user
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public User readUser(String json) {
        return user(parse(json, require(users, "User")));
    }

    /**
     * Reads a full user representation.
     *
     * @param json UTF-8 JSON
     * @return the user
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public User readUser(byte[] json) {
        return user(parse(json, require(users, "User")));
    }

    /**
     * Reads a full user representation from a parser, at or before the object's start; leaves the parser at its
     * end and does not close it.
     *
     * @param json the parser
     * @return the user
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public User readUser(JsonParser json) {
        return user(read(json, require(users, "User")));
    }

    /**
     * Reads a full group representation.
     *
     * @param json JSON text
     * @return the group
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public Group readGroup(String json) {
        return group(parse(json, require(groups, "Group")));
    }

    /**
     * Reads a full group representation.
     *
     * @param json UTF-8 JSON
     * @return the group
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public Group readGroup(byte[] json) {
        return group(parse(json, require(groups, "Group")));
    }

    /**
     * Reads a full group representation from a parser, at or before the object's start; leaves the parser at
     * its end and does not close it.
     *
     * @param json the parser
     * @return the group
     * @throws io.scimlab.core.error.ScimException 400 on malformed or invalid input, as {@link ResourceReader#read}
     */
    public Group readGroup(JsonParser json) {
        return group(read(json, require(groups, "Group")));
    }

    /**
     * Writes a user as a response carries it under the default projection.
     *
     * @param user the user
     * @return the JSON text
     */
    public String writeString(User user) {
        return require(writer, "User and Group").writeString(user);
    }

    /**
     * Writes a group as a response carries it under the default projection.
     *
     * @param group the group
     * @return the JSON text
     */
    public String writeString(Group group) {
        return require(writer, "User and Group").writeString(group);
    }

    /**
     * Writes a user as a response carries it under the default projection to a generator.
     *
     * @param user the user
     * @param out the generator
     * @throws IOException when the generator's target fails
     */
    public void write(User user, JsonGenerator out) throws IOException {
        require(writer, "User and Group").write(user, out);
    }

    /**
     * Writes a group as a response carries it under the default projection to a generator.
     *
     * @param group the group
     * @param out the generator
     * @throws IOException when the generator's target fails
     */
    public void write(Group group, JsonGenerator out) throws IOException {
        require(writer, "User and Group").write(group, out);
    }

    private static <T> T require(@Nullable T value, String type) {
        if (value == null) {
            throw new IllegalStateException("the registry has no " + type + " resource type");
        }
        return value;
    }

    private @Nullable Object[] parse(Object source, TypedResourceReader typed) {
        try (JsonParser p = reader.open(source)) {
            ReadCursor c = new ReadCursor(p, reader, false);
            @Nullable Object[] values = typed.read(c);
            ResourceRules.endResource(c);
            return values;
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw ResourceRules.unreadable(e);
        }
    }

    private @Nullable Object[] read(JsonParser p, TypedResourceReader typed) {
        try {
            return typed.read(new ReadCursor(p, reader, false));
        } catch (JsonProcessingException e) {
            throw JsonErrors.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----- Layouts: which attribute of the schema goes to which record component. -----

    private static Slot[] userSlots(Function<String, @Nullable AttributeDefinition> attributes) {
        Slot[] slots = new Slot[USER.size()];
        java.util.Arrays.fill(slots, Slot.simple());
        slots[2] = metaSlot(attributes);
        slots[4] = object(attributes.apply("name"), NAME, v -> new Name(text(v[0]), text(v[1]), text(v[2]),
                text(v[3]), text(v[4]), text(v[5])));
        for (int i = 15; i <= 23; i++) {
            String name = USER.get(i);
            AttributeDefinition attribute = attributes.apply(name);
            slots[i] = switch (name) {
                case "emails" -> list(attribute, LABELED, v -> new Email(text(v[0]), text(v[1]), text(v[2]),
                        isTrue(v[3])));
                case "addresses" -> list(attribute, ADDRESS, v -> new Address(text(v[0]), text(v[1]), text(v[2]),
                        text(v[3]), text(v[4]), text(v[5]), text(v[6]), isTrue(v[7])));
                case "groups" -> list(attribute, REF, TypedJson::ref);
                default -> list(attribute, LABELED, v -> new LabeledValue(text(v[0]), text(v[1]), text(v[2]),
                        isTrue(v[3])));
            };
        }
        return slots;
    }

    private static Slot[] groupSlots(Function<String, @Nullable AttributeDefinition> attributes) {
        Slot[] slots = new Slot[GROUP.size()];
        java.util.Arrays.fill(slots, Slot.simple());
        slots[2] = metaSlot(attributes);
        slots[4] = list(attributes.apply("members"), REF, TypedJson::ref);
        return slots;
    }

    private static @Nullable TypedLayout extensionSlots(Schema schema) {
        if (!schema.id().equals(SchemaRegistry.ENTERPRISE_USER_SCHEMA)) {
            return null;
        }
        Slot[] slots = new Slot[ENTERPRISE.size()];
        java.util.Arrays.fill(slots, Slot.simple());
        slots[5] = object(schema.attribute("manager"), MANAGER, v -> new Manager(text(v[0]), text(v[1]),
                text(v[2])));
        return TypedResourceReader.layout(schema, ENTERPRISE, slots);
    }

    private static Slot metaSlot(Function<String, @Nullable AttributeDefinition> attributes) {
        return object(attributes.apply("meta"), META, v -> Meta.fromText(text(v[0]), text(v[1]), text(v[2]),
                text(v[3]), text(v[4])));
    }

    private static ResourceRef ref(@Nullable Object[] v) {
        return new ResourceRef(text(v[0]).orElse(""), text(v[1]), text(v[2]), text(v[3]));
    }

    private static Slot object(@Nullable AttributeDefinition attribute, List<String> subs,
            Function<@Nullable Object[], Object> make) {
        return new Slot(TypedLayout.OBJECT, TypedResourceReader.subs(attribute, subs), make);
    }

    private static Slot list(@Nullable AttributeDefinition attribute, List<String> subs,
            Function<@Nullable Object[], Object> make) {
        return new Slot(TypedLayout.LIST, TypedResourceReader.subs(attribute, subs), make);
    }

    // ----- Records from slots. -----

    private User user(@Nullable Object[] v) {
        int enterpriseSlot = require(users, "User").extensionSlot(SchemaRegistry.ENTERPRISE_USER_SCHEMA);
        @Nullable Object[] e = enterpriseSlot < 0 ? null : (@Nullable Object[]) v[enterpriseSlot];
        EnterpriseUser enterprise = e == null ? null : new EnterpriseUser(text(e[0]), text(e[1]), text(e[2]),
                text(e[3]), text(e[4]), Optional.ofNullable((Manager) e[5]));
        return new User(text(v[0]), text(v[1]), meta(v[2]), text(v[3]).orElse(""),
                Optional.ofNullable((Name) v[4]), text(v[5]), text(v[6]), text(v[7]), text(v[8]), text(v[9]),
                text(v[10]), text(v[11]), text(v[12]),
                v[13] instanceof Boolean b ? Optional.of(b) : Optional.empty(), text(v[14]), list(v[15]),
                list(v[16]), list(v[17]), list(v[18]), list(v[19]), list(v[20]), list(v[21]), list(v[22]),
                list(v[23]), Optional.ofNullable(enterprise));
    }

    private static Group group(@Nullable Object[] v) {
        return new Group(text(v[0]), text(v[1]), meta(v[2]), text(v[3]).orElse(""), list(v[4]));
    }

    private static Meta meta(@Nullable Object value) {
        return value == null ? Meta.EMPTY : (Meta) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(@Nullable Object value) {
        return value == null ? List.of() : (List<T>) value;
    }
}
