package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.time.LocalDate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Offboarding holds on both targets, whatever granted the access: after {@code active=false} and after DELETE
 * nothing of the hierarchy is left on GitLab.com (GitLab's own SCIM deprovisioning removes only what hangs on a
 * top-level membership: ee/lib/gitlab/scim/group/deprovisioning_service.rb), and on a self-managed instance the
 * user has no access per policy. Revocation goes first and stands when the rest of a request fails.
 */
class OffboardingTest {
    private static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Team", "acme/team", AccessLevel.DEVELOPER)
            .group("Squad Leads", "acme/team/squad", AccessLevel.MAINTAINER).build();

    private static final RoleMapping WITH_PROJECT = RoleMapping.builder()
            .project("App Devs", "acme/team/app", AccessLevel.DEVELOPER).build();

    private static String inactive() {
        return "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]";
    }

    private static String activeAgain() {
        return "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]";
    }

    @Nested
    class GitLabCom {
        /** A user granted in subgroups and a project only: GitLab's SCIM deprovisioning alone would leave it all. */
        private long[] grantedBelowTheTopOnly(FakeGitLab fake, Scim s, String id) {
            long uid = Long.parseLong(id);
            long team = fake.seedSubgroup(s.topGroupId, "team");
            long squad = fake.seedSubgroup(team, "squad");
            long project = fake.seedProject(squad, "app");
            s.createGroup("Team", id);
            s.createGroup("Squad Leads", id);
            fake.seedProjectMember(project, uid, 30);
            // Someone removed the top-level membership GitLab's SCIM gave, keeping the rest.
            owner(fake).members().remove(GroupRef.id(s.topGroupId), uid, true);
            assertThat(fake.memberLevel(s.topGroupId, uid)).isEmpty();
            assertThat(fake.memberLevel(team, uid)).contains(30);
            assertThat(fake.memberLevel(squad, uid)).contains(40);
            return new long[] {team, squad, project};
        }

        private GitLabClient owner(FakeGitLab fake) {
            return Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
        }

        private void assertNothingLeft(FakeGitLab fake, Scim s, long uid, long[] below) {
            assertThat(fake.memberLevel(s.topGroupId, uid)).isEmpty();
            assertThat(fake.memberLevel(below[0], uid)).isEmpty();
            assertThat(fake.memberLevel(below[1], uid)).isEmpty();
            assertThat(fake.projectMemberLevel(below[2], uid)).isEmpty();
            assertThat(s.bridge.stateStore().managedOf(uid)).isEmpty();
        }

