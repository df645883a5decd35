package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a SCIM service provider supports (RFC 7643 §5), as served at {@code /ServiceProviderConfig}.
 *
 * <p>An immutable value, equal when every part is equal; built with {@link #builder()} (everything unsupported,
 * no authentication scheme) or read with {@link #fromJson}.
 */
public final class ServiceProviderConfig {
    private final Optional<String> documentationUri;
    private final boolean patchSupported;
    private final Bulk bulk;
    private final Filter filter;
    private final boolean changePasswordSupported;
    private final boolean sortSupported;
    private final boolean etagSupported;
    private final List<AuthenticationScheme> authenticationSchemes;
    private final Optional<Pagination> pagination;

    private ServiceProviderConfig(Builder b) {
        this.documentationUri = Optional.ofNullable(b.documentationUri);
        this.patchSupported = b.patchSupported;
        this.bulk = b.bulk;
        this.filter = b.filter;
        this.changePasswordSupported = b.changePasswordSupported;
        this.sortSupported = b.sortSupported;
        this.etagSupported = b.etagSupported;
        this.authenticationSchemes = List.copyOf(b.authenticationSchemes);
        this.pagination = Optional.ofNullable(b.pagination);
    }

    /** A builder: nothing supported, no authentication scheme, no {@code pagination} object. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.documentationUri = documentationUri.orElse(null);
        b.patchSupported = patchSupported;
        b.bulk = bulk;
        b.filter = filter;
        b.changePasswordSupported = changePasswordSupported;
        b.sortSupported = sortSupported;
        b.etagSupported = etagSupported;
        b.authenticationSchemes = new ArrayList<>(authenticationSchemes);
        b.pagination = pagination.orElse(null);
        return b;
    }

    /** A page of help about the service provider. */
    public Optional<String> documentationUri() {
        return documentationUri;
    }

    /** Whether PATCH is supported. */
    public boolean patchSupported() {
        return patchSupported;
    }

    /** Bulk support and its limits. */
    public Bulk bulk() {
        return bulk;
    }

    /** Filter support and the most results one list returns. */
    public Filter filter() {
        return filter;
    }

    /** Whether the password can be changed. */
    public boolean changePasswordSupported() {
        return changePasswordSupported;
    }

    /** Whether lists can be sorted. */
    public boolean sortSupported() {
        return sortSupported;
    }

    /** Whether resources carry versions (ETags). */
    public boolean etagSupported() {
        return etagSupported;
    }

    /** The ways clients may authenticate. */
    public List<AuthenticationScheme> authenticationSchemes() {
        return authenticationSchemes;
    }

    /** The pagination methods supported (RFC 9865), when advertised. */
    public Optional<Pagination> pagination() {
        return pagination;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceProviderConfig other && documentationUri.equals(other.documentationUri)
                && patchSupported == other.patchSupported && bulk.equals(other.bulk) && filter.equals(other.filter)
                && changePasswordSupported == other.changePasswordSupported && sortSupported == other.sortSupported
                && etagSupported == other.etagSupported && authenticationSchemes.equals(other.authenticationSchemes)
                && pagination.equals(other.pagination);
    }

    @Override
    public int hashCode() {
        return Objects.hash(documentationUri, patchSupported, bulk, filter, changePasswordSupported, sortSupported,
                etagSupported, authenticationSchemes, pagination);
    }

    @Override
    public String toString() {
        return "ServiceProviderConfig" + toJson();
    }

    /** Builds a {@link ServiceProviderConfig}. */
    public static final class Builder {
        private @Nullable String documentationUri;
        private boolean patchSupported;
        private Bulk bulk = new Bulk(false, 0, 0);
        private Filter filter = new Filter(false, 0);
        private boolean changePasswordSupported;
        private boolean sortSupported;
        private boolean etagSupported;
        private List<AuthenticationScheme> authenticationSchemes = new ArrayList<>();
        private @Nullable Pagination pagination;

        private Builder() {}

        /**
         * Sets {@link ServiceProviderConfig#documentationUri()}.
         *
         * @param value the URI, or null for none
         * @return this builder
         */
        public Builder documentationUri(@Nullable String value) {
            documentationUri = value;
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#patchSupported()}.
         *
         * @param value whether PATCH is supported
         * @return this builder
         */
        public Builder patchSupported(boolean value) {
            patchSupported = value;
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#bulk()}.
         *
         * @param value bulk support
         * @return this builder
         */
        public Builder bulk(Bulk value) {
            bulk = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#filter()}.
         *
         * @param value filter support
         * @return this builder
         */
        public Builder filter(Filter value) {
            filter = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#changePasswordSupported()}.
         *
         * @param value whether the password can be changed
         * @return this builder
         */
        public Builder changePasswordSupported(boolean value) {
            changePasswordSupported = value;
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#sortSupported()}.
         *
         * @param value whether lists can be sorted
         * @return this builder
         */
        public Builder sortSupported(boolean value) {
            sortSupported = value;
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#etagSupported()}.
         *
         * @param value whether resources carry versions
         * @return this builder
         */
        public Builder etagSupported(boolean value) {
            etagSupported = value;
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#authenticationSchemes()}.
         *
         * @param values the schemes, replacing any set before
         * @return this builder
         */
        public Builder authenticationSchemes(List<AuthenticationScheme> values) {
            authenticationSchemes = new ArrayList<>(values);
            return this;
        }

        /**
         * Sets {@link ServiceProviderConfig#pagination()}.
         *
         * @param value the pagination support, or null to advertise none
         * @return this builder
         */
        public Builder pagination(@Nullable Pagination value) {
            pagination = value;
            return this;
        }

        /** Builds the configuration. */
        public ServiceProviderConfig build() {
            return new ServiceProviderConfig(this);
        }
    }

    /**
     * Pagination support (RFC 9865, {@code pagination}).
     *
     * @param cursor whether cursor-based pagination is supported
     * @param index whether index-based pagination is supported
     * @param defaultPaginationMethod {@code cursor} or {@code index}: the method used when a request names none
     * @param defaultPageSize the page size when a request has no {@code count}
     * @param maxPageSize the largest {@code count} honoured
     * @param cursorTimeout how many seconds a cursor stays valid
     */
    public record Pagination(boolean cursor, boolean index, String defaultPaginationMethod, int defaultPageSize,
            int maxPageSize, long cursorTimeout) {
        /** Checks the components. */
        public Pagination {
            Objects.requireNonNull(defaultPaginationMethod, "defaultPaginationMethod");
        }
    }

    /**
     * Bulk support (RFC 7643 §5, {@code bulk}).
     *
     * @param supported whether {@code /Bulk} is supported
     * @param maxOperations the most operations one request may hold
     * @param maxPayloadSize the largest request body, in bytes
     */
    public record Bulk(boolean supported, int maxOperations, int maxPayloadSize) {}

    /**
     * Filter support (RFC 7643 §5, {@code filter}).
     *
     * @param supported whether filters are supported
     * @param maxResults the most resources one list response holds
     */
    public record Filter(boolean supported, int maxResults) {}

    /**
     * An authentication scheme (RFC 7643 §5, {@code authenticationSchemes}).
     *
     * @param type {@code oauth}, {@code oauth2}, {@code oauthbearertoken}, {@code httpbasic} or {@code httpdigest}
     * @param name the scheme's common name
     * @param description a description
     * @param specUri the scheme's specification
     * @param documentationUri help about the scheme
     * @param primary whether it is the preferred scheme
     */
    public record AuthenticationScheme(String type, String name, String description, Optional<String> specUri,
            Optional<String> documentationUri, boolean primary) {
        /** Checks the components. */
        public AuthenticationScheme {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(specUri, "specUri");
            Objects.requireNonNull(documentationUri, "documentationUri");
        }

        /** The OAuth bearer token scheme of RFC 6750, which ScimLab's server uses. */
        public static AuthenticationScheme bearerToken() {
            return new AuthenticationScheme("oauthbearertoken", "OAuth Bearer Token",
                    "Authentication with a bearer token in the Authorization header",
                    Optional.of("https://www.rfc-editor.org/info/rfc6750"), Optional.empty(), true);
        }
    }

    /**
     * Reads the RFC 7643 §5 / §8.5 JSON representation.
     *
     * @param json a ServiceProviderConfig resource
     * @return the configuration
     */
    public static ServiceProviderConfig fromJson(JsonNode json) {
        List<AuthenticationScheme> schemes = new ArrayList<>();
        for (JsonNode s : json.path("authenticationSchemes")) {
            schemes.add(new AuthenticationScheme(s.path("type").asText(""), s.path("name").asText(""),
                    s.path("description").asText(""), optionalText(s, "specUri"),
                    optionalText(s, "documentationUri"), s.path("primary").asBoolean(false)));
        }
        return builder().documentationUri(optionalText(json, "documentationUri").orElse(null))
                .patchSupported(supported(json, "patch"))
                .bulk(new Bulk(supported(json, "bulk"), json.path("bulk").path("maxOperations").asInt(0),
                        json.path("bulk").path("maxPayloadSize").asInt(0)))
                .filter(new Filter(supported(json, "filter"), json.path("filter").path("maxResults").asInt(0)))
                .changePasswordSupported(supported(json, "changePassword")).sortSupported(supported(json, "sort"))
                .etagSupported(supported(json, "etag")).authenticationSchemes(schemes)
                .pagination(pagination(json.path("pagination")).orElse(null)).build();
    }

    private static Optional<Pagination> pagination(JsonNode p) {
        if (!p.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Pagination(p.path("cursor").asBoolean(false), p.path("index").asBoolean(false),
                p.path("defaultPaginationMethod").asText("index"), p.path("defaultPageSize").asInt(0),
                p.path("maxPageSize").asInt(0), p.path("cursorTimeout").asLong(0)));
    }

    private static boolean supported(JsonNode json, String feature) {
        return json.path(feature).path("supported").asBoolean(false);
    }

    private static Optional<String> optionalText(JsonNode json, String member) {
        JsonNode value = json.get(member);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /**
     * Writes the RFC 7643 §8.5 representation (without {@code meta.location}, which depends on the base URL).
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray("schemas").add(SchemaRegistry.SERVICE_PROVIDER_CONFIG_SCHEMA);
        documentationUri.ifPresent(uri -> json.put("documentationUri", uri));
        json.putObject("patch").put("supported", patchSupported);
        json.putObject("bulk").put("supported", bulk.supported()).put("maxOperations", bulk.maxOperations())
                .put("maxPayloadSize", bulk.maxPayloadSize());
        json.putObject("filter").put("supported", filter.supported()).put("maxResults", filter.maxResults());
        json.putObject("changePassword").put("supported", changePasswordSupported);
        json.putObject("sort").put("supported", sortSupported);
        json.putObject("etag").put("supported", etagSupported);
        pagination.ifPresent(p -> json.putObject("pagination").put("cursor", p.cursor()).put("index", p.index())
                .put("defaultPaginationMethod", p.defaultPaginationMethod())
                .put("defaultPageSize", p.defaultPageSize()).put("maxPageSize", p.maxPageSize())
                .put("cursorTimeout", p.cursorTimeout()));
        ArrayNode schemes = json.putArray("authenticationSchemes");
        for (AuthenticationScheme s : authenticationSchemes) {
            ObjectNode scheme = schemes.addObject().put("type", s.type()).put("name", s.name())
                    .put("description", s.description());
            s.specUri().ifPresent(uri -> scheme.put("specUri", uri));
            s.documentationUri().ifPresent(uri -> scheme.put("documentationUri", uri));
            if (s.primary()) {
                scheme.put("primary", true);
            }
        }
        json.putObject("meta").put("resourceType", "ServiceProviderConfig");
        return json;
    }
}
