package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.ProjectRef;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.InjectedFault;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #16, part 1: GitLab projects as mapping targets, with the semantics of groups (highest level wins, only
 * managed memberships change, removal with the last granting SCIM group, expiry and custom roles), GitLab's refusal
 * of a direct project membership below an inherited one, the reconciler, and lost answers of project member writes;
 * on both targets, with the exact member calls.
 */
class ProjectMembershipTest {
    static final RoleMapping MAPPING = RoleMapping.builder()
            .project("Api Devs", "acme/eng/api", AccessLevel.DEVELOPER)
            .project("Api Maintainers", "acme/eng/api", AccessLevel.MAINTAINER)
            .group("Eng Leads", "acme/eng", AccessLevel.MAINTAINER)
            .build();
    private static final String MEMBERS = "/api/v4/projects/acme%2Feng%2Fapi/members";

    private FakeGitLab fake;
    private long eng;
    private long api;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private Scim start(FakeGitLab.Mode mode, UnaryOperator<GitLabBridge.Builder> config) {
        return start(FakeGitLab.builder().mode(mode).start(), b -> config.apply(b.roleMapping(MAPPING)));
    }

    private Scim start(FakeGitLab started, UnaryOperator<GitLabBridge.Builder> config) {
        fake = started;
        Scim s = Scim.of(fake, config);
        long acme = fake.mode() == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        eng = fake.seedSubgroup(acme, "eng");
        api = fake.seedProject(eng, "api");
        return s;
    }

