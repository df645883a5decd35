package io.scimlab.spring.boot;

import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.provision.ReconcilePlan;
import io.scimlab.gitlab.provision.Reconciler;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The scheduled reconciliation ({@code scimlab.reconcile.*}): plans (and, when configured, applies) on the
 * starter's scheduler, and keeps the last outcome for the health indicator and the drift metrics.
 */
final class ScimLabReconciliation implements Runnable {
    private static final Log LOG = LogFactory.getLog(ScimLabReconciliation.class);

    /**
     * One run's outcome.
     *
     * @param at       when it ended
     * @param plan     what it found (and applied, if {@code applied})
     * @param applied  whether the plan was applied
     * @param failure  why the run failed, when it did (then {@code plan} is empty)
     */
    record Outcome(Instant at, Optional<ReconcilePlan> plan, boolean applied, Optional<String> failure) {
    }

    private final Reconciler reconciler;
    private final boolean apply;
    private final Clock clock;
    private volatile Optional<Outcome> last = Optional.empty();
    private final AtomicLong failures = new AtomicLong();

    ScimLabReconciliation(Reconciler reconciler, boolean apply, Clock clock) {
        this.reconciler = reconciler;
        this.apply = apply;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            ReconcilePlan plan = apply ? reconciler.reconcile(RequestContext.system("scimlab-reconcile"))
                    : reconciler.plan();
            last = Optional.of(new Outcome(clock.instant(), Optional.of(plan), apply, Optional.empty()));
            if (!plan.drift().isEmpty() || !plan.problems().isEmpty()) {
                LOG.warn("ScimLab reconciliation: " + plan.drift().size() + " drift, " + plan.problems().size()
                        + " problems, " + plan.changes().size() + (apply ? " changes applied" : " changes planned"));
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            // The type only: a message may quote GitLab's answer, which is not for the log at this level.
            last = Optional.of(new Outcome(clock.instant(), Optional.empty(), false,
                    Optional.of(e.getClass().getSimpleName())));
            LOG.error("ScimLab reconciliation failed: " + e.getClass().getSimpleName());
        }
    }

    /** The last run's outcome, empty before the first run ends. */
    Optional<Outcome> last() {
        return last;
    }

    /** How many runs failed. */
    long failures() {
        return failures.get();
    }

    /** Drift lines of the last successful run. */
    int drift() {
        return last().flatMap(Outcome::plan).map(p -> p.drift().size()).orElse(0);
    }

    /** Changes of the last successful run. */
    int changes() {
        return last().flatMap(Outcome::plan).map(p -> p.changes().size()).orElse(0);
    }

    /** Problems of the last successful run. */
    int problems() {
        return last().flatMap(Outcome::plan).map(p -> p.problems().size()).orElse(0);
    }
}
