package io.scimlab.jaxrs;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves a {@link ScimServer} as one Jakarta REST (JAX-RS 3.1 or later) resource at {@code scim/v2} below the
 * application's path. Register an instance:
 * <pre>{@code
 * new ResourceConfig().register(new ScimJaxRsResource(scim));        // Jersey
 * }</pre>
 * or, to serve it at another path, return it from a sub-resource locator of your own resource (the class-level
 * path of a sub-resource is ignored):
 * <pre>{@code
 * @Path("idp/okta")
 * public class OktaScim {
 *     @Path("scim") public ScimJaxRsResource scim() { return resource; }   // idp/okta/scim/Users/...
 * }
 * }</pre>
 *
 * <p>GET, HEAD, POST, PUT, PATCH and DELETE go to {@link ScimServer#handle(ScimRequest)} with every request header
 * and value, the raw query and the body (read only up to the server's {@link io.scimlab.core.server.Limits limits});
 * the response is returned as the server made it: status, headers and body, errors included. HEAD is answered by
 * the server like GET, with the GET body's {@code Content-Length} and no body. Other methods get the runtime's own
 * 405. Jakarta REST does not tell a resource the caller's address, so the server sees none.
 *
 * <p>{@code Location} and {@code meta.location} are absolute: the base URL is the request's absolute URL up to the
 * SCIM path (as the runtime reports it, proxy headers included where it honours them), unless
 * {@link ScimServer.Builder#baseUrl(String)} fixes it.
 *
 * <p>The resource is thread-safe and keeps no state of its own: register one instance (a singleton).
 */
@Path("scim/v2")
public final class ScimJaxRsResource {
    /** The path parameter holding the SCIM path; a name unlikely to clash with a user's locator template. */
    private static final String SCIM_PATH = "scimlabPath";
    private static final String ANY = "{" + SCIM_PATH + ": .*}";

    private final ScimServer server;

    /**
     * A resource serving a SCIM server.
     *
     * @param server the SCIM server to serve
     */
    public ScimJaxRsResource(ScimServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * GET: reads, lists and discovery.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @return the SCIM response
     */
    @GET
    @Path(ANY)
    public Response get(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("GET", uri, headers, InputStream.nullInputStream());
    }

    /**
     * HEAD: GET's status and headers without the body.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @return the SCIM response, without a body
     */
    @HEAD
    @Path(ANY)
    public Response head(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("HEAD", uri, headers, InputStream.nullInputStream());
    }

    /**
     * POST: creates, {@code .search} and {@code /Bulk}.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @param body the request body
     * @return the SCIM response
     */
    @POST
    @Path(ANY)
    public Response post(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return handle("POST", uri, headers, body);
    }

    /**
     * PUT: replaces a resource.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @param body the request body
     * @return the SCIM response
     */
    @PUT
    @Path(ANY)
    public Response put(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return handle("PUT", uri, headers, body);
    }

    /**
     * PATCH: modifies a resource.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @param body the request body
     * @return the SCIM response
     */
    @PATCH
    @Path(ANY)
    public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return handle("PATCH", uri, headers, body);
    }

    /**
     * DELETE: deletes a resource.
     *
     * @param uri the request URI, injected
     * @param headers the request headers, injected
     * @return the SCIM response
     */
    @DELETE
    @Path(ANY)
    public Response delete(@Context UriInfo uri, @Context HttpHeaders headers) {
        return handle("DELETE", uri, headers, InputStream.nullInputStream());
    }

    private Response handle(String method, UriInfo uri, HttpHeaders headers, InputStream body) {
        String scimPath = "/" + Objects.toString(uri.getPathParameters(false).getFirst(SCIM_PATH), "");
        URI request = uri.getRequestUri();
        ScimResponse out = server.handle(new ScimRequest(method, scimPath,
                Objects.toString(request.getRawQuery(), ""), headers.getRequestHeaders(), body,
                ScimRequest.RemoteInfo.UNKNOWN, Optional.of(baseUrl(uri, request, scimPath))));
        Response.ResponseBuilder response = Response.status(out.status());
        out.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")) {
                response.header(name, value);
            }
        });
        if (method.equals("HEAD")) {
            // The server put the GET body's length here (RFC 9110 §9.3.2); the runtime sends no body for HEAD.
            out.header("Content-Length").ifPresent(length -> response.header("Content-Length", length));
        } else if (out.body().length > 0) {
            response.entity(out.body());
        }
        return response.build();
    }

    /** The request's absolute URL without the SCIM path and query: where this resource is mounted. */
    static String baseUrl(UriInfo uri, URI request, String scimPath) {
        String path = Objects.toString(request.getRawPath(), "");
        String origin = request.getScheme() + "://" + request.getRawAuthority();
        if (request.getHost() != null && path.endsWith(scimPath)) {
            return origin + path.substring(0, path.length() - scimPath.length());
        }
        // A path the runtime normalised differently from the raw one: the application's base plus the matched path.
        String matched = uri.getMatchedURIs(false).isEmpty() ? "" : uri.getMatchedURIs(false).get(0);
        String base = uri.getBaseUri().toString() + matched;
        return base.endsWith(scimPath) ? base.substring(0, base.length() - scimPath.length()) : base;
    }
}
