package io.scimlab.core.examples;

import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/** Serving a ScimServer from a Jakarta REST resource under {@code /scim/v2}. */
@Path("/scim/v2/{path: .*}")
public class JaxRsExample {
    private final ScimServer scim;
    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    public JaxRsExample(ScimServer scim) {
        this.scim = scim;
    }

    @GET
    public Response get() {
        return handle("GET", InputStream.nullInputStream());
    }

    @POST
    public Response post(InputStream body) {
        return handle("POST", body);
    }

    @PUT
    public Response put(InputStream body) {
        return handle("PUT", body);
    }

    @PATCH
    public Response patch(InputStream body) {
        return handle("PATCH", body);
    }

    @DELETE
    public Response delete() {
        return handle("DELETE", InputStream.nullInputStream());
    }

    private Response handle(String method, InputStream body) {
        String path = "/" + uri.getPathParameters(false).getFirst("path");
        ScimResponse out = scim.handle(new ScimRequest(method, path,
                Objects.toString(uri.getRequestUri().getRawQuery(), ""), headers.getRequestHeaders(), body,
                ScimRequest.RemoteInfo.UNKNOWN, Optional.of(uri.getBaseUri() + "scim/v2")));
        Response.ResponseBuilder r = Response.status(out.status()).entity(out.body().length == 0 ? null : out.body());
        out.headers().forEach(r::header);
        return r.build();
    }
}
