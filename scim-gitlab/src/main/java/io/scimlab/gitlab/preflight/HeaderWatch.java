package io.scimlab.gitlab.preflight;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sees every answer of the preflight's requests and keeps what they said about rate limits: GitLab's request
 * throttle sends {@code RateLimit-*} headers on every answer when it is on; a 429 met during the check is worth a
 * warning.
 */
final class HeaderWatch implements Interceptor {
    private final AtomicReference<@Nullable String> limit = new AtomicReference<>();
    private final AtomicReference<@Nullable String> name = new AtomicReference<>();
    private final AtomicInteger limited = new AtomicInteger();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String l = response.header("RateLimit-Limit");
        if (l != null) {
            limit.set(l);
            String n = response.header("RateLimit-Name");
            if (n != null) {
                name.set(n);
            }
        }
        if (response.code() == 429) {
            limited.incrementAndGet();
        }
        return response;
    }

    @Nullable String limit() {
        return limit.get();
    }

    @Nullable String name() {
        return name.get();
    }

    int limited() {
        return limited.get();
    }
}
