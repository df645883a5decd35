package io.scimlab.gitlab.provision;

import io.scimlab.core.error.ScimException;

/**
 * How long the attributes the bridge passes to GitLab, to the role mapping's regular expressions and to the state
 * store may be, and how much of a value an error detail repeats. An IdP can send any length (one sent a group name
 * of 390 KB): without a bound such a value reaches GitLab as a URL or field GitLab refuses in ways that look like an
 * outage (503, which the IdP retries for ever), and every error detail repeats all of it.
 *
 * <p>The limits are GitLab's where GitLab has one (255 characters for a name, a username, an email), and generous
 * elsewhere (IdP group names stay below 256 characters: Entra ID and Active Directory allow 256).
 */
final class Bounds {
    /** A user's {@code userName} (GitLab's username is derived from it and cut to 255). */
    static final int USER_NAME = 512;
    /** An {@code externalId}, user or group (GitLab's {@code extern_uid}). */
    static final int EXTERNAL_ID = 512;
    /** An email address: RFC 5321 allows 254 characters in a path; GitLab 255. */
    static final int EMAIL = 255;
    /** The name GitLab shows for a user (GitLab: at most 255). */
    static final int NAME = 255;
    /** A group's {@code displayName}: matched by the mapping's rules, which may turn it into a GitLab path. */
    static final int GROUP_DISPLAY_NAME = 256;
    /** A member's {@code value} (a SCIM user id). */
    static final int MEMBER_ID = 255;
    /** How much of a value an error detail repeats. */
    static final int ECHO = 64;
    /** How much of GitLab's own error text a SCIM error detail repeats. */
    static final int GITLAB_TEXT = 500;

    private Bounds() {
    }

    /**
     * The value, or a 400 {@code invalidValue} naming the attribute when it is longer than {@code max} characters
     * (the detail repeats only the start of it).
     */
    static String require(String attribute, String value, int max) {
        if (value.length() > max) {
            throw ScimException.invalidValue(attribute + " is too long: " + value.length() + " characters, at most "
                    + max + " (" + echo(value) + ")");
        }
        return value;
    }

    /** A value to repeat in an error detail: quoted, and cut after {@value #ECHO} characters with its length. */
    static String echo(String value) {
        if (value.length() <= ECHO) {
            return "\"" + value + "\"";
        }
        // Never cut a surrogate pair in half.
        int end = Character.isHighSurrogate(value.charAt(ECHO - 1)) ? ECHO - 1 : ECHO;
        return "\"" + value.substring(0, end) + "...\" (" + value.length() + " characters)";
    }

    /** Text of GitLab's to repeat in an error detail, cut after {@value #GITLAB_TEXT} characters. */
    static String cut(String text) {
        return text.length() <= GITLAB_TEXT ? text : text.substring(0, GITLAB_TEXT) + "...";
    }
}
