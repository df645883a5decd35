package io.scimlab.gitlab.audit;

/** The formats {@link AuditStore#export} writes. */
public enum AuditFormat {
    /**
     * One JSON object per line ({@link AuditRecord#toJson()}), lines ending in {@code \n}: for log pipelines and
     * {@code jq}.
     */
    JSON_LINES,
    /**
     * RFC 4180 CSV with a header row: {@code trail, sequence, time, correlationId, principal, operation, method,
     * path, before, after, outcome, detail, scimUserIds, scimGroupId, gitlabUserIds, gitlabPath, hash}; lists
     * separated by spaces, absent values empty, rows ending in CRLF. A cell with a comma, quote or line break is
     * quoted (quotes doubled); a cell starting with {@code = + - @}, tab or carriage return gets a leading
     * {@code '}, so a spreadsheet shows it as text instead of running it as a formula (CSV injection).
     */
    CSV;

    /**
     * One CSV cell as ScimLab's CSV exports write it (the audit export, the access report): a value starting with
     * {@code = + - @}, tab or carriage return gets a leading {@code '} (OWASP, CSV injection: a spreadsheet shows it
     * as text instead of running it as a formula); then a value with a comma, quote or line break is quoted, quotes
     * doubled (RFC 4180).
     *
     * @param value the value
     * @return the cell
     */
    public static String csvCell(String value) {
        String s = value;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
