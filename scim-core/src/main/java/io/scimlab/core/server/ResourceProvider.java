package io.scimlab.core.server;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.schema.ResourceTypeDefinition;
import java.util.Optional;

/**
 * The SPI a backend implements to serve one resource type: the in-memory provider, the GitLab user and group
 * providers, or an application's own.
 *
 * <p>The server does everything protocol-level before calling a provider: authentication, parsing and
 * validating bodies against the schema ({@link io.scimlab.core.resource.ResourceReader}), applying PATCH and
 * PUT ({@link io.scimlab.core.patch.PatchEngine}) into a {@link ResourceUpdate}, filtering / sorting / paging
 * what the provider did not, projection, ETags and errors. A provider stores and fetches.
 *
 * <p>Providers signal client errors with {@link ScimException} (404 not found, 409 {@code uniqueness},
 * 400 {@code invalidValue} for an unknown member, 503 or 429 when the backend is unavailable or rate-limited, with
 * {@link ScimException#withRetryAfter(java.time.Duration)} so that the client gets a {@code Retry-After}).
 * Any other exception becomes a 500 with a generic detail. Every resource a provider returns carries
 * {@code id} and {@code meta.version}; the server sets {@code meta.location}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ResourceProvider {
    /** The resource type this provider serves. */
    ResourceTypeDefinition resourceType();

    /**
     * Stores a new resource.
     *
     * @param resource the validated resource, without {@code id} and {@code meta}
     * @param context who is asking
     * @return the stored resource, with {@code id}, {@code meta.created}, {@code meta.lastModified} and
     *     {@code meta.version}
     * @throws ScimException 409 {@code uniqueness} when a unique attribute is taken
     */
    ScimResource create(ScimResource resource, RequestContext context);

    /**
     * Fetches a resource.
     *
     * @param id its id
     * @param context who is asking
     * @return the resource, or empty when there is none with that id
     */
    Optional<ScimResource> get(String id, RequestContext context);

    /**
     * Stores a change computed by the server (see {@link ResourceUpdate} for the version rule).
     *
     * @param update the change
     * @param context who is asking
     * @return the stored resource, with a new {@code meta.version}
     * @throws ScimException 404 when the resource is gone; {@link #versionConflict(String)} when the stored
     *     version differs from {@code update.before()}'s
     */
    ScimResource update(ResourceUpdate update, RequestContext context);

    /**
     * Deletes a resource.
     *
     * @param id its id
     * @param context who is asking
     * @throws ScimException 404 when there is none with that id
     */
    void delete(String id, RequestContext context);

    /**
     * Lists resources.
     *
     * @param query the parsed query
     * @param context who is asking
     * @return the candidates and which parts of the query the provider applied
     */
    QueryResult query(ResourceQuery query, RequestContext context);

    /**
     * Whether this provider pages by cursor itself (RFC 9865). When true, the server sends it cursor queries
     * ({@link ResourceQuery#cursorPaged()}, unsorted, for this type alone) and expects
     * {@link QueryResult#cursorPage} answers; a provider that meets a cursor it cannot use throws 400
     * {@link io.scimlab.core.error.ScimType#INVALID_CURSOR} or {@link io.scimlab.core.error.ScimType#EXPIRED_CURSOR}.
     * When false (the default), or for sorted and root requests, the server answers cursor requests itself
     * from index-paged queries.
     *
     * @return true when {@link #query} honours {@link ResourceQuery#cursor()}
     */
    default boolean supportsCursor() {
        return false;
    }

    /**
     * The exception a provider throws when an update's base version is stale: 412 with a detail the server
     * recognises as retryable.
     *
     * @param id the resource id
     * @return the exception
     */
    static ScimException versionConflict(String id) {
        return ScimException.status(412, "resource " + id + " was changed concurrently (version mismatch)");
    }
}
