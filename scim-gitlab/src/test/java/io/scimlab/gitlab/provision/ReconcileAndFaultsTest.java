package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.provision.Change;
import io.scimlab.gitlab.provision.DriftPolicy;
import io.scimlab.gitlab.provision.ReconcilePlan;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReconcileAndFaultsTest {
    private FakeGitLab fake;
    private long eng;
    private long all;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private Scim start(FakeGitLab.Mode mode, UnaryOperator<io.scimlab.gitlab.provision.GitLabBridge.Builder> c) {
        fake = FakeGitLab.builder().mode(mode).start();
        Scim s = Scim.of(fake, b -> c.apply(b.roleMapping(GroupSyncTest.MAPPING)));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        eng = fake.seedSubgroup(acme, "eng");
        fake.seedSubgroup(acme, "ops");
        all = fake.seedSubgroup(acme, "all");
        return s;
    }

    private GitLabClient admin() {
        return Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
    }

    private int level(long group, String id) {
        return fake.memberLevel(group, Long.parseLong(id)).orElse(0);
    }

    @Test
    void driftIsReportedThenReverted() {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, UnaryOperator.identity());
        List<String> u = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            u.add(s.createUser("d" + i, "d" + i + "@example.com", "ext-d" + i).id());
        }
        s.createGroup("Engineering", u.toArray(String[]::new));
        fake.seedMember(eng, Long.parseLong(u.get(0)), 40);
        admin().members().remove(GroupRef.id(eng), Long.parseLong(u.get(1)));
        admin().users().block(Long.parseLong(u.get(2)));

        fake.clearJournal();
        ReconcilePlan report = s.bridge.reconciler().plan();
        assertThat(s.writes()).isEmpty();
        assertThat(report.drift()).hasSize(3);
        assertThat(report.changes()).isEmpty();
        assertThat(report.render()).contains("drift: user " + u.get(0) + " in acme/eng was changed by hand");

        Scim revert = Scim.of(fake, b -> b.roleMapping(GroupSyncTest.MAPPING).stateStore(s.bridge.stateStore())
                .driftPolicy(DriftPolicy.REVERT));
        ReconcilePlan plan = revert.bridge.reconciler().reconcile(revert.ctx);
        assertThat(plan.changes()).hasSize(3);
        assertThat(u).allSatisfy(id -> assertThat(level(eng, id)).isEqualTo(30));
        assertThat(fake.userState(Long.parseLong(u.get(2)))).contains("active");
        assertThat(revert.audit).hasSize(3).allSatisfy(e -> assertThat(e.operation()).isEqualTo("reconcile"));
        assertThat(revert.bridge.reconciler().plan().drift()).isEmpty();
    }

    @Test
    void aStalePlanDoesNotUndoScimWritesMadeSince() {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, b -> b.driftPolicy(DriftPolicy.REVERT));
        String u = s.createUser("sam", "sam@example.com", "ext-sam").id();
        String v = s.createUser("val", "val@example.com", "ext-val").id();
        String g = s.createGroup("Engineering", u, v).id();
        long uid = Long.parseLong(u);
        // Changed by hand: the plan reverts both (unblock sam, add sam and val back to acme/eng).
        admin().users().block(uid);
        admin().members().remove(GroupRef.id(eng), uid);
        admin().members().remove(GroupRef.id(eng), Long.parseLong(v));
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).hasSize(2);

        // Meanwhile the IdP deprovisions sam and takes val out of the group.
        s.patchUser(u, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        s.patchGroup(g, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + v + "\\\"]\"}]");

        fake.clearJournal();
        s.bridge.reconciler().apply(plan, s.ctx);
        // No unblock, and val is not added back; sam's membership still holds (blocked users keep theirs).
        assertThat(s.writes()).containsExactly("POST /api/v4/groups/acme%2Feng/members");
        assertThat(fake.journal("POST", ".*/members")).singleElement()
                .satisfies(e -> assertThat(e.body()).isEqualTo("{\"access_level\":30,\"user_id\":" + u + "}"));
        assertThat(fake.userState(uid)).contains("blocked");
        assertThat(level(eng, u)).isEqualTo(30);
        assertThat(level(eng, v)).isZero();
        assertThat(s.bridge.reconciler().plan().changes()).isEmpty();
    }

    @Test
    void aBatchAddMarksOnlyTheUsersGitLabAdded() {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, b -> b.driftPolicy(DriftPolicy.REVERT));
        List<String> u = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            u.add(s.createUser("b" + i, "b" + i + "@example.com", "ext-b" + i).id());
        }
        s.createGroup("Engineering", u.toArray(String[]::new));
        for (String id : u) {
            admin().members().remove(GroupRef.id(eng), Long.parseLong(id));
        }
        // Deleted in GitLab by hand: GitLab's batch add skips it and still answers success.
        long gone = Long.parseLong(u.get(1));
        admin().users().delete(gone, true);
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).singleElement().isInstanceOf(PlanStep.AddMembers.class);
        s.bridge.reconciler().apply(plan, s.ctx);
        assertThat(level(eng, u.get(0))).isEqualTo(30);
        assertThat(level(eng, u.get(2))).isEqualTo(30);
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u.get(0)))).extracting(m -> m.path())
                .contains("acme/eng");
        assertThat(s.bridge.stateStore().managedOf(gone)).extracting(m -> m.path())
                .doesNotContain("acme/eng");
        assertThat(s.audit).anySatisfy(e -> assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d)
                .contains("GitLab did not add [" + gone + "]")));
    }

    @Test
    void pendingMembershipsAreAddedInOneCallPerGroupAndLevel() {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, UnaryOperator.identity());
        List<String> u = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            u.add(s.createUser("p" + i, "p" + i + "@example.com", "ext-p" + i).id());
        }
        // Memberships that failed mid-request: GitLab refuses every member add.
        fake.inject(Fault.status(503).on("POST", ".*/members"));
        assertThatThrownBy(() -> s.createGroup("Engineering", u.toArray(String[]::new)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(503));
        fake.clearFaults();
        assertThat(s.bridge.stateStore().groups().count()).isZero(); // not stored: the IdP will retry
        s.createGroup("Engineering", u.toArray(String[]::new));
        s.createGroup("Everyone", u.toArray(String[]::new));
        fake.clearJournal();
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).isEmpty();
        long reads = fake.journal().size();
        assertThat(reads).isEqualTo(2 + 1); // one members page per mapped group, one users page
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void faultsMidOperationConvergeAfterRetriesAndOneReconcile(FakeGitLab.Mode mode) {
        Scim s = start(mode, b -> b.driftPolicy(DriftPolicy.REVERT));
        // 429 storms, 5xx, timeouts and lost answers on the way.
        fake.inject(Fault.rateLimited(1).on("POST", ".*/(users|Users)").every(3).times(2));
        fake.inject(Fault.status(502).on("POST", ".*/members").times(1));
        fake.inject(Fault.dropResponse().on("POST", ".*/members").afterRequests(2).times(1));
        fake.inject(Fault.latency(Duration.ofMillis(2500)).on("PUT", ".*/members/.*").times(1));
        fake.inject(Fault.status(500).on("DELETE", ".*/members/.*").times(1));
        List<String> u = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String login = "f" + i;
            u.add(retrying(() -> s.createUser(login, login + "@example.com", "ext-" + login).id()));
        }
        String devs = retrying(() -> s.createGroup("Engineering", u.get(0), u.get(1), u.get(2)).id());
        String leads = retrying(() -> s.createGroup("Eng Leads", u.get(2)).id());
        String everyone = retrying(() -> s.createGroup("Everyone", u.toArray(String[]::new)).id());
        retrying(() -> s.patchGroup(devs, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + u.get(3) + "\"},{\"value\":\"" + u.get(4) + "\"}]}]"));
        retrying(() -> s.patchGroup(devs, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(0)
                + "\\\"]\"}]"));
        retrying(() -> s.patchGroup(leads, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + u.get(5) + "\"}]}]"));
        retrying(() -> s.patchGroup(everyone, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(5)
                + "\\\"]\"}]"));
        fake.clearFaults();
        assertThat(fake.journal().stream().map(JournalEntry::status)).contains(429, 502, 500, 0);
        s.bridge.reconciler().reconcile(s.ctx);

        assertThat(level(eng, u.get(0))).isZero();
        assertThat(level(eng, u.get(1))).isEqualTo(30);
        assertThat(level(eng, u.get(2))).isEqualTo(40);
        assertThat(level(eng, u.get(3))).isEqualTo(30);
        assertThat(level(eng, u.get(4))).isEqualTo(30);
        assertThat(level(eng, u.get(5))).isEqualTo(40);
        for (int i = 0; i < 5; i++) {
            assertThat(level(all, u.get(i))).isEqualTo(20);
        }
        assertThat(level(all, u.get(5))).isZero();
        assertThat(fake.userCount()).isEqualTo(1 + 6); // root + six, no duplicates
        assertThat(s.bridge.reconciler().plan().isEmpty()).isTrue();

        // Every write GitLab answered with success is accounted for by an audit event of the same call.
        Set<String> audited = s.audit.stream().filter(e -> e.outcome() != AuditEvent.Outcome.FAILURE)
                .map(e -> e.method() + " " + e.path()).collect(Collectors.toSet());
        List<String> succeeded = fake.journal().stream().filter(e -> !e.method().equals("GET"))
                .filter(e -> e.status() / 100 == 2 || e.status() == 0).map(ReconcileAndFaultsTest::call).toList();
        assertThat(audited).containsAll(succeeded);
    }

    private static String call(JournalEntry e) {
        return e.method() + " " + e.path();
    }

    /** What an IdP does: retry a request that failed with 503 (or another retryable error). */
    private static <T> T retrying(java.util.function.Supplier<T> request) {
        ScimException last = null;
        for (int i = 0; i < 5; i++) {
            try {
                return request.get();
            } catch (ScimException e) {
                if (e.status() < 500) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    @Test
    void dryRunRendersEveryStep() {
        ReconcilePlan plan = new ReconcilePlan(List.of(new PlanStep.AddMembers(MemberSource.group("acme/eng"),
                io.scimlab.gitlab.api.MembershipSpec.of(io.scimlab.gitlab.api.AccessLevel.DEVELOPER), List.of(1L,
                        2L)), new PlanStep.RemoveMember(MemberSource.group("acme/ops"), 3),
                new PlanStep.RemoveMember(MemberSource.project("acme/eng/api"), 4)), List.of("d"), List.of("p"));
        assertThat(plan.calls()).isEqualTo(3);
        assertThat(plan.render()).contains("add [1, 2] to acme/eng as DEVELOPER", "remove 3 from acme/ops",
                "remove 4 from project acme/eng/api", "drift: d", "problem: p");
    }
}
