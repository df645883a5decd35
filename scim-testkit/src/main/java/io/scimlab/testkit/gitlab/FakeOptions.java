package io.scimlab.testkit.gitlab;

import java.time.Clock;

/**
 * The fake's settings, fixed at start by {@link FakeGitLabBuilder}: which GitLab it imitates and the values of the
 * GitLab application settings it models.
 *
 * @param gitlabCom            GitLab.com rather than a self-managed instance
 * @param version              the GitLab version, which gates version-dependent behaviour
 * @param externalUrl          GitLab's configured external URL, empty for the bind address
 * @param clock                the time source for windows, expiry dates and activity
 * @param customRoles          whether the licence has custom roles ({@code member_role_id} is dropped otherwise)
 * @param membersDeleteLimit   {@code members_delete_limit}: member deletions per minute, group and caller (0 off)
 * @param usersGetByIdLimit    {@code users_get_by_id_limit}: {@code GET /users/:id} per ten minutes and caller
 * @param dormantDays          {@code deactivate_dormant_users_period}: days of inactivity before deactivation
 * @param defaultScimLevel     the SAML provider's default membership role
 * @param rateLimitPerMinute   the authenticated API throttle (Rack::Attack), 0 off
 */
record FakeOptions(boolean gitlabCom, Version version, String externalUrl, Clock clock, boolean customRoles,
        int membersDeleteLimit, int usersGetByIdLimit, int dormantDays, int defaultScimLevel,
        int rateLimitPerMinute) {

    /** A GitLab version such as {@code 18.6.0-ee}; only major and minor gate behaviour. */
    record Version(String text, int major, int minor) {
        static Version parse(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?(-[a-z]+)?")
                    .matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("a GitLab version looks like 18.6.0-ee, not " + text);
            }
            return new Version(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        boolean atLeast(int wantMajor, int wantMinor) {
            return major > wantMajor || (major == wantMajor && minor >= wantMinor);
        }

        boolean enterprise() {
            return text.endsWith("-ee");
        }
    }
}
