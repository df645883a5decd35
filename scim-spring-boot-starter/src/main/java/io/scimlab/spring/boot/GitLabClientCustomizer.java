package io.scimlab.spring.boot;

import io.scimlab.gitlab.api.GitLabClient;
import okhttp3.OkHttpClient;

/**
 * Adjusts the {@link GitLabClient} the starter builds, before it is built: declare beans of this type to add call
 * listeners, a retry policy, or OkHttp settings (a proxy, TLS, interceptors). Applied in {@code @Order}; the
 * starter's metrics use one too.
 */
@FunctionalInterface
public interface GitLabClientCustomizer {
    /**
     * Customizes the client.
     *
     * @param client the client's builder, with the {@code scimlab.gitlab.*} settings applied
     * @param http   the OkHttp client the GitLab client will share (ScimLab applies its timeouts on top)
     */
    void customize(GitLabClient.Builder client, OkHttpClient.Builder http);
}
