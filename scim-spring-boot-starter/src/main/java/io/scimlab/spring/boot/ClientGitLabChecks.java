package io.scimlab.spring.boot;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.ProjectRef;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link GitLabChecks} through the client's views, with GETs only.
 *
 * <p>The token: on a self-managed instance an {@code extern_uid} user lookup, which GitLab answers only for
 * administrators (403 otherwise); on GitLab.com the top-level group, then its SAML group links, which GitLab shows
 * only to those who may administer the group (an Owner). The groups and projects: one lookup per group or project
 * the mapping names (each entry's group or project and each rule's path prefix).
 */
final class ClientGitLabChecks implements GitLabChecks {
    private final GitLabClient client;
    private final Target target;
    private final Optional<String> topLevelGroup;

    ClientGitLabChecks(GitLabClient client, Target target, Optional<String> topLevelGroup) {
        this.client = client;
        this.target = target;
        this.topLevelGroup = topLevelGroup;
    }

    @Override
    public TokenCheck token() {
        String url = client.baseUrl();
        try {
            if (target == Target.SELF_MANAGED) {
                client.users().findByIdentity("scimlab-check", "scimlab-check");
            } else {
                GroupRef top = GroupRef.path(topLevelGroup.orElseThrow());
                client.groups().get(top);
                try {
                    client.samlGroupLinks().list(top);
                } catch (GitLabException e) {
                    if (e.kind() == GitLabException.Kind.UNAUTHORIZED || e.kind() == GitLabException.Kind.FORBIDDEN) {
                        // The token read the group a moment ago, so this refusal is about rights, not the token.
                        return new TokenCheck(TokenState.INSUFFICIENT, "the token cannot administer the top-level "
                                + "group " + topLevelGroup.get() + " (the bridge needs an Owner's token there)");
                    }
                    throw e;
                }
            }
            return new TokenCheck(TokenState.VALID, "GitLab at " + url + " accepted the token");
        } catch (GitLabException e) {
            return switch (e.kind()) {
                case UNAUTHORIZED -> new TokenCheck(TokenState.REFUSED, "GitLab at " + url
                        + " refused the token (unknown, revoked or expired)");
                case FORBIDDEN -> new TokenCheck(TokenState.INSUFFICIENT, target == Target.SELF_MANAGED
                        ? "the token is not an administrator's (a self-managed target needs one)"
                        : "the token may not read the top-level group " + topLevelGroup.orElse(""));
                case NOT_FOUND -> new TokenCheck(TokenState.FAILED, target == Target.SELF_MANAGED
                        ? "GitLab at " + url + " has no users API (is the URL GitLab's?)"
                        : "the top-level group " + topLevelGroup.orElse("") + " does not exist or the token "
                                + "cannot see it");
                case UNAVAILABLE, RATE_LIMITED -> new TokenCheck(TokenState.UNREACHABLE, "GitLab at " + url
                        + " did not answer: " + oneLine(e));
                default -> new TokenCheck(TokenState.FAILED, "GitLab at " + url + " answered " + oneLine(e));
            };
        }
    }

    @Override
    public List<String> problems(RoleMapping mapping) {
        List<String> problems = new ArrayList<>();
        TokenCheck token = token();
        if (!token.ok()) {
            problems.add(token.detail());
            if (token.state() != TokenState.INSUFFICIENT) {
                return problems; // without a working token every group lookup would fail the same way
            }
        }
        for (Map.Entry<MemberSource, String> named : namedGroups(mapping).entrySet()) {
            MemberSource source = named.getKey();
            String path = source.fullPath();
            String where = named.getValue();
            Optional<String> top = topLevelGroup;
            if (target == Target.GITLAB_COM && top.isPresent() && !path.equals(top.get())
                    && !path.startsWith(top.get() + "/")) {
                problems.add("GitLab " + source + " (" + where + ") is outside the top-level group " + top.get());
                continue;
            }
            try {
                boolean exists = source.isProject() ? client.projects().find(ProjectRef.path(path)).isPresent()
                        : client.groups().find(GroupRef.path(path)).isPresent();
                if (!exists) {
                    problems.add("GitLab " + source + " (" + where + ") does not exist or the token cannot see it");
                }
            } catch (GitLabException e) {
                problems.add("GitLab " + source + " (" + where + ") could not be checked: " + oneLine(e));
                if (e.kind() == GitLabException.Kind.UNAVAILABLE || e.kind() == GitLabException.Kind.UNAUTHORIZED) {
                    break;
                }
            }
        }
        return problems;
    }

    /** Each group and project the mapping names, with where it is named, in mapping order. */
    static Map<MemberSource, String> namedGroups(RoleMapping mapping) {
        Map<MemberSource, String> paths = new LinkedHashMap<>();
        for (RoleMapping.Entry e : mapping.entries()) {
            String by = e.displayName().map(n -> "mapped from SCIM group \"" + n + "\"")
                    .or(() -> e.externalId().map(x -> "mapped from SCIM group externalId " + x)).orElse("mapped");
            paths.merge(e.grant().source(), by, (a, b) -> a);
        }
        for (RoleMapping.Rule r : mapping.rules()) {
            // The rule's groups are only known per SCIM group; what must exist now is the group its prefix ends
            // in: "acme/" and "acme/team-" both need "acme".
            String prefix = r.pathPrefix().strip();
            while (prefix.startsWith("/")) {
                prefix = prefix.substring(1);
            }
            int slash = prefix.lastIndexOf('/');
            if (slash > 0) {
                paths.merge(MemberSource.group(prefix.substring(0, slash)), "the path prefix of rule "
                        + r.pattern().pattern(), (a, b) -> a);
            }
        }
        return paths;
    }

    private static String oneLine(GitLabException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
