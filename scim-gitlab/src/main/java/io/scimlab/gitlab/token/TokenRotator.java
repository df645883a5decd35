package io.scimlab.gitlab.token;

import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabCall;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.TokenSource;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the bridge's own GitLab token alive: rotates it through GitLab's rotate API before it expires, stores the
 * new value in the {@link TokenStore} and switches the client to it with no failed request.
 *
 * <p>The client reads its token from {@link #tokenSource()} before every request, so requests in flight finish
 * with the old value and the next one sends the new value. GitLab revokes the old value on rotation; a request
 * that still carried it (or a replica that had not yet seen the new one) gets a 401, upon which the source reloads
 * from the store and the client repeats the request once with the newer value. Rotations of one slot are
 * serialised across replicas by {@link TokenStore#locked}, and a replica that finds the stored token already
 * rotated does not rotate again (rotating a revoked token makes GitLab revoke the whole token family).
 *
 * <p>A token GitLab refuses although the store holds nothing newer (revoked by an administrator, or expired) is
 * recorded once as a {@link AuditEvent.Outcome#FAILURE} audit event; the client then stops sending it for a while
 * (see {@link GitLabClient.Builder#refusedTokenPause}) and the SCIM client gets 503. Store a new token to recover.
 *
 * <pre>{@code
 * TokenStore tokens = JdbcStorage.builder(dataSource).build().tokenStore();
 * TokenRotator rotator = TokenRotator.builder(tokens, "gitlab-admin").auditSink(audit).build();
 * GitLabClient client = GitLabClient.builder().baseUrl(url).tokenSupplier(rotator.tokenSource()).build();
 * rotator.schedule(scheduler, client, Duration.ofHours(1));
 * }</pre>
 */
public final class TokenRotator {
    private static final System.Logger LOG = System.getLogger(TokenRotator.class.getName());
    private static final int STORE_ATTEMPTS = 3;
    private static final Duration STORE_BACKOFF = Duration.ofMillis(50);

    private final TokenStore store;
    private final String name;
    private final Clock clock;
    private final Period rotateBefore;
    private final Period lifetime;
    private final AuditSink audit;
    private final Source source = new Source();
    private volatile @Nullable StoredToken current;
    // The token id + version whose refusal was already audited: one event per dead token, not one per request.
    private volatile @Nullable String refusalAudited;
    // While the token is refused, get() re-reads the store at most this often, to pick up a new token an operator
    // stored (or another replica rotated to).
    private volatile long nextReloadNanos;
    // Held from the rotate call until the switch: a 401 for the old value in that window waits for the new one
    // instead of failing the request.
    private final ReentrantLock switching = new ReentrantLock();

    private TokenRotator(Builder b) {
        this.store = b.store;
        this.name = b.name;
        this.clock = b.clock;
        this.rotateBefore = b.rotateBefore;
        this.lifetime = b.lifetime;
        this.audit = b.audit;
    }

    /**
     * A builder.
     *
     * @param store the token store
     * @param name  the token's slot in the store
     * @return the builder
     */
    public static Builder builder(TokenStore store, String name) {
        return new Builder(store, name);
    }

    /**
     * The token supplier to build the bridge's {@link GitLabClient} with.
     *
     * @return the source
     */
    public TokenSource tokenSource() {
        return source;
    }

    /**
     * The token as this rotator last read it (without the secret in {@code toString()}).
     *
     * @return the token
     * @throws IllegalStateException when the store holds no token under this rotator's name
     */
    public StoredToken current() {
        StoredToken t = current;
        return t != null ? t : reload();
    }

    /**
     * Whether the token is due: its expiry is less than the rotate-before period away.
     *
     * @return whether {@link #rotateIfDue} would rotate
     */
    public boolean due() {
        return due(current());
    }

    private boolean due(StoredToken t) {
        LocalDate today = LocalDate.now(clock);
        return t.expiresAt().map(e -> !today.plus(rotateBefore).isBefore(e)).orElse(false);
    }

    /**
     * Rotates the token if it is due, through {@code client} (which must authenticate with
     * {@link #tokenSource()}): GitLab issues the new value and revokes the old one, the store keeps the new value
     * and the client uses it from its next request.
     *
     * @param client the client to rotate with
     * @return whether this call rotated
     * @throws GitLabException when GitLab refuses the rotation (audited)
     */
    public boolean rotateIfDue(GitLabClient client) {
        if (!due(reload())) {
            return false;
        }
        return store.locked(name, () -> {
            // Another replica may have rotated while we waited for the lock.
            StoredToken old = reload();
            if (!due(old)) {
                return false;
            }
            LocalDate expiry = LocalDate.now(clock).plus(lifetime);
            // The audit event names the request the client really sent: a view of the client that reports it.
            List<GitLabCall> sent = new ArrayList<>();
            GitLabClient observed = client.newBuilder().addCallListener(sent::add).build();
            StoredToken next;
            String method;
            String path;
            switching.lock();
            try {
                AccessToken fresh;
                try {
                    fresh = rotate(observed, old, expiry);
                } catch (GitLabException e) {
                    record(e.method(), e.path(), old, null, AuditEvent.Outcome.FAILURE,
                            "GitLab refused the rotation: HTTP " + e.status());
                    throw e;
                }
                GitLabCall call = sent.get(sent.size() - 1);
                method = call.method();
                path = call.path();
                next = old.rotated(fresh.id(), fresh.token().orElseThrow(
                        () -> new IllegalStateException("GitLab's rotate answer has no token")),
                        fresh.expiresAt().or(() -> Optional.of(expiry)), clock.instant());
                // Switch first: the old value is already revoked, so the client must not send it again even if
                // storing fails below.
                current = next;
            } finally {
                switching.unlock();
            }
            String failure = storeRotated(next, old.version());
            if (failure == null) {
                record(method, path, old, next, AuditEvent.Outcome.SUCCESS, null);
            } else {
                // The new value lives only in this rotator now: reload() stores it again (see there).
                String detail = "GitLab rotated the token, but storing the new value failed (" + failure
                        + "); it is kept in memory and stored again on the next check";
                LOG.log(System.Logger.Level.ERROR, "token {0}: {1}", name, detail);
                record(method, path, old, next, AuditEvent.Outcome.FAILURE, detail);
            }
            return true;
        });
    }

    /**
     * Stores a rotated token, retrying a failing store a few times with a short backoff.
     *
     * @return null when stored, else why not
     */
    private @Nullable String storeRotated(StoredToken next, long expectedVersion) {
        String failure = null;
        for (int attempt = 0; attempt < STORE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(STORE_BACKOFF.toMillis() << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failure;
                }
            }
            try {
                // A lost compare-and-set will not change on a retry: another writer stored a token meanwhile.
                return store.put(next, expectedVersion) ? null : "the store changed meanwhile";
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName();
            }
        }
        return failure;
    }

    /**
     * Checks (and rotates when due) every {@code period} on {@code scheduler}; failures are logged, not thrown.
     *
     * @param scheduler the scheduler
     * @param client    the client to rotate with
     * @param period    how often to check (an hour is plenty: tokens expire on a date)
     * @return the scheduled task, to cancel
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, GitLabClient client, Duration period) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                rotateIfDue(client);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "token " + name + ": rotation failed: "
                        + e.getClass().getSimpleName());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private AccessToken rotate(GitLabClient client, StoredToken t, LocalDate expiry) {
        Optional<LocalDate> expires = Optional.of(expiry);
        return switch (t.type()) {
            case PERSONAL -> client.accessTokens().rotateOwn(expires);
            case GROUP -> client.accessTokens().rotateGroup(GroupRef.path(t.group().orElseThrow()), t.tokenId(),
                    expires);
            case SERVICE_ACCOUNT -> client.accessTokens().rotateServiceAccount(GroupRef.path(
                    t.group().orElseThrow()), t.serviceAccountUserId().orElseThrow(), t.tokenId(), expires);
        };
    }

    private StoredToken reload() {
        StoredToken t = store.get(name).orElseThrow(() -> new IllegalStateException("no GitLab token stored as "
                + name));
        StoredToken mine = current;
        if (mine != null && mine.version() > t.version()) {
            // Rotated here and not stored yet: never step back to the revoked value, and try to store it again
            // (only over the value it was rotated from).
            if (t.version() == mine.version() - 1) {
                try {
                    if (store.put(mine, t.version())) {
                        LOG.log(System.Logger.Level.INFO, "token {0}: rotated token stored on retry", name);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "token {0}: storing the rotated token failed again ({1}); "
                            + "it is only in memory", name, e.getClass().getSimpleName());
                }
            }
            return mine;
        }
        if (mine == null || mine.version() != t.version()) {
            refusalAudited = null;
        }
        current = t;
        return t;
    }

    private void record(String method, String path, StoredToken before, @Nullable StoredToken after,
            AuditEvent.Outcome outcome, @Nullable String detail) {
        AuditEvent event = AuditEvent.builder().time(clock.instant()).correlationId("token-" + name)
                .principal("token-rotator").operation("rotate token " + name).method(method).path(path)
                .before(describe(before)).after(Optional.ofNullable(after).map(TokenRotator::describe))
                .outcome(outcome).detail(Optional.ofNullable(detail)).build();
        try {
            audit.record(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit sink failed", e);
        }
    }

    private static String describe(StoredToken t) {
        return "id=" + t.tokenId() + " expires=" + t.expiresAt().map(LocalDate::toString).orElse("never");
    }

    @Override
    public String toString() {
        return "TokenRotator[" + name + ", rotateBefore=" + rotateBefore + ", lifetime=" + lifetime + "]";
    }

    /** What the client reads per request. */
    private final class Source implements TokenSource {
        @Override
        public String get() {
            if (refusalAudited != null && System.nanoTime() - nextReloadNanos > 0) {
                nextReloadNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                return reload().secret();
            }
            return current().secret();
        }

        // lock() then unlock() at once, no try: only waits for a switch in progress (nothing runs under the lock).
        @SuppressWarnings("LockNotBeforeTry")
        @Override
        public void refused(String token, GitLabCall request) {
            // A rotation in progress: wait for its switch, then compare with what it switched to.
            switching.lock();
            switching.unlock();
            StoredToken fresh = reload();
            if (!fresh.secret().equals(token)) {
                return;
            }
            String key = fresh.tokenId() + "/" + fresh.version();
            if (key.equals(refusalAudited)) {
                return;
            }
            refusalAudited = key;
            boolean expired = fresh.expiresAt().map(e -> e.isBefore(LocalDate.now(clock))).orElse(false);
            String detail = "GitLab refused the bridge's token (" + (expired ? "expired" : "revoked or expired")
                    + "); store a new token to recover";
            LOG.log(System.Logger.Level.ERROR, "token {0} id {1}: {2}", name, fresh.tokenId(), detail);
            AuditEvent event = AuditEvent.builder().time(clock.instant()).correlationId("token-" + name)
                    .principal("token-rotator").operation("use token " + name).method(request.method())
                    .path(request.path()).before(describe(fresh)).outcome(AuditEvent.Outcome.FAILURE).detail(detail)
                    .build();
            try {
                audit.record(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "audit sink failed", e);
            }
        }

        @Override
        public String toString() {
            return "TokenSource[" + name + ", token=****]";
        }
    }

    /** Configures a {@link TokenRotator}. */
    public static final class Builder {
        private final TokenStore store;
        private final String name;
        private Clock clock = Clock.systemUTC();
        private Period rotateBefore = Period.ofDays(7);
        private Period lifetime = Period.ofDays(30);
        private AuditSink audit = AuditSink.logging();

        private Builder(TokenStore store, String name) {
            this.store = Objects.requireNonNull(store, "store");
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The clock that decides when the token is due (default UTC system clock).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * How long before its expiry the token is rotated (default 7 days).
         *
         * @param value the period
         * @return this builder
         */
        public Builder rotateBefore(Period value) {
            this.rotateBefore = Objects.requireNonNull(value, "rotateBefore");
            return this;
        }

        /**
         * How long the new token is valid (default 30 days; GitLab allows at most a year).
         *
         * @param value the lifetime
         * @return this builder
         */
        public Builder lifetime(Period value) {
            this.lifetime = Objects.requireNonNull(value, "lifetime");
            return this;
        }

        /**
         * Where rotations and refused tokens are recorded (default {@link AuditSink#logging()}).
         *
         * @param value the sink
         * @return this builder
         */
        public Builder auditSink(AuditSink value) {
            this.audit = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        /**
         * Builds the rotator.
         *
         * @return the rotator
         */
        public TokenRotator build() {
            return new TokenRotator(this);
        }
    }
}
