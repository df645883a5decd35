package io.scimlab.gitlab.api;

import java.util.function.Supplier;

/**
 * A {@link GitLabClient.Builder#tokenSupplier token supplier} that also hears when GitLab refuses a value, so it
 * can fetch a fresher one (another replica rotated it) or record that the token is revoked or expired. The client
 * calls {@link #get()} before every request; keep it cheap.
 */
public interface TokenSource extends Supplier<String> {
    /**
     * GitLab answered 401 to a request sent with {@code token}. Called before the client asks {@link #get()} once
     * more: a different value is tried once, the same value fails the request.
     *
     * @param token   the refused value (never log it)
     * @param request the refused request so far (status 401, {@code UNAUTHORIZED})
     */
    void refused(String token, GitLabCall request);
}
