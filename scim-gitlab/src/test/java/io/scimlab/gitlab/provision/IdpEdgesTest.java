package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #15, defects 8 and 11: attribute lengths are bounded before they reach the mapping's rules, GitLab and the
 * state store, and error details repeat only the start of a value; a user without {@code emails} takes an
 * email-shaped userName as the address GitLab needs.
 */
class IdpEdgesTest {
    /**
     * Long, but within what scim-core takes by default for a name (1,024 characters) and for any string (64 KiB):
     * the bridge's own bound must act (an embedder may also raise scim-core's).
     */
    private static final String HUGE = "x".repeat(1_000);

    private FakeGitLab fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private Scim start(FakeGitLab.Mode mode) {
        fake = FakeGitLab.builder().mode(mode).start();
        Scim s = Scim.of(fake, b -> b.roleMapping(GroupSyncTest.MAPPING));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        fake.seedSubgroup(acme, "eng");
        return s;
    }

    private static Consumer<ScimException> invalidValueNaming(String attribute) {
        return e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
            assertThat(e.detail()).contains(attribute).hasSizeLessThan(300);
        };
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aHugeGroupNameIsA400NamingDisplayNameNotA503TheIdpRetriesForEver(FakeGitLab.Mode mode) {
        Scim s = start(mode);
        String id = s.createUser("ann", "ann@example.com", "ext-ann").id();
        fake.clearJournal();
        // Matched by the rule gitlab-<path>-<role>: the whole name would have become a GitLab path.
        assertThatThrownBy(() -> s.createGroup("gitlab-" + HUGE + "-developer", id))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("displayName"));
        assertThat(fake.journal()).isEmpty();
        assertThat(s.bridge.stateStore().groupsOf(id)).isEmpty();

        String group = s.createGroup("gitlab-eng-developer", id).id();
        fake.clearJournal();
        assertThatThrownBy(() -> s.patchGroup(group, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":"
                + "\"gitlab-" + HUGE + "-maintainer\"}]"))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("displayName"));
        assertThat(fake.journal()).isEmpty();
        assertThat(s.groups().get(group, s.ctx).orElseThrow().get("displayName").asText())
                .isEqualTo("gitlab-eng-developer");
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(id))).extracting(m -> m.path())
                .containsExactly("acme/eng");
    }

    @Test
    void errorDetailsRepeatOnlyTheStartOfAValue() {
        fake = FakeGitLab.selfManaged();
        Scim s = Scim.of(fake, b -> b.roleMapping(RoleMapping.builder().unmapped(RoleMapping.Unmapped.REJECT)
                .group("Fine", "acme/eng", io.scimlab.gitlab.api.AccessLevel.DEVELOPER).build()));
        String name = "Unmapped " + "y".repeat(200);
        assertThatThrownBy(() -> s.createGroup(name)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).contains("\"Unmapped yyy").contains("(209 characters)").hasSizeLessThan(200);
        });
        assertThatThrownBy(() -> s.createGroup("Fine", "z".repeat(250)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.detail()).hasSizeLessThan(200));
        assertThatThrownBy(() -> s.createGroup("Fine", "z".repeat(100_000)))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("members"));
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void userAttributesLongerThanGitLabTakesAre400NamingTheAttribute(FakeGitLab.Mode mode) {
        Scim s = start(mode);
        fake.clearJournal();
        assertThatThrownBy(() -> s.createUser(HUGE, "ann@example.com", "ext-ann"))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("userName"));
        assertThatThrownBy(() -> s.createUser("ann", "ann@example.com", HUGE))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("externalId"));
        assertThatThrownBy(() -> s.createUser("ann", HUGE + "@example.com", "ext-ann"))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("emails.value"));
        assertThatThrownBy(() -> s.createUser("{\"userName\":\"ann\",\"externalId\":\"ext-ann\",\"displayName\":\""
                + "D".repeat(256) + "\",\"emails\":[{\"value\":\"ann@example.com\"}]}"))
                .isInstanceOfSatisfying(ScimException.class, invalidValueNaming("displayName"));
        assertThat(fake.journal()).isEmpty();
        // At the limits, accepted.
        ScimResource ok = s.createUser("{\"userName\":\"ann\",\"externalId\":\"ext-ann\",\"displayName\":\""
                + "D".repeat(255) + "\",\"emails\":[{\"value\":\"ann@example.com\"}]}");
        assertThat(ok.get("displayName").asText()).hasSize(255);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aUserWithoutEmailsTakesAnEmailShapedUserName(FakeGitLab.Mode mode) {
        Scim s = start(mode);
        ScimResource u = s.createUser("{\"userName\":\"nomail@example.com\",\"externalId\":\"ext-nomail\"}");
        if (mode == FakeGitLab.Mode.SELF_MANAGED) {
            GitLabClient admin = Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
            assertThat(admin.users().get(Long.parseLong(u.id())).email()).contains("nomail@example.com");
        } else {
            // A group Owner cannot read other users' emails: GitLab's SCIM got the address.
            assertThat(fake.journal("POST", ".*/Users")).singleElement().satisfies(e -> assertThat(e.body())
                    .contains("\"value\":\"nomail@example.com\""));
        }
        assertThat(u.get("userName").asText()).isEqualTo("nomail@example.com");
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aUserWithoutEmailsOrAnEmailShapedUserNameIs400NamingEmails(FakeGitLab.Mode mode) {
        Scim s = start(mode);
        fake.clearJournal();
        for (String userName : new String[] {"bob", "bob@", "@example.com", "bob smith@example.com"}) {
            assertThatThrownBy(() -> s.createUser("{\"userName\":\"" + userName + "\",\"externalId\":\"ext-bob\"}"))
                    .isInstanceOfSatisfying(ScimException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
                        assertThat(e.detail()).startsWith("emails is required");
                    });
        }
        assertThat(fake.journal()).isEmpty();
    }
}
