package io.scimlab.gitlab.preflight;

import java.util.List;
import java.util.Objects;

/**
 * A start-up check found problems that keep the bridge from working against GitLab: every one of them, in one
 * message (so an operator fixes them all in one round), and as the {@link #report()}'s failing rows. The message
 * names GitLab's URL, groups and projects, never a token.
 */
public final class StartupCheckException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient PreflightReport report;

    /**
     * An exception for a report with failing rows.
     *
     * @param report    the start-up check's report
     * @param howToSkip the last line: how to start without the check (e.g. the builder call or property)
     */
    public StartupCheckException(PreflightReport report, String howToSkip) {
        super(message(report, howToSkip));
        this.report = report;
    }

    private static String message(PreflightReport report, String howToSkip) {
        List<PreflightReport.Check> failures = Objects.requireNonNull(report, "report").failures();
        StringBuilder m = new StringBuilder("ScimLab's start-up check found ").append(failures.size())
                .append(failures.size() == 1 ? " problem" : " problems").append(" with GitLab (")
                .append(report.target()).append("):");
        failures.forEach(c -> m.append("\n  - ").append(c.name()).append(": ").append(c.detail()));
        return m.append("\nFix them, or ").append(howToSkip).toString();
    }

    /**
     * The whole report, passing rows included.
     *
     * @return the report
     */
    public PreflightReport report() {
        return report;
    }
}
