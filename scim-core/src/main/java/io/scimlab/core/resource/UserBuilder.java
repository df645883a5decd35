package io.scimlab.core.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Builds a {@link User}: {@link User#builder()} or {@link User#toBuilder()}. */
public final class UserBuilder {
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

    UserBuilder() {}

    UserBuilder(User from) {
        this.id = from.id();
        this.externalId = from.externalId();
        this.meta = from.meta();
        this.userName = from.userName();
        this.name = from.name();
        this.displayName = from.displayName();
        this.nickName = from.nickName();
        this.profileUrl = from.profileUrl();
        this.title = from.title();
        this.userType = from.userType();
        this.preferredLanguage = from.preferredLanguage();
        this.locale = from.locale();
        this.timezone = from.timezone();
        this.active = from.active();
        this.password = from.password();
        this.emails = new ArrayList<>(from.emails());
        this.phoneNumbers = new ArrayList<>(from.phoneNumbers());
        this.ims = new ArrayList<>(from.ims());
        this.photos = new ArrayList<>(from.photos());
        this.addresses = new ArrayList<>(from.addresses());
        this.groups = new ArrayList<>(from.groups());
        this.entitlements = new ArrayList<>(from.entitlements());
        this.roles = new ArrayList<>(from.roles());
        this.x509Certificates = new ArrayList<>(from.x509Certificates());
        this.enterprise = from.enterprise();
    }

    /**
     * Sets the id the service provider gave the user.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder id(@Nullable String value) {
        this.id = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the provisioning client's own identifier.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder externalId(@Nullable String value) {
        this.externalId = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the resource metadata.
     *
     * @param value the metadata
     * @return this builder
     */
    public UserBuilder meta(Meta value) {
        this.meta = Objects.requireNonNull(value, "meta");
        return this;
    }

    /**
     * Sets the unique name the user signs in with.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder userName(String value) {
        this.userName = Objects.requireNonNull(value, "userName");
        return this;
    }

    /**
     * Sets the components of the user's real name.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder name(@Nullable Name value) {
        this.name = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the name shown for the user.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder displayName(@Nullable String value) {
        this.displayName = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets a casual name.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder nickName(@Nullable String value) {
        this.nickName = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the URL of the user's online profile.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder profileUrl(@Nullable String value) {
        this.profileUrl = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the job title.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder title(@Nullable String value) {
        this.title = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets how the organization classifies the user, e.g. Employee.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder userType(@Nullable String value) {
        this.userType = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the preferred language, as an Accept-Language value.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder preferredLanguage(@Nullable String value) {
        this.preferredLanguage = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the default locale, e.g. en-US.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder locale(@Nullable String value) {
        this.locale = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets the IANA time zone, e.g. America/Los_Angeles.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder timezone(@Nullable String value) {
        this.timezone = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets whether the user may use the service.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder active(@Nullable Boolean value) {
        this.active = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets a clear-text password to set; never returned, masked in toString.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder password(@Nullable String value) {
        this.password = Optional.ofNullable(value);
        return this;
    }

    /**
     * Sets email addresses.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder emails(List<Email> values) {
        this.emails = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of email addresses.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addEmail(Email value) {
        this.emails.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets phone numbers.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder phoneNumbers(List<LabeledValue> values) {
        this.phoneNumbers = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of phone numbers.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addPhoneNumber(LabeledValue value) {
        this.phoneNumbers.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets instant messaging addresses.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder ims(List<LabeledValue> values) {
        this.ims = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of instant messaging addresses.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addIm(LabeledValue value) {
        this.ims.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets URLs of photos.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder photos(List<LabeledValue> values) {
        this.photos = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of URLs of photos.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addPhoto(LabeledValue value) {
        this.photos.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets mailing addresses.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder addresses(List<Address> values) {
        this.addresses = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of mailing addresses.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addAddress(Address value) {
        this.addresses.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets the groups the user is in (read-only; set by the service provider).
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder groups(List<ResourceRef> values) {
        this.groups = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of the groups the user is in (read-only; set by the service provider).
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addGroup(ResourceRef value) {
        this.groups.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets entitlements.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder entitlements(List<LabeledValue> values) {
        this.entitlements = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of entitlements.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addEntitlement(LabeledValue value) {
        this.entitlements.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets roles.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder roles(List<LabeledValue> values) {
        this.roles = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of roles.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addRole(LabeledValue value) {
        this.roles.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets DER certificates, base64-encoded.
     *
     * @param values the values, replacing any set before
     * @return this builder
     */
    public UserBuilder x509Certificates(List<LabeledValue> values) {
        this.x509Certificates = new ArrayList<>(values);
        return this;
    }

    /**
     * Adds one of DER certificates, base64-encoded.
     *
     * @param value the value
     * @return this builder
     */
    public UserBuilder addX509Certificate(LabeledValue value) {
        this.x509Certificates.add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Sets the enterprise extension.
     *
     * @param value the value, or null to unset it
     * @return this builder
     */
    public UserBuilder enterprise(@Nullable EnterpriseUser value) {
        this.enterprise = Optional.ofNullable(value);
        return this;
    }

    /**
     * Builds the user (without validating it; see {@link ResourceValidation}).
     *
     * @return the user
     */
    public User build() {
        return new User(id, externalId, meta, userName, name, displayName, nickName, profileUrl, title, userType,
                preferredLanguage, locale, timezone, active, password, emails, phoneNumbers, ims, photos, addresses,
                groups, entitlements, roles, x509Certificates, enterprise);
    }
}
