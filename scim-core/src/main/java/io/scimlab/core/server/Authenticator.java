package io.scimlab.core.server;

import io.scimlab.core.schema.ServiceProviderConfig.AuthenticationScheme;
import java.util.List;
import java.util.Optional;

/**
 * The hook that decides who made a request: bearer tokens ({@link BearerTokenAuthenticator}), OAuth token
 * introspection, an mTLS principal ({@link ScimRequest.RemoteInfo#clientCertificateSubject()}), or a framework's
 * own security (then {@link #trusted(String)}). It also scopes a request to a tenant.
 *
 * <p>Implementations must be thread-safe and must never put a credential in an exception, a log or a
 * {@code toString}.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * Authenticates a request.
     *
     * @param request the request (headers and remote info; the body has not been read)
     * @return who made it, or empty to answer 401
     */
    Optional<Authentication> authenticate(ScimRequest request);

    /** The {@code WWW-Authenticate} challenge sent with a 401. */
    default String challenge() {
        return "Bearer realm=\"SCIM\"";
    }

    /** The schemes listed at {@code /ServiceProviderConfig}. */
    default List<AuthenticationScheme> schemes() {
        return List.of(AuthenticationScheme.bearerToken());
    }

    /**
     * An authenticator that lets every request in as one principal: for a server embedded behind a framework
     * that has authenticated the caller already, and for tests.
     *
     * @param principal the principal every request gets
     * @return the authenticator
     */
    static Authenticator trusted(String principal) {
        Authentication authentication = Authentication.of(principal);
        return request -> Optional.of(authentication);
    }
}
