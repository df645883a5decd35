package io.scimlab.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Readable expectations: each failure names what was expected and shows the exchange. */
final class Expect {
    private Expect() {}

    static void status(ScimHttp.Response r, int... expected) {
        for (int s : expected) {
            if (r.status() == s) {
                return;
            }
        }
        fail("expected HTTP " + java.util.Arrays.toString(expected), r);
    }

    static void that(boolean condition, String what, ScimHttp.Response r) {
        if (!condition) {
            fail("expected " + what, r);
        }
    }

    static void equal(Object expected, Object actual, String what, ScimHttp.Response r) {
        if (!Objects.equals(expected, actual)) {
            fail("expected " + what + " to be " + expected + " but was " + actual, r);
        }
    }

    /** RFC 7644 §3.12 error body with status as a string (Okta requires that), the Error schema, a detail. */
    static void scimError(ScimHttp.Response r, int status) {
        status(r, status);
        JsonNode body = r.body();
        that(body.path("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:Error"),
                "the Error schema URN in schemas", r);
        that(body.path("status").isTextual() && body.path("status").asText().equals(Integer.toString(status)),
                "\"status\" as the string \"" + status + "\"", r);
        that(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), "a non-empty detail", r);
    }

    /** A ListResponse whose counters are integers. */
    static void listResponse(ScimHttp.Response r) {
        status(r, 200);
        JsonNode body = r.body();
        that(body.path("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:ListResponse"),
                "the ListResponse schema", r);
        that(body.path("totalResults").isIntegralNumber(), "totalResults as an integer", r);
        if (body.has("itemsPerPage")) {
            that(body.path("itemsPerPage").isIntegralNumber(), "itemsPerPage as an integer", r);
        }
        if (body.has("startIndex")) {
            that(body.path("startIndex").isIntegralNumber(), "startIndex as an integer", r);
        }
    }

    /**
     * RFC 7644 §3.3 and RFC 7643 §3.1: {@code Location} is the created resource's URI and equals
     * {@code meta.location}; an IdP stores and follows it, so it is absolute (a relative {@code /Users/2} is what a
     * binding that passes no base URL answers).
     */
    static void absoluteLocation(ScimHttp.Response r, String resourcePath) {
        String location = r.header("Location").orElse("");
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            fail("expected Location to be a URI, not " + location, r);
            return;
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        that(http && uri.getHost() != null, "an absolute http(s) Location, not " + location, r);
        that(location.endsWith(resourcePath), "Location to end with " + resourcePath, r);
        equal(location, r.body().path("meta").path("location").asText(), "meta.location (the Location header)", r);
    }

    static void fail(String message, ScimHttp.Response r) {
        throw new AssertionError(message + "\n  exchange: " + r);
    }
}
