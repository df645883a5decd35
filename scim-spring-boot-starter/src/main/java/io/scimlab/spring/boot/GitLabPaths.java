package io.scimlab.spring.boot;

import java.util.Locale;
import java.util.Set;

/**
 * Turns a path the GitLab client sent into a template for a metric tag: {@code /api/v4/groups/acme%2Fdev/members/12}
 * is {@code /api/v4/groups/{id}/members/{id}}, so one series stands for one endpoint, not for one group or user.
 * The segment after a collection name is an id unless it is one of GitLab's fixed words; any segment holding a
 * digit-only value or a percent-escape is an id wherever it stands.
 */
final class GitLabPaths {
    /** GitLab's collections whose next segment names one member. */
    private static final Set<String> COLLECTIONS = Set.of("groups", "users", "members", "projects",
            "personal_access_tokens", "access_tokens", "service_accounts", "saml_group_links", "identities",
            "billable_members", "audit_events", "member_roles");
    /** Fixed words that may follow a collection. */
    private static final Set<String> WORDS = Set.of("all", "self", "rotate");

    private GitLabPaths() {
    }

    static String template(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder t = new StringBuilder();
        boolean afterCollection = false;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (i > 0) {
                t.append('/');
            }
            if (s.isEmpty()) {
                continue;
            }
            boolean id = s.chars().allMatch(Character::isDigit) || s.indexOf('%') >= 0
                    || (afterCollection && !WORDS.contains(s));
            t.append(id ? "{id}" : s);
            afterCollection = !id && COLLECTIONS.contains(s.toLowerCase(Locale.ROOT));
        }
        return t.toString();
    }
}
