package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each audit event names its subjects: the SCIM user a user request addressed, the SCIM group a group request
 * addressed, and the GitLab users and group each call changed, with the SCIM ids of those users. The scenario is
 * the one the journal test runs (users, groups, a membership removal, deactivations, a service-account token).
 */
class AuditSubjectsTest {
    private static final Pattern USER_OP = Pattern.compile("(PATCH|PUT|DELETE) /Users/(\\S+)");
    private static final Pattern TOKEN_OP = Pattern.compile(".* token.* /Users/(\\S+)");
    private static final Pattern GROUP_OP = Pattern.compile("(PATCH|PUT|DELETE) /Groups/(\\S+)");
    private FakeGitLab fake;

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void eventsNameTheUsersGroupsAndPathsTheyConcern(FakeGitLab.Mode mode) {
        fake = FakeGitLab.builder().mode(mode).start();
        boolean com = mode == FakeGitLab.Mode.GITLAB_COM;
        List<IssuedToken> issued = new CopyOnWriteArrayList<>();
        RoleMapping mapping = RoleMapping.builder().group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
                .group("Leads", "acme/eng", AccessLevel.MAINTAINER).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(mapping).issuedTokenSink(issued::add));
        long acme = com ? s.topGroupId : fake.seedGroup("acme");
        fake.seedSubgroup(acme, "eng");

        String ann = s.createUser("ann", "ann@example.com", "ext-ann").id();
        String bob = s.createUser("bob", "bob@example.com", "ext-bob").id();
        String cat = s.createUser("cat", "cat@example.com", "ext-cat").id();
        String eng = s.createGroup("Engineering", ann, bob).id();
        String leads = s.createGroup("Leads").id();
        s.patchGroup(leads, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}]");
        s.patchGroup(eng, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ann + "\\\"]\"}]");
        s.patchUser(cat, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        String bot = s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + "\"ci-bot\",\"userType\":\"ServiceAccount\",\"displayName\":\"CI Bot\",\"emails\":[{\"value\":"
                + "\"ci-bot@example.com\",\"primary\":true}],\"active\":true}").id();
        s.bridge.serviceAccountTokens().issue(bot, "ci", List.of("read_api"));
        s.patchUser(bot, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        s.users().delete(bob, s.ctx);

        assertThat(s.audit).hasSizeGreaterThanOrEqualTo(10);
        for (AuditEvent e : s.audit) {
            String what = e.operation() + ": " + e.method() + " " + e.path();
            // The bridge's SCIM user ids are the GitLab ids: the two lists name the same users.
            if (!e.gitlabUserIds().isEmpty()) {
                assertThat(e.scimUserIds()).as(what)
                        .containsExactlyElementsOf(e.gitlabUserIds().stream().map(String::valueOf).toList());
            }
            Matcher user = USER_OP.matcher(e.operation());
            Matcher token = TOKEN_OP.matcher(e.operation());
            Matcher group = GROUP_OP.matcher(e.operation());
            if (user.matches()) {
                assertThat(e.scimUserIds()).as(what).containsExactly(user.group(2));
                assertThat(e.scimGroupId()).as(what).isEmpty();
            } else if (token.matches()) {
                assertThat(e.scimUserIds()).as(what).containsExactly(token.group(1));
                assertThat(e.gitlabUserIds()).as(what).containsExactly(Long.parseLong(token.group(1)));
            } else if (group.matches()) {
                assertThat(e.scimGroupId()).as(what).contains(group.group(2));
            } else if (e.operation().equals("POST /Groups")) {
                assertThat(e.scimGroupId()).as(what).contains(eng);
            } else {
                assertThat(e.operation()).isEqualTo("POST /Users");
                assertThat(e.scimGroupId()).as(what).isEmpty();
                if (com && e.path().contains("/api/scim/")) {
                    // GitLab's SCIM answer carries no GitLab user id: only the group is known.
                    assertThat(e.scimUserIds()).as(what).isEmpty();
                } else {
                    assertThat(e.scimUserIds()).as(what).hasSize(1).isSubsetOf(ann, bob, cat, bot);
                }
            }
            if (e.path().contains("/members")) {
                assertThat(e.gitlabPath()).as(what).contains("acme/eng");
                assertThat(e.gitlabUserIds()).as(what).isNotEmpty();
            } else if (com) {
                // GitLab.com: SCIM, service accounts and their tokens all belong to the top-level group.
                assertThat(e.gitlabPath()).as(what).contains("acme");
            } else {
                assertThat(e.gitlabPath()).as(what).isEmpty();
            }
        }
        // The batched add names both users, the group that caused it and the GitLab group.
        assertThat(s.audit).filteredOn(e -> e.operation().equals("POST /Groups")).singleElement().satisfies(e -> {
            assertThat(e.scimUserIds()).containsExactlyInAnyOrder(ann, bob);
            assertThat(e.gitlabPath()).contains("acme/eng");
        });
        assertThat(s.audit).filteredOn(e -> e.scimGroupId().equals(Optional.of(eng)))
                .extracting(e -> Set.copyOf(e.scimUserIds())).containsExactly(Set.of(ann, bob), Set.of(ann));
        assertThat(issued).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void aRecreatedAccountIsNamedByItsScimIdInGroupRequests() {
        fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).start();
        fake.seedSubgroup(fake.seedGroup("acme"), "eng");
        RoleMapping mapping = RoleMapping.builder().group("Engineering", "acme/eng", AccessLevel.DEVELOPER).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(mapping).deprovisionPolicy(DeprovisionPolicy.DELETE));
        String dan = s.createUser("dan", "dan@example.com", "ext-dan").id();
        // Deactivation deletes the account; reactivation creates a new one under the same SCIM id.
        s.patchUser(dan, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        s.patchUser(dan, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        long account = s.bridge.stateStore().user(dan).orElseThrow().gitlabUserId();
        assertThat(Long.toString(account)).isNotEqualTo(dan);
        s.audit.clear();

        s.createGroup("Engineering", dan);

        assertThat(s.audit).singleElement().satisfies(e -> {
            assertThat(e.path()).endsWith("/members");
            assertThat(e.gitlabUserIds()).containsExactly(account);
            assertThat(e.scimUserIds()).containsExactly(dan);
        });
    }
}
