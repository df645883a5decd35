package io.scimlab.testkit.conformance;

import java.net.URI;
import java.util.Objects;

/**
 * The SCIM endpoint a conformance run talks to: its base URL (e.g. {@code http://127.0.0.1:8080/scim/v2}) and
 * the bearer token to send. The token never appears in {@link #toString()} or in any failure message.
 *
 * @param baseUrl the base URL, without a trailing slash
 * @param bearerToken the token
 */
public record ScimTarget(URI baseUrl, String bearerToken) {
    /** Checks the components and drops a trailing slash. */
    public ScimTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(bearerToken, "bearerToken");
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /**
     * A target.
     *
     * @param baseUrl the base URL
     * @param bearerToken the token
     * @return the target
     */
    public static ScimTarget of(String baseUrl, String bearerToken) {
        return new ScimTarget(URI.create(baseUrl), bearerToken);
    }

    @Override
    public String toString() {
        return "ScimTarget{" + baseUrl + ", token=****}";
    }
}
