package io.scimlab.core.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.core.schema.SchemaRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this user's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.externalId = externalId;
        b.meta = meta;
        b.userName = userName;
        b.name = name;
        b.displayName = displayName;
        b.nickName = nickName;
        b.profileUrl = profileUrl;
        b.title = title;
        b.userType = userType;
        b.preferredLanguage = preferredLanguage;
        b.locale = locale;
        b.timezone = timezone;
        b.active = active;
        b.password = password;
        b.emails = new ArrayList<>(emails);
        b.phoneNumbers = new ArrayList<>(phoneNumbers);
        b.ims = new ArrayList<>(ims);
        b.photos = new ArrayList<>(photos);
        b.addresses = new ArrayList<>(addresses);
        b.groups = new ArrayList<>(groups);
        b.entitlements = new ArrayList<>(entitlements);
        b.roles = new ArrayList<>(roles);
        b.x509Certificates = new ArrayList<>(x509Certificates);
        b.enterprise = enterprise;
        return b;
    }

    /** Builds a {@link User}. */
    public static final class Builder {
        private Optional<String> id = Optional.empty();
        private Optional<String> externalId = Optional.empty();
        private Meta meta = Meta.EMPTY;
        private String userName = "";
        private Optional<Name> name = Optional.empty();
        private Optional<String> displayName = Optional.empty();
        private Optional<String> nickName = Optional.empty();
        private Optional<String> profileUrl = Optional.empty();
        private Optional<String> title = Optional.empty();
        private Optional<String> userType = Optional.empty();
        private Optional<String> preferredLanguage = Optional.empty();
        private Optional<String> locale = Optional.empty();
        private Optional<String> timezone = Optional.empty();
        private Optional<Boolean> active = Optional.empty();
        private Optional<String> password = Optional.empty();
        private List<Email> emails = new ArrayList<>();
        private List<LabeledValue> phoneNumbers = new ArrayList<>();
        private List<LabeledValue> ims = new ArrayList<>();
        private List<LabeledValue> photos = new ArrayList<>();
        private List<Address> addresses = new ArrayList<>();
        private List<ResourceRef> groups = new ArrayList<>();
        private List<LabeledValue> entitlements = new ArrayList<>();
        private List<LabeledValue> roles = new ArrayList<>();
        private List<LabeledValue> x509Certificates = new ArrayList<>();
        private Optional<EnterpriseUser> enterprise = Optional.empty();

        private Builder() {}

        /**
         * Sets the id the service provider gave the user.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder id(@Nullable String value) {
            this.id = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the provisioning client's own identifier.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder externalId(@Nullable String value) {
            this.externalId = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the resource metadata.
         *
         * @param value the metadata
         * @return this builder
         */
        public Builder meta(Meta value) {
            this.meta = Objects.requireNonNull(value, "meta");
            return this;
        }

        /**
         * Sets the unique name the user signs in with.
         *
         * @param value the value
         * @return this builder
         */
        public Builder userName(String value) {
            this.userName = Objects.requireNonNull(value, "userName");
            return this;
        }

        /**
         * Sets the components of the user's real name.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder name(@Nullable Name value) {
            this.name = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the name shown for the user.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder displayName(@Nullable String value) {
            this.displayName = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets a casual name.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder nickName(@Nullable String value) {
            this.nickName = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the URL of the user's online profile.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder profileUrl(@Nullable String value) {
            this.profileUrl = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the job title.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder title(@Nullable String value) {
            this.title = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets how the organization classifies the user, e.g. Employee.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder userType(@Nullable String value) {
            this.userType = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the preferred language, as an Accept-Language value.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder preferredLanguage(@Nullable String value) {
            this.preferredLanguage = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the default locale, e.g. en-US.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder locale(@Nullable String value) {
            this.locale = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the IANA time zone, e.g. America/Los_Angeles.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder timezone(@Nullable String value) {
            this.timezone = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets whether the user may use the service.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder active(@Nullable Boolean value) {
            this.active = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets a clear-text password to set; never returned, masked in toString.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder password(@Nullable String value) {
            this.password = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets email addresses.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder emails(List<Email> values) {
            this.emails = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of email addresses.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addEmail(Email value) {
            this.emails.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets phone numbers.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder phoneNumbers(List<LabeledValue> values) {
            this.phoneNumbers = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of phone numbers.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addPhoneNumber(LabeledValue value) {
            this.phoneNumbers.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets instant messaging addresses.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder ims(List<LabeledValue> values) {
            this.ims = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of instant messaging addresses.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addIm(LabeledValue value) {
            this.ims.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets URLs of photos.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder photos(List<LabeledValue> values) {
            this.photos = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of URLs of photos.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addPhoto(LabeledValue value) {
            this.photos.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets mailing addresses.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder addresses(List<Address> values) {
            this.addresses = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of mailing addresses.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addAddress(Address value) {
            this.addresses.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the groups the user is in (read-only; set by the service provider).
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder groups(List<ResourceRef> values) {
            this.groups = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of the groups the user is in (read-only; set by the service provider).
         *
         * @param value the value
         * @return this builder
         */
        public Builder addGroup(ResourceRef value) {
            this.groups.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets entitlements.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder entitlements(List<LabeledValue> values) {
            this.entitlements = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of entitlements.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addEntitlement(LabeledValue value) {
            this.entitlements.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets roles.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder roles(List<LabeledValue> values) {
            this.roles = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of roles.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addRole(LabeledValue value) {
            this.roles.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets DER certificates, base64-encoded.
         *
         * @param values the values, replacing any set before
         * @return this builder
         */
        public Builder x509Certificates(List<LabeledValue> values) {
            this.x509Certificates = new ArrayList<>(values);
            return this;
        }

        /**
         * Adds one of DER certificates, base64-encoded.
         *
         * @param value the value
         * @return this builder
         */
        public Builder addX509Certificate(LabeledValue value) {
            this.x509Certificates.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the enterprise extension.
         *
         * @param value the value, or null to unset it
         * @return this builder
         */
        public Builder enterprise(@Nullable EnterpriseUser value) {
            this.enterprise = Optional.ofNullable(value);
            return this;
        }

        /**
         * Builds the user (without validating it; see {@link ResourceValidation}).
         *
         * @return the user
         */
        public User build() {
            return new User(id, externalId, meta, userName, name, displayName, nickName, profileUrl, title, userType, preferredLanguage, locale, timezone, active, password, emails, phoneNumbers, ims, photos, addresses, groups, entitlements, roles, x509Certificates, enterprise);
        }
    }
}