    private List<String> users(Scim s, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(s.createUser("p" + i, "p" + i + "@example.com", "ext-p" + i).id());
        }
        return ids;
    }

    private int level(String userId) {
        return fake.projectMemberLevel(api, Long.parseLong(userId)).orElse(0);
    }

    private GitLabClient admin() {
        return Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
    }

    private static String add(String... ids) {
        List<String> values = new ArrayList<>();
        for (String id : ids) {
            values.add("{\"value\":\"" + id + "\"}");
        }
        return "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + String.join(",", values) + "]}]";
    }

    private static String remove(String id) {
        return "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]";
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void projectGrantsFollowTheHighestLevelAndLeaveWithTheLastGrantingGroup(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 3);
        String devs = s.createGroup("Api Devs").id();
        fake.clearJournal();
        s.patchGroup(devs, add(u.get(0), u.get(1), u.get(2)));
        // One batched add, between a read of the project's direct members before and after.
        assertThat(s.writes()).containsExactly("POST " + MEMBERS);
        assertThat(fake.journal()).extracting(e -> e.method() + " " + e.path())
                .containsExactly("GET " + MEMBERS, "POST " + MEMBERS, "GET " + MEMBERS);
        assertThat(u).allSatisfy(id -> assertThat(level(id)).isEqualTo(30));

        fake.clearJournal();
        String maintainers = s.createGroup("Api Maintainers", u.get(0)).id();
        assertThat(s.writes()).containsExactly("PUT " + MEMBERS + "/" + u.get(0));
        assertThat(level(u.get(0))).isEqualTo(40);
        s.patchGroup(maintainers, remove(u.get(0)));
        assertThat(level(u.get(0))).as("the next-highest remaining level").isEqualTo(30);

        fake.clearJournal();
        s.patchGroup(devs, remove(u.get(0)));
        assertThat(s.writes()).containsExactly("DELETE " + MEMBERS + "/" + u.get(0));
        assertThat(level(u.get(0))).isZero();

        fake.clearJournal();
        s.groups().delete(devs, s.ctx);
        assertThat(s.writes()).containsExactlyInAnyOrder("DELETE " + MEMBERS + "/" + u.get(1),
                "DELETE " + MEMBERS + "/" + u.get(2));
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u.get(1)))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void manualProjectMembersAreLeftAlone(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 2);
        fake.seedProjectMember(api, Long.parseLong(u.get(0)), 50); // an Owner added by hand
        String devs = s.createGroup("Api Devs", u.get(0), u.get(1)).id();
        assertThat(level(u.get(0))).isEqualTo(50);
        assertThat(level(u.get(1))).isEqualTo(30);
        assertThat(s.audit).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.NO_CHANGE);
            assertThat(e.detail().orElse("")).contains("left alone");
        });
        s.groups().delete(devs, s.ctx);
        assertThat(level(u.get(0))).isEqualTo(50);
        assertThat(level(u.get(1))).isZero();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void expiryAndCustomRoleReachTheProject(FakeGitLab.Mode mode) {
        LocalDate expiry = LocalDate.of(2031, 3, 31);
        // The fake numbers custom roles from 1: the role seeded below is role 1.
        RoleMapping mapping = RoleMapping.builder().entry(new RoleMapping.Entry(Optional.of("Contractors"),
                Optional.empty(), new Grant(MemberSource.project("acme/eng/api"), AccessLevel.DEVELOPER,
                        Optional.of(1L), Optional.of(expiry)))).build();
        Scim s = start(FakeGitLab.builder().mode(mode).customRoles(true).start(), b -> b.roleMapping(mapping));
        long role = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedInstanceMemberRole("Dev+", 30)
                : fake.seedMemberRole(s.topGroupId, "Dev+", 30);
        assertThat(role).isEqualTo(1L);
        String u = users(s, 1).get(0);
        s.createGroup("Contractors", u);
        Member m = admin().projectMembers().find(ProjectRef.id(api), Long.parseLong(u)).orElseThrow();
        assertThat(m.accessLevel()).isEqualTo(AccessLevel.DEVELOPER);
        assertThat(m.expiresAt()).contains(expiry);
        assertThat(m.memberRoleId()).contains(1L);
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u))).singleElement().satisfies(marker -> {
            assertThat(marker.source()).isEqualTo(MemberSource.project("acme/eng/api"));
            assertThat(marker.expiresAt()).contains(expiry);
            assertThat(marker.memberRoleId()).contains(1L);
        });
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void noDirectProjectMembershipBelowAnInheritedOne(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 2);
        // From the mapping: Maintainer of acme/eng covers Developer in acme/eng/api; no call for the project.
        s.createGroup("Eng Leads", u.get(0));
        fake.clearJournal();
        String devs = s.createGroup("Api Devs", u.get(0)).id();
        assertThat(fake.journal()).isEmpty();
        assertThat(level(u.get(0))).isZero();

        // By hand: an inherited Maintainer the mapping does not know. GitLab refuses the lower direct one; the
        // bridge takes it as covered, marks nothing, and fails nothing.
        fake.seedMember(eng, Long.parseLong(u.get(1)), 40);
        fake.clearJournal();
        s.patchGroup(devs, add(u.get(1)));
        assertThat(s.writes()).containsExactly("POST " + MEMBERS);
        assertThat(fake.journal("POST", ".*")).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(400));
        assertThat(level(u.get(1))).isZero();
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u.get(1)))).isEmpty();
        assertThat(s.audit).anySatisfy(e -> assertThat(e.detail().orElse(""))
                .contains("covered by an inherited membership"));

        // The reconciler reads the effective level from /members/all: nothing to do, for ever.
        fake.clearJournal();
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.drift()).isEmpty();
        assertThat(fake.journal("GET", ".*/projects/acme%2Feng%2Fapi/members/all")).hasSize(1);
        assertThat(s.writes()).isEmpty();
    }

    @Test
    void theReconcilerReadsEffectiveLevelsOnlyWhereGitLabInherits() {
        RoleMapping mapping = RoleMapping.builder().group("Everyone", "acme", AccessLevel.REPORTER)
                .project("Api Devs", "acme/eng/api", AccessLevel.DEVELOPER).build();
        Scim s = start(FakeGitLab.selfManaged(), b -> b.roleMapping(mapping));
        String u = users(s, 1).get(0);
        // Groups only in the store: the reconciler has both memberships to add.
        Instant now = Instant.now();
        for (String name : new String[] {"Everyone", "Api Devs"}) {
            assertThat(s.bridge.stateStore().putGroup(new GroupRecord("g-" + name, name,
                    Optional.empty(), Set.of(u), 1, now, now), 0)).isTrue();
        }
        fake.clearJournal();
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).extracting(Change::describe).containsExactly("add [" + u + "] to acme as REPORTER",
                "add [" + u + "] to project acme/eng/api as DEVELOPER");
        // A top-level group inherits nothing: only the project's effective members are read.
        assertThat(fake.journal("GET", ".*/members/all")).extracting(e -> e.path())
                .containsExactly("/api/v4/projects/acme%2Feng%2Fapi/members/all");
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void theReconcilerReportsRevertsAndDryRunsProjectDrift(FakeGitLab.Mode mode) {
        Scim s = start(mode, b -> b.driftPolicy(DriftPolicy.REVERT));
        List<String> u = users(s, 2);
        s.createGroup("Api Devs", u.get(0), u.get(1));
        // A managed membership of a project deleted since.
        s.bridge.stateStore().putManaged(new ManagedMembership(Long.parseLong(u.get(0)), MemberSource.project(
                "acme/eng/gone"), AccessLevel.REPORTER, Optional.empty(), Optional.empty()));
        fake.seedProjectMember(api, Long.parseLong(u.get(0)), 20);
        admin().projectMembers().remove(ProjectRef.id(api), Long.parseLong(u.get(1)));
        fake.clearJournal();
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(s.writes()).as("a dry run only reads").isEmpty();
        assertThat(plan.drift()).containsExactlyInAnyOrder(
                "user " + u.get(0) + " in project acme/eng/api was changed by hand to REPORTER (mapped: DEVELOPER)",
                "user " + u.get(1) + " was removed from project acme/eng/api by hand");
        assertThat(plan.problems()).contains("GitLab project acme/eng/gone does not exist");
        assertThat(plan.render()).contains("set " + u.get(0) + " in project acme/eng/api to DEVELOPER (revert drift)",
                "add [" + u.get(1) + "] to project acme/eng/api as DEVELOPER");
        s.bridge.reconciler().apply(plan, s.ctx);
        assertThat(level(u.get(0))).isEqualTo(30);
        assertThat(level(u.get(1))).isEqualTo(30);
        assertThat(s.bridge.reconciler().plan().changes()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aProjectMemberAddWhoseAnswerIsLostIsTheBridgesOwnOnRetry(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 2);
        String devs = s.createGroup("Api Devs").id();
        List<InjectedFault> lost = List.of(fake.inject(Fault.dropResponse().on("POST", ".*/projects/.*/members")
                .times(1)), fake.inject(Fault.status(503).on("GET", ".*/members/" + u.get(0))));
        assertThatThrownBy(() -> s.patchGroup(devs, add(u.get(0)))).isInstanceOf(ScimException.class);
        lost.forEach(InjectedFault::remove);
        assertThat(level(u.get(0))).as("GitLab processed it").isEqualTo(30);
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).extracting(PendingWrite::key)
                .containsExactly(u.get(0) + " project:acme/eng/api");

        // The IdP retries: GitLab's 409 is the bridge's own write, managed from now on.
        s.patchGroup(devs, add(u.get(0)));
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u.get(0)))).extracting(m -> m.source())
                .containsExactly(MemberSource.project("acme/eng/api"));
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).isEmpty();
        s.patchGroup(devs, remove(u.get(0)));
        assertThat(level(u.get(0))).isZero();

        // Lost again, and the IdP gives up and deletes the user: the unconfirmed project membership goes too.
        lost = List.of(fake.inject(Fault.dropResponse().on("POST", ".*/projects/.*/members").times(1)),
                fake.inject(Fault.status(503).on("GET", ".*/members/" + u.get(1))));
        assertThatThrownBy(() -> s.patchGroup(devs, add(u.get(1)))).isInstanceOf(ScimException.class);
        lost.forEach(InjectedFault::remove);
        assertThat(level(u.get(1))).isEqualTo(30);
        s.users().delete(u.get(1), s.ctx);
        assertThat(level(u.get(1))).isZero();
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).isEmpty();
    }
}