        @Test
        void deactivationLeavesNoMembershipAnywhereInTheHierarchy() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING));
                String id = s.createUser("hana", "hana@example.com", "ext-hana").id();
                long[] below = grantedBelowTheTopOnly(fake, s, id);
                s.patchUser(id, inactive());
                assertNothingLeft(fake, s, Long.parseLong(id), below);
                assertThat(fake.scimIdentityActive(s.topGroupId, "ext-hana")).contains(false);
                assertThat(s.audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.FAILURE);
            }
        }

        @Test
        void deleteLeavesNoMembershipAnywhereInTheHierarchy() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING));
                String id = s.createUser("ivo", "ivo@example.com", "ext-ivo").id();
                long[] below = grantedBelowTheTopOnly(fake, s, id);
                s.users().delete(id, s.ctx);
                assertNothingLeft(fake, s, Long.parseLong(id), below);
                assertThat(s.users().get(id, s.ctx)).isEmpty();
            }
        }

        @Test
        void deleteOfAUserDeactivatedEarlierSendsTheIdentityNoPatch() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING));
                String id = s.createUser("jo", "jo@example.com", "ext-jo").id();
                long[] below = grantedBelowTheTopOnly(fake, s, id);
                s.patchUser(id, inactive());
                // Granted again by hand meanwhile: the DELETE still clears the hierarchy.
                fake.seedMember(below[0], Long.parseLong(id), 20);
                fake.clearJournal();
                s.users().delete(id, s.ctx);
                assertThat(s.writes()).containsExactly("DELETE /api/v4/groups/acme/billable_members/" + id);
                assertNothingLeft(fake, s, Long.parseLong(id), below);
                assertThat(fake.scimIdentityActive(s.topGroupId, "ext-jo")).contains(false);
            }
        }

        @Test
        void aDeprovisionedIdentityHearsNothingButItsReactivation() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, UnaryOperator.identity());
                String id = s.createUser("kim", "kim@example.com", "ext-kim").id();
                long uid = Long.parseLong(id);
                s.patchUser(id, inactive());
                fake.clearJournal();
                // Any SCIM PATCH but active=false re-provisions an inactive GitLab.com identity
                // (ee/lib/api/helpers/scim_helpers.rb): the new externalId and name stay in the store.
                s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"externalId\",\"value\":\"ext-kim-2\"},"
                        + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Kim K\"}]");
                assertThat(s.writes()).isEmpty();
                assertThat(fake.scimIdentityActive(s.topGroupId, "ext-kim")).contains(false);
                assertThat(fake.memberLevel(s.topGroupId, uid)).isEmpty();
                assertThat(s.users().get(id, s.ctx).orElseThrow().externalId()).isEqualTo("ext-kim-2");

                // Reactivation finds the identity GitLab knows, re-provisions it, then renames it.
                s.patchUser(id, activeAgain());
                assertThat(fake.scimIdentityActive(s.topGroupId, "ext-kim-2")).contains(true);
                assertThat(fake.scimIdentityActive(s.topGroupId, "ext-kim")).isEmpty();
                assertThat(fake.memberLevel(s.topGroupId, uid)).contains(10);
                fake.clearJournal();
                s.patchUser(id, inactive());
                assertThat(s.writes()).startsWith("PATCH /api/scim/v2/groups/acme/Users/ext-kim-2");
            }
        }

        @Test
        void revocationStandsWhenTheRestOfTheRequestFails() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING));
                String id = s.createUser("lea", "lea@example.com", "ext-lea").id();
                s.createUser("taken", "taken@example.com", "ext-taken");
                long[] below = grantedBelowTheTopOnly(fake, s, id);
                assertThatThrownBy(() -> s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                        + "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"taken\"}]"))
                        .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
                assertNothingLeft(fake, s, Long.parseLong(id), below);
                var stored = s.users().get(id, s.ctx).orElseThrow();
                assertThat(stored.get("active").asBoolean()).isFalse();
                assertThat(stored.get("userName").asText()).isEqualTo("lea");
            }
        }
        @Test
        void offboardingTakesTheProjectMembershipsTheBridgeManages() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(WITH_PROJECT));
                long team = fake.seedSubgroup(s.topGroupId, "team");
                long app = fake.seedProject(team, "app");
                String a = s.createUser("mia", "mia@example.com", "ext-mia").id();
                String b = s.createUser("ned", "ned@example.com", "ext-ned").id();
                s.createGroup("App Devs", a, b);
                assertThat(fake.projectMemberLevel(app, Long.parseLong(a))).contains(30);
                assertThat(s.bridge.stateStore().managedOf(Long.parseLong(a))).singleElement()
                        .satisfies(m -> assertThat(m.source().isProject()).isTrue());
                // Deactivation: the hierarchy-wide removal covers the projects below the top-level group.
                s.patchUser(a, inactive());
                assertThat(fake.projectMemberLevel(app, Long.parseLong(a))).isEmpty();
                assertThat(s.bridge.stateStore().managedOf(Long.parseLong(a))).isEmpty();
                s.users().delete(b, s.ctx);
                assertThat(fake.projectMemberLevel(app, Long.parseLong(b))).isEmpty();
                assertThat(s.bridge.stateStore().managedOf(Long.parseLong(b))).isEmpty();
            }
        }

        @Test
        void removeMembershipsRemovesManagedProjectMembershipsOneByOne() {
            try (FakeGitLab fake = FakeGitLab.gitlabCom()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(WITH_PROJECT)
                        .deprovisionPolicy(DeprovisionPolicy.REMOVE_MEMBERSHIPS)
                        .deletePolicy(DeletePolicy.REMOVE_MEMBERSHIPS));
                long team = fake.seedSubgroup(s.topGroupId, "team");
                long app = fake.seedProject(team, "app");
                String a = s.createUser("ola", "ola@example.com", "ext-ola").id();
                String b = s.createUser("pat", "pat@example.com", "ext-pat").id();
                s.createGroup("App Devs", a, b);
                fake.clearJournal();
                s.patchUser(a, inactive());
                assertThat(s.writes()).containsExactly("DELETE /api/v4/projects/acme%2Fteam%2Fapp/members/" + a);
                fake.clearJournal();
                s.users().delete(b, s.ctx);
                assertThat(s.writes()).containsExactly("DELETE /api/v4/projects/acme%2Fteam%2Fapp/members/" + b);
                for (String id : new String[] {a, b}) {
                    assertThat(fake.projectMemberLevel(app, Long.parseLong(id))).isEmpty();
                    assertThat(s.bridge.stateStore().managedOf(Long.parseLong(id))).isEmpty();
                }
            }
        }
    }

    @Nested
    class SelfManaged {
        @Test
        void everyPolicyThatTakesMembershipsTakesManagedProjectMembershipsToo() {
            for (DeletePolicy policy : DeletePolicy.values()) {
                try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                    Scim s = Scim.of(fake, b -> b.roleMapping(WITH_PROJECT)
                            .deprovisionPolicy(DeprovisionPolicy.REMOVE_MEMBERSHIPS).deletePolicy(policy));
                    long app = fake.seedProject(team(fake), "app");
                    String a = s.createUser("quin", "quin@example.com", "ext-quin").id();
                    String b = s.createUser("rey", "rey@example.com", "ext-rey").id();
                    s.createGroup("App Devs", a, b);
                    s.patchUser(a, inactive());
                    s.users().delete(b, s.ctx);
                    for (String id : new String[] {a, b}) {
                        long uid = Long.parseLong(id);
                        assertThat(fake.projectMemberLevel(app, uid)).as(policy + " " + id).isEmpty();
                        assertThat(s.bridge.stateStore().managedOf(uid)).as(policy + " " + id).isEmpty();
                    }
                    assertThat(fake.userState(Long.parseLong(a))).contains("active");
                }
            }
        }

        @Test
        void blockAndDeactivateKeepProjectMembershipsForAnEasyReturn() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(WITH_PROJECT));
                long app = fake.seedProject(team(fake), "app");
                String a = s.createUser("sam", "sam@example.com", "ext-sam").id();
                s.createGroup("App Devs", a);
                s.patchUser(a, inactive());
                assertThat(fake.userState(Long.parseLong(a))).contains("blocked");
                assertThat(fake.projectMemberLevel(app, Long.parseLong(a))).contains(30);
                fake.clearJournal();
                s.users().delete(a, s.ctx);
                assertThat(s.writes()).contains("DELETE /api/v4/projects/acme%2Fteam%2Fapp/members/" + a);
                assertThat(fake.projectMemberLevel(app, Long.parseLong(a))).isEmpty();
            }
        }

        private long team(FakeGitLab fake) {
            long acme = fake.seedGroup("acme");
            long team = fake.seedSubgroup(acme, "team");
            fake.seedSubgroup(team, "squad");
            return team;
        }

        @Test
        void deactivationBlocksAndDeleteBlocksAndLeavesNoManagedMembership() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING));
                long team = team(fake);
                String a = s.createUser("ann", "ann@example.com", "ext-ann").id();
                String b = s.createUser("ben", "ben@example.com", "ext-ben").id();
                s.createGroup("Team", a, b);
                s.patchUser(a, inactive());
                assertThat(fake.userState(Long.parseLong(a))).contains("blocked");
                s.users().delete(b, s.ctx);
                assertThat(fake.userState(Long.parseLong(b))).contains("blocked");
                assertThat(fake.memberLevel(team, Long.parseLong(b))).isEmpty();
                assertThat(s.bridge.stateStore().managedOf(Long.parseLong(b))).isEmpty();
            }
        }

        @Test
        void removeMembershipsLeavesNoManagedMembership() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING)
                        .deprovisionPolicy(DeprovisionPolicy.REMOVE_MEMBERSHIPS)
                        .deletePolicy(DeletePolicy.REMOVE_MEMBERSHIPS));
                long team = team(fake);
                String a = s.createUser("cai", "cai@example.com", "ext-cai").id();
                String b = s.createUser("dov", "dov@example.com", "ext-dov").id();
                s.createGroup("Team", a, b);
                s.createGroup("Squad Leads", a, b);
                s.patchUser(a, inactive());
                s.users().delete(b, s.ctx);
                for (String id : new String[] {a, b}) {
                    long uid = Long.parseLong(id);
                    assertThat(s.bridge.stateStore().managedOf(uid)).isEmpty();
                    assertThat(fake.memberLevel(team, uid)).isEmpty();
                    assertThat(fake.userState(uid)).contains("active");
                }
            }
        }

        @Test
        void revocationStandsWhenTheEmailIsTaken() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, UnaryOperator.identity());
                String id = s.createUser("eve", "eve@example.com", "ext-eve").id();
                fake.seedUser("other", "taken@example.com");
                assertThatThrownBy(() -> s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                        + "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"taken@example.com\","
                        + "\"primary\":true}]}]")).isInstanceOfSatisfying(ScimException.class,
                                e -> assertThat(e.status()).isEqualTo(409));
                assertThat(fake.userState(Long.parseLong(id))).contains("blocked");
                var stored = s.users().get(id, s.ctx).orElseThrow();
                assertThat(stored.get("active").asBoolean()).isFalse();
                assertThat(stored.get("emails").get(0).get("value").asText()).isEqualTo("eve@example.com");
                // The IdP's next attempt (without the taken email) goes through.
                s.patchUser(id, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eve E\"}]");
                assertThat(fake.userState(Long.parseLong(id))).contains("blocked");
            }
        }

        @Test
        void statesTheBridgeDoesNotSetAreHandled() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, UnaryOperator.identity());
                String ldap = s.createUser("lars", "lars@example.com", "ext-lars").id();
                String banned = s.createUser("bo", "bo@example.com", "ext-bo").id();
                String pending = s.createUser("pia", "pia@example.com", "ext-pia").id();
                fake.seedUserState(Long.parseLong(ldap), "ldap_blocked");
                fake.seedUserState(Long.parseLong(banned), "banned");
                fake.seedUserState(Long.parseLong(pending), "blocked_pending_approval");
                // Deprovisioning: no access already, so it succeeds and leaves them as they are (GitLab refuses to
                // block an ldap_blocked user).
                for (String id : new String[] {ldap, banned, pending}) {
                    s.patchUser(id, inactive());
                    assertThat(s.users().get(id, s.ctx).orElseThrow().get("active").asBoolean()).isFalse();
                }
                assertThat(fake.userState(Long.parseLong(ldap))).contains("ldap_blocked");
                assertThat(fake.userState(Long.parseLong(banned))).contains("banned");
                // The audit log has GitLab's refusal to block the ldap_blocked user, then what the bridge made of it.
                assertThat(s.audit).filteredOn(e -> e.outcome() == AuditEvent.Outcome.FAILURE).singleElement()
                        .satisfies(e -> assertThat(e.detail().orElse("")).contains("LDAP blocked"));
                assertThat(s.audit).anySatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.NO_CHANGE);
                    assertThat(e.before()).contains("state=ldap_blocked");
                });
                // Reactivation: GitLab's API cannot unblock ldap_blocked, and the bridge lifts no ban: 409s that
                // say so. Pending approval: the IdP's assignment approves.
                assertThatThrownBy(() -> s.patchUser(ldap, activeAgain())).isInstanceOfSatisfying(
                        ScimException.class, e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.detail()).contains("ldap_blocked");
                        });
                assertThatThrownBy(() -> s.patchUser(banned, activeAgain())).isInstanceOfSatisfying(
                        ScimException.class, e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.detail()).contains("banned", "unban");
                        });
                s.patchUser(pending, activeAgain());
                assertThat(fake.userState(Long.parseLong(pending))).contains("active");
            }
        }

        @Test
        void theReconcilerTakesStatesWithoutAccessAsDeprovisioned() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, b -> b.driftPolicy(DriftPolicy.REVERT));
                String gone = s.createUser("gil", "gil@example.com", "ext-gil").id();
                String here = s.createUser("hal", "hal@example.com", "ext-hal").id();
                s.patchUser(gone, inactive());
                fake.seedUserState(Long.parseLong(gone), "ldap_blocked");
                fake.seedUserState(Long.parseLong(here), "banned");
                ReconcilePlan plan = s.bridge.reconciler().plan();
                // Inactive and ldap_blocked: deprovisioned as wanted. Active but banned: an administrator's to lift.
                assertThat(plan.changes()).isEmpty();
                assertThat(plan.drift()).isEmpty();
                assertThat(plan.problems()).singleElement().asString().contains("user " + here, "banned");
            }
        }

        @Test
        void deactivateFallsBackToBlockForRecentlyActiveUsersAudited() {
            try (FakeGitLab fake = FakeGitLab.selfManaged()) {
                Scim s = Scim.of(fake, b -> b.deprovisionPolicy(DeprovisionPolicy.DEACTIVATE));
                String recent = s.createUser("rita", "rita@example.com", "ext-rita").id();
                String dormant = s.createUser("dora", "dora@example.com", "ext-dora").id();
                fake.seedLastActivity(Long.parseLong(recent), LocalDate.now());
                fake.seedLastActivity(Long.parseLong(dormant), LocalDate.now().minusDays(200));
                s.patchUser(recent, inactive());
                s.patchUser(dormant, inactive());
                assertThat(fake.userState(Long.parseLong(recent))).contains("blocked");
                assertThat(fake.userState(Long.parseLong(dormant))).contains("deactivated");
                assertThat(s.audit).anySatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
                    assertThat(e.detail().orElse("")).contains("blocking instead");
                });
            }
        }
    }
}
