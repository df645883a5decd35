package io.scimlab.spring.boot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scimlab.core.server.HandledRequest;
import io.scimlab.core.server.ScimRequestListener;
import io.scimlab.gitlab.api.GitLabCall;
import io.scimlab.gitlab.api.GitLabCallListener;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.token.TokenRotator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * ScimLab's Micrometer meters:
 * <ul>
 *   <li>{@code scimlab.scim.requests} (timer; tags {@code method}, {@code endpoint} as a template such as
 *       {@code /Users/{id}}, {@code status}): every SCIM request;</li>
 *   <li>{@code scimlab.gitlab.calls} (timer; {@code method}, {@code endpoint} as a template, {@code status}, 0 when
 *       GitLab did not answer): every GitLab request, from first attempt to last, waits included;</li>
 *   <li>{@code scimlab.gitlab.rate.limited} (counter): each 429 answer, retried or not;</li>
 *   <li>{@code scimlab.gitlab.retries} (counter): attempts beyond the first;</li>
 *   <li>{@code scimlab.gitlab.wait} (timer): time GitLab requests spent not talking to GitLab: pacing under the
 *       request budget, waits after a 429 and retry backoff;</li>
 *   <li>{@code scimlab.gitlab.token.days.left} (gauge): days until the rotated token expires;</li>
 *   <li>{@code scimlab.reconcile.drift}, {@code .changes}, {@code .problems} (gauges: the last reconciliation's
 *       counts) and {@code scimlab.reconcile.failures} (counter).</li>
 * </ul>
 *
 * <p>The 429s and the time on the wire are seen by an OkHttp interceptor on the starter's GitLab client; the
 * interceptor and the {@link GitLabCallListener} run on the thread that makes the request (the client's calls are
 * synchronous), which is how one request's attempts add up.
 */
final class ScimLabMetrics implements ScimRequestListener, GitLabCallListener, GitLabClientCustomizer, Interceptor {
    private final MeterRegistry registry;
    private final Counter rateLimited;
    private final Counter retries;
    private final Timer waiting;
    /** Per thread: nanoseconds spent in HTTP exchanges since the last call ended. */
    private final ThreadLocal<long[]> onTheWire = ThreadLocal.withInitial(() -> new long[1]);

    ScimLabMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("scimlab.gitlab.rate.limited")
                .description("429 answers from GitLab, retried or not").register(registry);
        this.retries = Counter.builder("scimlab.gitlab.retries")
                .description("GitLab request attempts beyond the first").register(registry);
        this.waiting = Timer.builder("scimlab.gitlab.wait")
                .description("Time GitLab requests waited: pacing, after 429s and retry backoff").register(registry);
    }

    /** Adds the token gauge. */
    void watch(TokenRotator rotator, Clock clock) {
        Gauge.builder("scimlab.gitlab.token.days.left", rotator, r -> daysLeft(r, clock))
                .description("Days until the GitLab token the starter rotates expires").register(registry);
    }

    /** Adds the reconciliation gauges. */
    void watch(ScimLabReconciliation reconciliation) {
        Gauge.builder("scimlab.reconcile.drift", reconciliation, ScimLabReconciliation::drift)
                .description("Drift the last reconciliation found").register(registry);
        Gauge.builder("scimlab.reconcile.changes", reconciliation, ScimLabReconciliation::changes)
                .description("Changes the last reconciliation planned").register(registry);
        Gauge.builder("scimlab.reconcile.problems", reconciliation, ScimLabReconciliation::problems)
                .description("Problems the last reconciliation found").register(registry);
        Gauge.builder("scimlab.reconcile.failures", reconciliation, ScimLabReconciliation::failures)
                .description("Reconciliation runs that failed").register(registry);
    }

    private static double daysLeft(TokenRotator rotator, Clock clock) {
        Optional<LocalDate> expiry;
        try {
            expiry = rotator.current().expiresAt();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        return expiry.map(e -> (double) ChronoUnit.DAYS.between(LocalDate.now(clock), e)).orElse(Double.NaN);
    }

    @Override
    public void requestHandled(HandledRequest request) {
        Timer.builder("scimlab.scim.requests").description("SCIM requests served")
                .tag("method", request.method()).tag("endpoint", request.endpoint())
                .tag("status", Integer.toString(request.status())).register(registry).record(request.duration());
    }

    @Override
    public void customize(GitLabClient.Builder client, OkHttpClient.Builder http) {
        client.addCallListener(this);
        http.addInterceptor(this);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(chain.request());
            if (response.code() == 429) {
                rateLimited.increment();
            }
            return response;
        } finally {
            onTheWire.get()[0] += System.nanoTime() - start;
        }
    }

    @Override
    public void callEnded(GitLabCall call) {
        long[] wire = onTheWire.get();
        long onWire = wire[0];
        wire[0] = 0;
        Timer.builder("scimlab.gitlab.calls").description("GitLab requests")
                .tag("method", call.method()).tag("endpoint", GitLabPaths.template(call.path()))
                .tag("status", Integer.toString(call.status())).register(registry).record(call.duration());
        if (call.attempts() > 1) {
            retries.increment(call.attempts() - 1);
        }
        if (call.attempts() > 0) {
            waiting.record(Duration.ofNanos(Math.max(0, call.duration().toNanos() - onWire)));
        }
    }

    @Override
    public String toString() {
        return "ScimLabMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
