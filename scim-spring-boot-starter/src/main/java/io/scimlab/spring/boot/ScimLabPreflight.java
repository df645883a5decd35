package io.scimlab.spring.boot;

import io.scimlab.gitlab.mapping.RoleMapping;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Fails the start when the mapping cannot work against GitLab: checks once, while the context starts (before the
 * web server accepts requests), and reports every problem in one exception, so an operator fixes them all in one
 * round. {@code scimlab.preflight.enabled=false} skips it, for starts without GitLab.
 */
final class ScimLabPreflight implements InitializingBean {
    private static final Log LOG = LogFactory.getLog(ScimLabPreflight.class);

    private final GitLabChecks checks;
    private final RoleMapping mapping;
    private final String gitlabUrl;

    ScimLabPreflight(GitLabChecks checks, RoleMapping mapping, String gitlabUrl) {
        this.checks = checks;
        this.mapping = mapping;
        this.gitlabUrl = gitlabUrl;
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = checks.problems(mapping);
        if (!problems.isEmpty()) {
            StringBuilder m = new StringBuilder("ScimLab's start-up check found ").append(problems.size())
                    .append(problems.size() == 1 ? " problem" : " problems").append(" with GitLab at ")
                    .append(gitlabUrl).append(':');
            problems.forEach(p -> m.append("\n  - ").append(p));
            m.append("\nFix them, or set scimlab.preflight.enabled=false to start without checking GitLab.");
            throw new IllegalStateException(m.toString());
        }
        LOG.info("ScimLab start-up check passed: GitLab at " + gitlabUrl + " accepts the token and has all "
                + ClientGitLabChecks.namedGroups(mapping).size() + " mapped groups and projects");
    }
}
