package io.scimlab.core.resource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.scimlab.core.internal.DateTimes;
import io.scimlab.core.schema.AttributeDefinition;
import io.scimlab.core.schema.ResourceTypeDefinition;
import io.scimlab.core.schema.Schema;
import io.scimlab.core.schema.SchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link User} and {@link Group} records straight to a generator, as {@link ResourceWriter} writes their
 * {@code toResource()} under the default projection. Which attributes are written, and under which name, is
 * decided once from the schemas by the same {@link Projection#ALL} rules; when a schema returns only some
 * sub-attributes of a complex attribute by default (never so in the standard schemas) the record is written
 * through {@link ResourceWriter} instead, so that there is one implementation of that rule.
 */
final class TypedWriter {
    // Sub-attribute names are those the records' toJson() uses: ResourceWriter copies a complex value whose
    // sub-attributes are all returned as it is. Pre-quoted, so that the generator only copies them.
    private static final SerializableString SCHEMAS = new SerializedString("schemas");
    private static final SerializableString ENTERPRISE_URN =
            new SerializedString(SchemaRegistry.ENTERPRISE_USER_SCHEMA);
    private static final SerializableString REF = new SerializedString("$ref");
    private static final SerializableString COUNTRY = new SerializedString("country");
    private static final SerializableString CREATED = new SerializedString("created");
    private static final SerializableString DISPLAY = new SerializedString("display");
    private static final SerializableString DISPLAY_NAME = new SerializedString("displayName");
    private static final SerializableString FAMILY_NAME = new SerializedString("familyName");
    private static final SerializableString FORMATTED = new SerializedString("formatted");
    private static final SerializableString GIVEN_NAME = new SerializedString("givenName");
    private static final SerializableString HONORIFIC_PREFIX = new SerializedString("honorificPrefix");
    private static final SerializableString HONORIFIC_SUFFIX = new SerializedString("honorificSuffix");
    private static final SerializableString LAST_MODIFIED = new SerializedString("lastModified");
    private static final SerializableString LOCALITY = new SerializedString("locality");
    private static final SerializableString LOCATION = new SerializedString("location");
    private static final SerializableString MIDDLE_NAME = new SerializedString("middleName");
    private static final SerializableString POSTAL_CODE = new SerializedString("postalCode");
    private static final SerializableString PRIMARY = new SerializedString("primary");
    private static final SerializableString REGION = new SerializedString("region");
    private static final SerializableString RESOURCE_TYPE = new SerializedString("resourceType");
    private static final SerializableString STREET_ADDRESS = new SerializedString("streetAddress");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString VERSION = new SerializedString("version");

    private final ResourceWriter fallback;
    private final ResourceTypeDefinition userType;
    private final ResourceTypeDefinition groupType;
    /** The name each record component is written under, by the slot order of {@link TypedJson}; null: not. */
    private final @Nullable SerializableString[] user;
    private final @Nullable SerializableString[] group;
    private final @Nullable SerializableString[] enterprise;
    private final boolean userDirect;
    private final boolean groupDirect;

    TypedWriter(ResourceWriter fallback, SchemaRegistry registry, ResourceTypeDefinition userType,
            ResourceTypeDefinition groupType) {
        this.fallback = fallback;
        this.userType = userType;
        this.groupType = groupType;
        boolean[] direct = {true};
        this.user = names(registry, userType, List.of("id", "externalId", "meta", "userName", "name", "displayName",
                "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "active",
                "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements",
                "roles", "x509Certificates"), direct);
        Schema ext = userType.allowsSchema(SchemaRegistry.ENTERPRISE_USER_SCHEMA)
                ? registry.schema(SchemaRegistry.ENTERPRISE_USER_SCHEMA) : null;
        this.enterprise = new SerializableString[6];
        List<String> enterpriseNames = List.of("employeeNumber", "costCenter", "organization", "division",
                "department", "manager");
        for (int i = 0; ext != null && i < enterpriseNames.size(); i++) {
            enterprise[i] = name(ext.attribute(enterpriseNames.get(i)), ext.id(), direct);
        }
        this.userDirect = direct[0];
        direct[0] = true;
        this.group = names(registry, groupType, List.of("id", "externalId", "meta", "displayName", "members"),
                direct);
        this.groupDirect = direct[0];
    }

    private static @Nullable SerializableString[] names(SchemaRegistry registry, ResourceTypeDefinition type,
            List<String> components, boolean[] direct) {
        Schema core = Objects.requireNonNull(registry.schema(type.schema()), type.schema());
        @Nullable SerializableString[] names = new SerializableString[components.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = name(ResourceRules.coreAttribute(registry, core, components.get(i)), null, direct);
        }
        return names;
    }

    private static @Nullable SerializableString name(@Nullable AttributeDefinition attribute,
            @Nullable String extensionUrn, boolean[] direct) {
        if (attribute == null) {
            return null;
        }
        String key = extensionUrn == null ? attribute.name() : extensionUrn + ":" + attribute.name();
        if (!Projection.ALL.includes(key, extensionUrn, attribute)) {
            return null;
        }
        direct[0] &= !attribute.isComplex() || Projection.ALL.includesAllSubs(key, attribute);
        return new SerializedString(attribute.name());
    }

    String writeString(User u) {
        if (!userDirect) {
            return fallback.writeString(u.toResource(), userType, Projection.ALL);
        }
        JsonText text = JsonText.text();
        run(() -> write(u, text));
        return text.toString();
    }

    String writeString(Group g) {
        if (!groupDirect) {
            return fallback.writeString(g.toResource(), groupType, Projection.ALL);
        }
        JsonText text = JsonText.text();
        run(() -> write(g, text));
        return text.toString();
    }

    void write(User u, JsonGenerator out) throws IOException {
        if (userDirect) {
            write(u, JsonText.of(out));
        } else {
            fallback.writeTo(u.toResource(), userType, Projection.ALL, out);
        }
    }

    void write(Group g, JsonGenerator out) throws IOException {
        if (groupDirect) {
            write(g, JsonText.of(out));
        } else {
            fallback.writeTo(g.toResource(), groupType, Projection.ALL, out);
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    /** Runs a write to text, which cannot fail. */
    private static void run(Action write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(User u, JsonText out) throws IOException {
        @Nullable SerializableString[] n = user;
        out.startObject();
        out.name(SCHEMAS);
        out.startArray();
        out.string(SchemaRegistry.USER_SCHEMA);
        if (u.enterprise().isPresent()) {
            out.string(SchemaRegistry.ENTERPRISE_USER_SCHEMA);
        }
        out.endArray();
        text(out, n[0], u.id());
        text(out, n[1], u.externalId());
        meta(out, n[2], u.meta());
        text(out, n[3], Optional.of(u.userName()));
        if (n[4] != null && u.name().isPresent() && !isEmpty(u.name().get())) {
            Name v = u.name().get();
            out.name(n[4]);
            out.startObject();
            text(out, FORMATTED, v.formatted());
            text(out, FAMILY_NAME, v.familyName());
            text(out, GIVEN_NAME, v.givenName());
            text(out, MIDDLE_NAME, v.middleName());
            text(out, HONORIFIC_PREFIX, v.honorificPrefix());
            text(out, HONORIFIC_SUFFIX, v.honorificSuffix());
            out.endObject();
        }
        for (int i = 5; i <= 12; i++) {
            text(out, n[i], switch (i) {
                case 5 -> u.displayName();
                case 6 -> u.nickName();
                case 7 -> u.profileUrl();
                case 8 -> u.title();
                case 9 -> u.userType();
                case 10 -> u.preferredLanguage();
                case 11 -> u.locale();
                default -> u.timezone();
            });
        }
        if (n[13] != null && u.active().isPresent()) {
            out.name(n[13]);
            out.bool(u.active().get());
        }
        text(out, n[14], u.password()); // null unless a schema returns the password, as the standard one never does
        if (n[15] != null && !u.emails().isEmpty()) {
            out.name(n[15]);
            out.startArray();
            for (Email e : u.emails()) {
                labeled(out, e.value(), e.display(), e.type(), e.primary());
            }
            out.endArray();
        }
        labeled(out, n[16], u.phoneNumbers());
        labeled(out, n[17], u.ims());
        labeled(out, n[18], u.photos());
        if (n[19] != null && !u.addresses().isEmpty()) {
            out.name(n[19]);
            out.startArray();
            for (Address a : u.addresses()) {
                out.startObject();
                text(out, FORMATTED, a.formatted());
                text(out, STREET_ADDRESS, a.streetAddress());
                text(out, LOCALITY, a.locality());
                text(out, REGION, a.region());
                text(out, POSTAL_CODE, a.postalCode());
                text(out, COUNTRY, a.country());
                text(out, TYPE, a.type());
                flag(out, PRIMARY, a.primary());
                out.endObject();
            }
            out.endArray();
        }
        refs(out, n[20], u.groups());
        labeled(out, n[21], u.entitlements());
        labeled(out, n[22], u.roles());
        labeled(out, n[23], u.x509Certificates());
        if (u.enterprise().isPresent()) {
            enterprise(out, u.enterprise().get());
        }
        out.endObject();
    }

    private void enterprise(JsonText out, EnterpriseUser e) throws IOException {
        @Nullable SerializableString[] n = enterprise;
        List<Optional<String>> texts = List.of(e.employeeNumber(), e.costCenter(), e.organization(),
                e.division(), e.department());
        Optional<Manager> m0 = e.manager();
        boolean manager = n[5] != null && m0.isPresent()
                && (m0.get().value().isPresent() || m0.get().ref().isPresent() || m0.get().displayName().isPresent());
        boolean started = manager;
        for (int i = 0; i < texts.size(); i++) {
            started |= n[i] != null && texts.get(i).isPresent();
        }
        if (!started) {
            return;
        }
        out.name(ENTERPRISE_URN);
        out.startObject();
        for (int i = 0; i < texts.size(); i++) {
            text(out, n[i], texts.get(i));
        }
        SerializableString managerName = n[5];
        if (manager && managerName != null) { // manager implies managerName != null
            Manager m = e.manager().get();
            out.name(managerName);
            out.startObject();
            text(out, VALUE, m.value());
            text(out, REF, m.ref());
            text(out, DISPLAY_NAME, m.displayName());
            out.endObject();
        }
        out.endObject();
    }

    private void write(Group g, JsonText out) throws IOException {
        @Nullable SerializableString[] n = group;
        out.startObject();
        out.name(SCHEMAS);
        out.startArray();
        out.string(SchemaRegistry.GROUP_SCHEMA);
        out.endArray();
        text(out, n[0], g.id());
        text(out, n[1], g.externalId());
        meta(out, n[2], g.meta());
        text(out, n[3], Optional.of(g.displayName()));
        refs(out, n[4], g.members());
        out.endObject();
    }

    /** Whether a name has no component: toResource() leaves such a name out, as an empty object. */
    private static boolean isEmpty(Name v) {
        return v.formatted().isEmpty() && v.familyName().isEmpty() && v.givenName().isEmpty()
                && v.middleName().isEmpty() && v.honorificPrefix().isEmpty() && v.honorificSuffix().isEmpty();
    }

    private static void meta(JsonText out, @Nullable SerializableString name, Meta meta) throws IOException {
        if (name == null || meta.isEmpty()) {
            return;
        }
        out.name(name);
        out.startObject();
        text(out, RESOURCE_TYPE, meta.resourceType());
        text(out, CREATED, meta.created().map(DateTimes::format));
        text(out, LAST_MODIFIED, meta.lastModified().map(DateTimes::format));
        text(out, LOCATION, meta.location());
        text(out, VERSION, meta.version());
        out.endObject();
    }

    private static void labeled(JsonText out, @Nullable SerializableString name, List<LabeledValue> values)
            throws IOException {
        if (name == null || values.isEmpty()) {
            return;
        }
        out.name(name);
        out.startArray();
        for (LabeledValue v : values) {
            labeled(out, v.value(), v.display(), v.type(), v.primary());
        }
        out.endArray();
    }

    private static void labeled(JsonText out, Optional<String> value, Optional<String> display,
            Optional<String> type, boolean primary) throws IOException {
        out.startObject();
        text(out, VALUE, value);
        text(out, DISPLAY, display);
        text(out, TYPE, type);
        flag(out, PRIMARY, primary);
        out.endObject();
    }

    private static void refs(JsonText out, @Nullable SerializableString name, List<ResourceRef> values)
            throws IOException {
        if (name == null || values.isEmpty()) {
            return;
        }
        out.name(name);
        out.startArray();
        for (ResourceRef v : values) {
            out.startObject();
            out.name(VALUE);
            out.string(v.value());
            text(out, REF, v.ref());
            text(out, DISPLAY, v.display());
            text(out, TYPE, v.type());
            out.endObject();
        }
        out.endArray();
    }

    private static void text(JsonText out, @Nullable SerializableString name, Optional<String> value)
            throws IOException {
        if (name != null && value.isPresent()) {
            out.name(name);
            out.string(value.get());
        }
    }

    private static void flag(JsonText out, SerializableString name, boolean value) throws IOException {
        if (value) {
            out.name(name);
            out.bool(true);
        }
    }
}
