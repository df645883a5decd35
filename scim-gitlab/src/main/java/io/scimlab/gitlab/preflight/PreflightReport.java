package io.scimlab.gitlab.preflight;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Preflight} found: one {@link Check} per row, in the order checked. Immutable.
 *
 * @param target  what was checked, e.g. {@code self-managed https://gitlab.example.com}
 * @param checks  the rows
 */
public record PreflightReport(String target, List<Check> checks) {
    /** How a row came out. */
    public enum Status {
        /** As the bridge needs it. */
        OK,
        /** Worth knowing: what the bridge will and will not do there. */
        INFO,
        /** Works, but a person should look (an expiry close, no SAML identity yet, a 429 met). */
        WARN,
        /** Blocks provisioning until fixed. */
        FAIL
    }

    /**
     * One row.
     *
     * @param name   what was checked, e.g. {@code Token} or {@code Group acme/dev}
     * @param status how it came out
     * @param detail what was found, and for a failure what to do; never a secret
     */
    public record Check(String name, Status status, String detail) {
        /**
         * Checks the components.
         *
         * @param name   name
         * @param status status
         * @param detail detail
         */
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Copies the rows.
     *
     * @param target what was checked
     * @param checks the rows
     */
    public PreflightReport {
        Objects.requireNonNull(target, "target");
        checks = List.copyOf(checks);
    }

    /**
     * Whether some row blocks provisioning ({@link Status#FAIL}).
     *
     * @return true when the bridge cannot work there yet
     */
    public boolean blocksProvisioning() {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }

    /**
     * The rows that block provisioning.
     *
     * @return the failures, empty when none
     */
    public List<Check> failures() {
        return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
    }

    /**
     * The first row of this name.
     *
     * @param name the row's name
     * @return the row, if checked
     */
    public java.util.Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The report as a text table: a header line, one line per row (a long detail wraps under its column), and a
     * last line saying whether provisioning is blocked.
     *
     * @return the table
     */
    public String toTable() {
        int nameWidth = Math.max("CHECK".length(), checks.stream().mapToInt(c -> c.name().length()).max().orElse(0));
        String n = System.lineSeparator();
        StringBuilder out = new StringBuilder("Preflight of ").append(target).append(n).append(n);
        out.append(pad("CHECK", nameWidth)).append("  ").append(pad("STATUS", 6)).append("  DETAIL").append(n);
        String indent = " ".repeat(nameWidth + 10);
        for (Check c : checks) {
            out.append(pad(c.name(), nameWidth)).append("  ").append(pad(c.status().name(), 6)).append("  ");
            List<String> lines = wrap(c.detail(), Math.max(40, 118 - indent.length()));
            for (int i = 0; i < lines.size(); i++) {
                out.append(i == 0 ? "" : indent).append(lines.get(i)).append(n);
            }
        }
        out.append(n).append(blocksProvisioning() ? failures().size() + " check(s) block provisioning: fix them "
                + "before connecting an identity provider." : "Nothing blocks provisioning.").append(n);
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            if (word.isEmpty()) {
                continue; // a run of spaces: one between words is enough
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    @Override
    public String toString() {
        return "PreflightReport[" + target + ", " + checks.size() + " checks, " + failures().size() + " failing]";
    }
}
