package io.scimlab.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a SCIM service provider supports (RFC 7643 §5), as served at {@code /ServiceProviderConfig}.
 *
 * @param documentationUri a page of help about the service provider
 * @param patchSupported whether PATCH is supported
 * @param bulk bulk support and its limits
 * @param filter filter support and the most results one list returns
 * @param changePasswordSupported whether the password can be changed
 * @param sortSupported whether lists can be sorted
 * @param etagSupported whether resources carry versions (ETags)
 * @param authenticationSchemes the ways clients may authenticate
 * @param pagination the pagination methods supported (RFC 9865), when advertised
 */
public record ServiceProviderConfig(Optional<String> documentationUri, boolean patchSupported, Bulk bulk,
        Filter filter, boolean changePasswordSupported, boolean sortSupported, boolean etagSupported,
        List<AuthenticationScheme> authenticationSchemes, Optional<Pagination> pagination) {

    /** Checks the components and copies the list. */
    public ServiceProviderConfig {
        Objects.requireNonNull(documentationUri, "documentationUri");
        Objects.requireNonNull(bulk, "bulk");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(pagination, "pagination");
        authenticationSchemes = List.copyOf(authenticationSchemes);
    }

    /**
     * A configuration without a {@code pagination} object (RFC 7643 only).
     *
     * @param documentationUri a page of help about the service provider
     * @param patchSupported whether PATCH is supported
     * @param bulk bulk support and its limits
     * @param filter filter support and the most results one list returns
     * @param changePasswordSupported whether the password can be changed
     * @param sortSupported whether lists can be sorted
     * @param etagSupported whether resources carry versions (ETags)
     * @param authenticationSchemes the ways clients may authenticate
     */
    public ServiceProviderConfig(Optional<String> documentationUri, boolean patchSupported, Bulk bulk,
            Filter filter, boolean changePasswordSupported, boolean sortSupported, boolean etagSupported,
            List<AuthenticationScheme> authenticationSchemes) {
        this(documentationUri, patchSupported, bulk, filter, changePasswordSupported, sortSupported, etagSupported,
                authenticationSchemes, Optional.empty());
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
        return new ServiceProviderConfig(optionalText(json, "documentationUri"), supported(json, "patch"),
                new Bulk(supported(json, "bulk"), json.path("bulk").path("maxOperations").asInt(0),
                        json.path("bulk").path("maxPayloadSize").asInt(0)),
                new Filter(supported(json, "filter"), json.path("filter").path("maxResults").asInt(0)),
                supported(json, "changePassword"), supported(json, "sort"), supported(json, "etag"), schemes,
                pagination(json.path("pagination")));
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
