package io.scimlab.spring.boot;

import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.token.StoredToken;
import io.scimlab.gitlab.token.TokenRotator;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code scimlab} health check, free of any Spring Boot type so that one implementation serves Boot 3's and
 * Boot 4's health APIs (their indicators only translate {@link Report}): GitLab reachable and the token valid
 * (with the rights the bridge needs), the token's expiry when the starter rotates it, and the state store
 * answering. Down when any of these fails. Answers are reused for {@code scimlab.health.cache-for}, so frequent
 * probes do not become GitLab traffic.
 */
final class ScimLabHealth {
    /**
     * One check's answer.
     *
     * @param up      whether everything works
     * @param details what was found, for the health endpoint; never a secret
     */
    record Report(boolean up, Map<String, Object> details) {
    }

    private final GitLabChecks checks;
    private final String gitlabUrl;
    private final StateStore store;
    private final Optional<TokenRotator> rotator;
    private final Optional<ScimLabReconciliation> reconciliation;
    private final Duration cacheFor;
    private final Period expiryWarning;
    private final Clock clock;
    private @Nullable Report cached;
    private long cachedAtNanos;

    ScimLabHealth(GitLabChecks checks, String gitlabUrl, StateStore store, Optional<TokenRotator> rotator,
            Optional<ScimLabReconciliation> reconciliation, ScimLabProperties.HealthSettings settings, Clock clock) {
        this.checks = checks;
        this.gitlabUrl = gitlabUrl.endsWith("/") ? gitlabUrl.substring(0, gitlabUrl.length() - 1) : gitlabUrl;
        this.store = store;
        this.rotator = rotator;
        this.reconciliation = reconciliation;
        this.cacheFor = settings.cacheFor();
        this.expiryWarning = settings.tokenExpiryWarning();
        this.clock = clock;
    }

    /** The current answer, checked anew when the cached one is older than the cache period. */
    synchronized Report check() {
        Report r = cached;
        if (r != null && System.nanoTime() - cachedAtNanos < cacheFor.toNanos()) {
            return r;
        }
        r = checkNow();
        cached = r;
        cachedAtNanos = System.nanoTime();
        return r;
    }

    private Report checkNow() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("gitlab", gitlabUrl);
        GitLabChecks.TokenCheck token = checks.token();
        details.put("gitlabReachable", token.state() != GitLabChecks.TokenState.UNREACHABLE);
        details.put("token", token.state().name().toLowerCase(java.util.Locale.ROOT));
        if (!token.ok()) {
            details.put("tokenProblem", token.detail());
        }
        rotator.flatMap(ScimLabHealth::storedToken).flatMap(StoredToken::expiresAt).ifPresent(expiry -> {
            LocalDate today = LocalDate.now(clock);
            details.put("tokenExpiresAt", expiry.toString());
            details.put("tokenDaysLeft", ChronoUnit.DAYS.between(today, expiry));
            details.put("tokenExpiringSoon", !today.plus(expiryWarning).isBefore(expiry));
        });
        boolean storeUp = true;
        details.put("stateStoreType", store.getClass().getSimpleName());
        try {
            store.user("scimlab-health-check");
            details.put("stateStore", "up");
        } catch (RuntimeException e) {
            storeUp = false;
            details.put("stateStore", "down: " + e.getClass().getSimpleName());
        }
        details.put("okhttp", OkHttpInfo.version());
        OkHttpInfo.duplicateWarning().ifPresent(w -> details.put("okhttpWarning", w));
        reconciliation.flatMap(ScimLabReconciliation::last).ifPresent(last -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("at", last.at().toString());
            last.plan().ifPresent(p -> {
                r.put("drift", p.drift().size());
                r.put("changes", p.changes().size());
                r.put("problems", p.problems().size());
                r.put("applied", last.applied());
            });
            last.failure().ifPresent(f -> r.put("failure", f));
            details.put("lastReconcile", r);
        });
        return new Report(token.ok() && storeUp, details);
    }

    private static Optional<StoredToken> storedToken(TokenRotator rotator) {
        try {
            return Optional.of(rotator.current());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
