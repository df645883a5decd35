package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.SchemaRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A SCIM User (RFC 7643 §4.1) with the enterprise extension (§4.3): an immutable typed view of the generic
 * {@link ScimResource}, with Jakarta Validation constraints ({@link ResourceValidation#validate}).
 *
 * <p>Absent values are empty {@code Optional}s and empty lists, never null. The password is write-only: it
 * is masked in {@link #toString()} and never written by {@link ResourceWriter}.
 *

 * @param id the id the service provider gave the user
 * @param externalId the provisioning client's own identifier
 * @param meta the resource metadata
 * @param userName the unique name the user signs in with
 * @param name the components of the user's real name
 * @param displayName the name shown for the user
 * @param nickName a casual name
 * @param profileUrl the URL of the user's online profile
 * @param title the job title
 * @param userType how the organization classifies the user, e.g. Employee
 * @param preferredLanguage the preferred language, as an Accept-Language value
 * @param locale the default locale, e.g. en-US
 * @param timezone the IANA time zone, e.g. America/Los_Angeles
 * @param active whether the user may use the service
 * @param password a clear-text password to set; never returned, masked in toString
 * @param emails email addresses
 * @param phoneNumbers phone numbers
 * @param ims instant messaging addresses
 * @param photos URLs of photos
 * @param addresses mailing addresses
 * @param groups the groups the user is in (read-only; set by the service provider)
 * @param entitlements entitlements
 * @param roles roles
 * @param x509Certificates DER certificates, base64-encoded
 * @param enterprise the enterprise extension
 */
public record User(
        Optional<String> id,
        Optional<String> externalId,
        Meta meta,
        @NotBlank String userName,
        Optional<@Valid Name> name,
        Optional<String> displayName,
        Optional<String> nickName,
        Optional<String> profileUrl,
        Optional<String> title,
        Optional<String> userType,
        Optional<String> preferredLanguage,
        Optional<String> locale,
        Optional<String> timezone,
        Optional<Boolean> active,
        Optional<String> password,
        List<@Valid Email> emails,
        List<LabeledValue> phoneNumbers,
        List<LabeledValue> ims,
        List<LabeledValue> photos,
        List<Address> addresses,
        List<@Valid ResourceRef> groups,
        List<LabeledValue> entitlements,
        List<LabeledValue> roles,
        List<LabeledValue> x509Certificates,
        Optional<@Valid EnterpriseUser> enterprise) {

    /** Checks that no component is null and copies the lists. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(nickName, "nickName");
        Objects.requireNonNull(profileUrl, "profileUrl");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(userType, "userType");
        Objects.requireNonNull(preferredLanguage, "preferredLanguage");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(password, "password");
        emails = List.copyOf(emails);
        phoneNumbers = List.copyOf(phoneNumbers);
        ims = List.copyOf(ims);
        photos = List.copyOf(photos);
        addresses = List.copyOf(addresses);
        groups = List.copyOf(groups);
        entitlements = List.copyOf(entitlements);
        roles = List.copyOf(roles);
        x509Certificates = List.copyOf(x509Certificates);
        Objects.requireNonNull(enterprise, "enterprise");

    }

    /**
     * The typed view of a generic resource.
     *
     * @param resource a user resource; one not built by this library's readers or engines is read (and validated)
     *     by {@link ResourceReader#standard()} first
     * @return the typed view
     */
    public static User fromResource(ScimResource resource) {
        JsonNode json = Nodes.canonical(resource, "User");
        return new User(
                Nodes.text(json, "id"),
                Nodes.text(json, "externalId"),
                resource.meta(),
                Nodes.text(json, "userName").orElse(""),
                object(json, "name").map(Name::fromJson),
                Nodes.text(json, "displayName"),
                Nodes.text(json, "nickName"),
                Nodes.text(json, "profileUrl"),
                Nodes.text(json, "title"),
                Nodes.text(json, "userType"),
                Nodes.text(json, "preferredLanguage"),
                Nodes.text(json, "locale"),
                Nodes.text(json, "timezone"),
                Nodes.bool(json, "active"),
                Nodes.text(json, "password"),
                Nodes.list(json, "emails", Email::fromJson),
                Nodes.list(json, "phoneNumbers", LabeledValue::fromJson),
                Nodes.list(json, "ims", LabeledValue::fromJson),
                Nodes.list(json, "photos", LabeledValue::fromJson),
                Nodes.list(json, "addresses", Address::fromJson),
                Nodes.list(json, "groups", ResourceRef::fromJson),
                Nodes.list(json, "entitlements", LabeledValue::fromJson),
                Nodes.list(json, "roles", LabeledValue::fromJson),
                Nodes.list(json, "x509Certificates", LabeledValue::fromJson),
                object(json, SchemaRegistry.ENTERPRISE_USER_SCHEMA).map(EnterpriseUser::fromJson));
    }

    private static Optional<JsonNode> object(JsonNode json, String name) {
        JsonNode value = Nodes.get(json, name);
        return value.isObject() ? Optional.of(value) : Optional.empty();
    }

    /**
     * The generic form of this user.
     *
     * @return a new resource
     */
    public ScimResource toResource() {
        ObjectNode json = Nodes.object();
        json.putArray("schemas").add(SchemaRegistry.USER_SCHEMA);
        enterprise.ifPresent(e -> json.withArray("schemas").add(SchemaRegistry.ENTERPRISE_USER_SCHEMA));
        Nodes.put(json, "id", id);
        Nodes.put(json, "externalId", externalId);
        Nodes.putObject(json, "meta", meta.toJson());
        json.put("userName", userName);
        name.ifPresent(v -> Nodes.putObject(json, "name", v.toJson()));
        Nodes.put(json, "displayName", displayName);
        Nodes.put(json, "nickName", nickName);
        Nodes.put(json, "profileUrl", profileUrl);
        Nodes.put(json, "title", title);
        Nodes.put(json, "userType", userType);
        Nodes.put(json, "preferredLanguage", preferredLanguage);
        Nodes.put(json, "locale", locale);
        Nodes.put(json, "timezone", timezone);
        active.ifPresent(v -> json.put("active", v));
        Nodes.put(json, "password", password);
        Nodes.putList(json, "emails", emails, Email::toJson);
        Nodes.putList(json, "phoneNumbers", phoneNumbers, LabeledValue::toJson);
        Nodes.putList(json, "ims", ims, LabeledValue::toJson);
        Nodes.putList(json, "photos", photos, LabeledValue::toJson);
        Nodes.putList(json, "addresses", addresses, Address::toJson);
        Nodes.putList(json, "groups", groups, ResourceRef::toJson);
        Nodes.putList(json, "entitlements", entitlements, LabeledValue::toJson);
        Nodes.putList(json, "roles", roles, LabeledValue::toJson);
        Nodes.putList(json, "x509Certificates", x509Certificates, LabeledValue::toJson);
        enterprise.ifPresent(v -> Nodes.putObject(json, SchemaRegistry.ENTERPRISE_USER_SCHEMA, v.toJson()));
        return ScimResource.wrap(json);
    }

    /** The primary email, else the first of type {@code work}, else the first. */
    public Optional<Email> preferredEmail() {
        return emails.stream().filter(Email::primary).findFirst()
                .or(() -> emails.stream().filter(e -> e.type().filter("work"::equalsIgnoreCase).isPresent()).findFirst())
                .or(() -> emails.stream().findFirst());
    }

    /**
     * At most one value of each multi-valued attribute is primary (RFC 7643 §2.4).
     *
     * @return true when that holds
     */
    @AssertTrue(message = "at most one value of emails, phoneNumbers, ims, photos, addresses, entitlements, roles"
            + " and x509Certificates may be primary")
    public boolean isAtMostOnePrimaryEach() {
        return emails.stream().filter(Email::primary).count() <= 1
                && LabeledValue.countPrimary(phoneNumbers) <= 1 && LabeledValue.countPrimary(ims) <= 1
                && LabeledValue.countPrimary(photos) <= 1
                && addresses.stream().filter(Address::primary).count() <= 1
                && LabeledValue.countPrimary(entitlements) <= 1 && LabeledValue.countPrimary(roles) <= 1
                && LabeledValue.countPrimary(x509Certificates) <= 1;
    }

    /** Masks the password. */
    @Override
    public String toString() {
        return "User{id=" + id.orElse("") + ", externalId=" + externalId.orElse("") + ", userName=" + userName
                + ", active=" + active.map(String::valueOf).orElse("") + ", emails=" + emails
                + (password.isPresent() ? ", password=****" : "") + "}";
    }

    /**
     * A builder for a user.
     *
     * @return an empty builder
     */
    public static UserBuilder builder() {
        return new UserBuilder();
    }

    /** A builder holding this user's values. */
    public UserBuilder toBuilder() {
        return new UserBuilder(this);
    }
}
