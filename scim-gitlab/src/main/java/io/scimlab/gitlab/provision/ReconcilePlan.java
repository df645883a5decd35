package io.scimlab.gitlab.provision;

import java.util.List;

/**
 * What a reconcile run found and would do: the changes (GitLab calls and bookkeeping), the drift it saw (managed
 * memberships or user states changed by hand; under {@link DriftPolicy#REVERT} each also has a change), and
 * problems it cannot fix (a mapped GitLab group that does not exist, an account that is gone).
 *
 * @param changes  the steps, in the order they are applied
 * @param drift    one line per drift found
 * @param problems one line per problem
 */
public record ReconcilePlan(List<Change> changes, List<String> drift, List<String> problems) {
    /**
     * Copies the lists.
     *
     * @param changes  changes
     * @param drift    drift
     * @param problems problems
     */
    public ReconcilePlan {
        changes = List.copyOf(changes);
        drift = List.copyOf(drift);
        problems = List.copyOf(problems);
    }

    /**
     * How many GitLab write requests applying the plan takes.
     *
     * @return the count
     */
    public int calls() {
        return changes.stream().mapToInt(Change::calls).sum();
    }

    /**
     * Whether GitLab already matches the desired state (drift under REPORT aside).
     *
     * @return true when there is nothing to apply
     */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The steps, as the planner made them ({@link Change} permits nothing else). */
    List<PlanStep> steps() {
        return changes.stream().map(PlanStep.class::cast).toList();
    }

    /**
     * The plan as text, one line per step: the dry run.
     *
     * @return the text
     */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Reconcile plan: ").append(changes.size()).append(" changes, ").append(calls())
                .append(" GitLab calls, ").append(drift.size()).append(" drift, ").append(problems.size())
                .append(" problems\n");
        changes.forEach(c -> b.append("  change: ").append(c.describe()).append('\n'));
        drift.forEach(d -> b.append("  drift: ").append(d).append('\n'));
        problems.forEach(p -> b.append("  problem: ").append(p).append('\n'));
        return b.toString();
    }
}
