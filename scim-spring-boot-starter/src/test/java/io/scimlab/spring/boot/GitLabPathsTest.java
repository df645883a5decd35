package io.scimlab.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metric tag for a GitLab path names the endpoint, never a user, group or token. */
class GitLabPathsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v4/users                                         | /api/v4/users
            /api/v4/users/12                                      | /api/v4/users/{id}
            /api/v4/users/12/block                                | /api/v4/users/{id}/block
            /api/v4/users/12/identities/saml                      | /api/v4/users/{id}/identities/{id}
            /api/v4/groups/acme%2Fdev/members                     | /api/v4/groups/{id}/members
            /api/v4/groups/acme/members/all/7                     | /api/v4/groups/{id}/members/all/{id}
            /api/v4/groups/acme/members/7                         | /api/v4/groups/{id}/members/{id}
            /api/v4/groups/acme/saml_group_links/Engineers        | /api/v4/groups/{id}/saml_group_links/{id}
            /api/v4/groups/acme/subgroups                         | /api/v4/groups/{id}/subgroups
            /api/v4/personal_access_tokens/self/rotate            | /api/v4/personal_access_tokens/self/rotate
            /api/v4/personal_access_tokens/99/rotate              | /api/v4/personal_access_tokens/{id}/rotate
            /api/v4/groups/5/service_accounts/8/personal_access_tokens | /api/v4/groups/{id}/service_accounts/{id}/personal_access_tokens
            /api/scim/v2/groups/acme/Users/3f2a-bb                | /api/scim/v2/groups/{id}/Users/{id}
            /api/v4/version                                       | /api/v4/version
            """)
    void templates(String path, String template) {
        assertThat(GitLabPaths.template(path)).isEqualTo(template);
    }
}
