package io.scimlab.gitlab.api;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitLab version as {@code GET /version} reports it, e.g. {@code 18.6.0-ee}: what the bridge gates the
 * behaviours GitLab added over time on (the Planner role from 17.7, the group service-account token list from
 * 17.11, {@code Retry-After} on per-endpoint rate limits from 18.6).
 *
 * @param major      the major version
 * @param minor      the minor version
 * @param patch      the patch version
 * @param enterprise whether it is the Enterprise Edition (custom roles, SCIM, SAML group links and service
 *                   accounts are EE features)
 * @param text       GitLab's own string, e.g. {@code 18.6.0-ee}
 */
public record GitLabVersion(int major, int minor, int patch, boolean enterprise, String text)
        implements Comparable<GitLabVersion> {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(.*)");

    /**
     * Checks the components.
     *
     * @param major      major
     * @param minor      minor
     * @param patch      patch
     * @param enterprise EE
     * @param text       GitLab's string
     */
    public GitLabVersion {
        Objects.requireNonNull(text, "text");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("a version has no negative parts: " + text);
        }
    }

    /**
     * Reads GitLab's version string ({@code 17.10.2-ee}, {@code 16.11.1}, {@code 18.7.0-pre}).
     *
     * @param text       the string
     * @param enterprise whether GitLab said it is the Enterprise Edition (the {@code enterprise} field of
     *                   {@code /version}; a {@code -ee} suffix says so too)
     * @return the version
     * @throws IllegalArgumentException when the string does not start with {@code major.minor}
     */
    public static GitLabVersion parse(String text, boolean enterprise) {
        Matcher m = VERSION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GitLab version: " + text);
        }
        return new GitLabVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                enterprise || m.group(4).toLowerCase(java.util.Locale.ROOT).contains("-ee"), text.trim());
    }

    /**
     * Whether this version is {@code major.minor} or later.
     *
     * @param major the major version
     * @param minor the minor version
     * @return true when at least that version
     */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /**
     * Whether GitLab assigns the Planner role (15), from 17.7.
     *
     * @return true from 17.7
     */
    public boolean hasPlannerRole() {
        return atLeast(17, 7);
    }

    /**
     * Whether GitLab lists a group service account's tokens ({@code GET .../personal_access_tokens}), from 17.11.
     *
     * @return true from 17.11
     */
    public boolean listsServiceAccountTokens() {
        return atLeast(17, 11);
    }

    /**
     * Whether GitLab's per-endpoint rate limits send {@code Retry-After}, from 18.6 (before, their 429 carries no
     * header at all and the client backs off on its own).
     *
     * @return true from 18.6
     */
    public boolean sendsRetryAfterOnEndpointLimits() {
        return atLeast(18, 6);
    }

    @Override
    public int compareTo(GitLabVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return text;
    }
}
