package io.scimlab.spring.boot;

import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.provision.Target;
import java.util.Optional;

/**
 * {@link GitLabChecks} through the client's views, with GETs only.
 *
 * <p>The token: on a self-managed instance an {@code extern_uid} user lookup, which GitLab answers only for
 * administrators (403 otherwise); on GitLab.com the top-level group, then its SAML group links, which GitLab shows
 * only to those who may administer the group (an Owner).
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

    private static String oneLine(GitLabException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
