package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.mapping.Grant;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.gitlab.state.UserRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one membership planner, without GitLab: desired state, flattening, and the steps from held to desired. */
class MembershipPlannerTest {
    private static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Everyone", "acme", AccessLevel.REPORTER)
            .group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
            .group("Leads", "acme/eng", AccessLevel.MAINTAINER)
            .group("Platform", "acme/eng/platform", AccessLevel.DEVELOPER)
            .group("Ops", "acme/ops", AccessLevel.REPORTER)
            .group("Admins", "acme", AccessLevel.OWNER)
            .build();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final StateStore store = new InMemoryStateStore();

    private MembershipPlanner planner(AdoptPolicy adopt, DriftPolicy drift) {
        return new MembershipPlanner(store, MAPPING, false, adopt, drift);
    }

    private MembershipPlanner planner() {
        return planner(AdoptPolicy.LEAVE, DriftPolicy.REPORT);
    }

    private void user(String scimId, long gitlabId, boolean active) {
        store.putUser(new UserRecord(scimId, gitlabId, "u" + gitlabId, Optional.empty(), active,
                JsonNodeFactory.instance.objectNode(), 1, NOW, NOW));
    }

    private void group(String name, String... members) {
        assertThat(store.putGroup(new GroupRecord("g-" + name, name, Optional.empty(), Set.of(members), 1, NOW,
                NOW), 0)).isTrue();
    }

    private void marker(long uid, String path, AccessLevel level) {
        store.putManaged(new ManagedMembership(uid, path, level, Optional.empty(), Optional.empty()));
    }

    private static MemberSource g(String path) {
        return MemberSource.group(path);
    }

    private Map<String, AccessLevel> desired(String scimId) {
        Map<String, AccessLevel> out = new LinkedHashMap<>();
        planner().desired(scimId, new UserRecords(store), null).forEach((p, g) -> out.put(PlanStep.where(p),
                g.accessLevel()));
        return out;
    }

    @Test
    void theHighestLevelOverAllMappedGroupsWins() {
        user("1", 1, true);
        group("Engineering", "1");
        group("Leads", "1");
        assertThat(desired("1")).containsExactlyEntriesOf(Map.of("acme/eng", AccessLevel.MAINTAINER));
    }

    @Test
    void subgroupMembershipsAnAncestorAlreadyGivesAreFlattenedAway() {
        user("1", 1, true);
        group("Everyone", "1");
        group("Engineering", "1");
        group("Platform", "1");
        group("Ops", "1");
        // acme/eng (Developer) is above acme (Reporter): kept. acme/eng/platform (Developer) is no more than
        // acme/eng gives: dropped. acme/ops (Reporter) equals acme: dropped.
        assertThat(desired("1")).containsOnly(Map.entry("acme", AccessLevel.REPORTER),
                Map.entry("acme/eng", AccessLevel.DEVELOPER));
    }

    @Test
    void anOwnerOfTheParentNeedsNoDirectSubgroupMembership() {
        Map<MemberSource, Grant> grants = new LinkedHashMap<>();
        grants.put(g("acme"), Grant.of("acme", AccessLevel.OWNER));
        grants.put(g("acme/eng"), Grant.of("acme/eng", AccessLevel.MAINTAINER));
        grants.put(g("acme/eng/platform"), Grant.of("acme/eng/platform", AccessLevel.OWNER));
        grants.put(g("other/x"), Grant.of("other/x", AccessLevel.GUEST));
        assertThat(MembershipPlanner.flatten(grants)).containsOnlyKeys(g("acme"), g("other/x"));
    }

    @Test
    void inactiveUsersWantNothingUnlessTheirAccountKeepsMemberships() {
        user("1", 1, false);
        group("Engineering", "1");
        assertThat(desired("1")).isEmpty();
        MembershipPlanner keeps = new MembershipPlanner(store, MAPPING, true, AdoptPolicy.LEAVE, DriftPolicy.REPORT);
        assertThat(keeps.desired("1", new UserRecords(store), null)).containsOnlyKeys(g("acme/eng"));
    }

    @Test
    void heldVersusDesiredGivesRemovalsThenEditsThenOneBatchedAddPerGroupAndLevelParentsFirst() {
        user("1", 1, true);
        user("2", 2, true);
        user("3", 3, true);
        group("Engineering", "1", "2");
        group("Leads", "3");
        group("Everyone", "1", "2");
        marker(3, "acme/eng", AccessLevel.DEVELOPER);
        marker(3, "acme/ops", AccessLevel.REPORTER);
        marker(2, "acme", AccessLevel.REPORTER);

        List<PlanStep> steps = planner().plan(List.of("1", "2", "3"), new UserRecords(store), null);

        assertThat(steps).containsExactly(
                new PlanStep.RemoveMember(g("acme/ops"), 3),
                new PlanStep.EditMember(g("acme/eng"), 3, MembershipSpec.of(AccessLevel.MAINTAINER), "mapping changed"),
                new PlanStep.AddMembers(g("acme"), MembershipSpec.of(AccessLevel.REPORTER), List.of(1L)),
                new PlanStep.AddMembers(g("acme/eng"), MembershipSpec.of(AccessLevel.DEVELOPER), List.of(1L, 2L)));
    }

    @Test
    void aPendingGroupChangeIsPlannedAsIfStored() {
        user("1", 1, true);
        group("Engineering");
        GroupRecord next = new GroupRecord("g-Engineering", "Engineering", Optional.empty(), Set.of("1"), 2, NOW,
                NOW);
        assertThat(planner().plan(List.of("1"), new UserRecords(store),
                new MembershipPlanner.Pending("g-Engineering", next))).containsExactly(
                        new PlanStep.AddMembers(g("acme/eng"), MembershipSpec.of(AccessLevel.DEVELOPER), List.of(1L)));
        marker(1, "acme/eng", AccessLevel.DEVELOPER);
        assertThat(planner().plan(List.of("1"), new UserRecords(store),
                new MembershipPlanner.Pending("g-Engineering", null)))
                .containsExactly(new PlanStep.RemoveMember(g("acme/eng"), 1));
    }

    @Test
    void aRecordTheRequestIsAboutToStoreCountsOverTheStoredOne() {
        user("1", 1, true);
        group("Engineering", "1");
        marker(1, "acme/eng", AccessLevel.DEVELOPER);
        UserRecord deactivated = new UserRecord("1", 1, "u1", Optional.empty(), false,
                JsonNodeFactory.instance.objectNode(), 2, NOW, NOW);
        assertThat(planner().plan(List.of("1"), new UserRecords(store).with(deactivated), null))
                .containsExactly(new PlanStep.RemoveMember(g("acme/eng"), 1));
    }

    @Test
    void withoutReadingGitLabAnExpiryChangeIsAnEditWhileTheReconcilerOnlyMovesItsMarker() {
        MembershipSpec want = MembershipSpec.of(AccessLevel.DEVELOPER).expiringAt(LocalDate.of(2027, 1, 1));
        ManagedMembership marker = new ManagedMembership(7, "acme/eng", AccessLevel.DEVELOPER, Optional.empty(),
                Optional.empty());
        MembershipPlanner.Plan assumed = planner().new Plan(false);
        assumed.decide(g("acme/eng"), 7, want, marker, AccessLevel.DEVELOPER);
        assertThat(assumed.steps()).containsExactly(new PlanStep.EditMember(g("acme/eng"), 7, want, "mapping changed"));
        MembershipPlanner.Plan observed = planner().observedPlan();
        observed.decide(g("acme/eng"), 7, want, marker, AccessLevel.DEVELOPER);
        assertThat(observed.steps()).containsExactly(new PlanStep.MarkManaged(g("acme/eng"), 7, want));
    }

    @Test
    void observedDifferencesAreDriftAndRevertedOnlyUnderRevert() {
        MembershipSpec dev = MembershipSpec.of(AccessLevel.DEVELOPER);
        ManagedMembership marker = new ManagedMembership(7, "acme/eng", AccessLevel.DEVELOPER, Optional.empty(),
                Optional.empty());
        for (DriftPolicy policy : DriftPolicy.values()) {
            MembershipPlanner.Plan plan = planner(AdoptPolicy.LEAVE, policy).observedPlan();
            plan.decide(g("acme/eng"), 7, dev, marker, AccessLevel.GUEST);
            plan.decide(g("acme/eng"), 8, dev, null, AccessLevel.REPORTER);
            plan.decide(g("acme/ops"), 7, dev, new ManagedMembership(7, "acme/ops", AccessLevel.DEVELOPER,
                    Optional.empty(), Optional.empty()), null);
            plan.decide(g("acme/old"), 7, null, new ManagedMembership(7, "acme/old", AccessLevel.DEVELOPER,
                    Optional.empty(), Optional.empty()), null);
            assertThat(plan.drift()).hasSize(3).anySatisfy(d -> assertThat(d).contains("unmanaged"));
            if (policy == DriftPolicy.REVERT) {
                assertThat(plan.steps()).containsExactly(new PlanStep.ForgetMarker(g("acme/old"), 7),
                        new PlanStep.EditMember(g("acme/eng"), 7, dev, "revert drift"),
                        new PlanStep.AddMembers(g("acme/ops"), dev, List.of(7L)));
            } else {
                assertThat(plan.steps()).containsExactly(new PlanStep.ForgetMarker(g("acme/old"), 7));
            }
        }
    }

    @Test
    void adoptionTakesOverUnmanagedMemberships() {
        MembershipSpec dev = MembershipSpec.of(AccessLevel.DEVELOPER);
        MembershipPlanner.Plan plan = planner(AdoptPolicy.ADOPT, DriftPolicy.REPORT).observedPlan();
        plan.decide(g("acme/eng"), 8, dev, null, AccessLevel.REPORTER);
        plan.decide(g("acme/eng"), 9, dev, null, AccessLevel.DEVELOPER);
        assertThat(plan.steps()).containsExactly(new PlanStep.EditMember(g("acme/eng"), 8, dev, "adopt"),
                new PlanStep.MarkManaged(g("acme/eng"), 9, dev));
        assertThat(plan.drift()).isEmpty();
    }

    private GroupRecord nested(String name, Set<String> users, Set<String> groups) {
        GroupRecord g = new GroupRecord("g-" + name, name, Optional.empty(), users, groups, 1, NOW, NOW);
        assertThat(store.putGroup(g, 0)).isTrue();
        return g;
    }

    @Test
    void projectGrantsAreFlattenedUnderTheGroupsAboveThem() {
        Map<MemberSource, Grant> grants = new LinkedHashMap<>();
        grants.put(g("acme/eng"), Grant.of("acme/eng", AccessLevel.MAINTAINER));
        grants.put(MemberSource.project("acme/eng/api"), Grant.of(MemberSource.project("acme/eng/api"),
                AccessLevel.DEVELOPER));
        grants.put(MemberSource.project("acme/eng/web"), Grant.of(MemberSource.project("acme/eng/web"),
                AccessLevel.OWNER));
        grants.put(MemberSource.project("acme/ops/db"), Grant.of(MemberSource.project("acme/ops/db"),
                AccessLevel.GUEST));
        // A project is no ancestor: a group below a project's path (which GitLab cannot have) is not flattened.
        grants.put(g("acme/ops/db/x"), Grant.of("acme/ops/db/x", AccessLevel.GUEST));
        assertThat(MembershipPlanner.flatten(grants)).containsOnlyKeys(g("acme/eng"),
                MemberSource.project("acme/eng/web"), MemberSource.project("acme/ops/db"), g("acme/ops/db/x"));
    }

    @Test
    void nestedGroupsReachTheirUsersOnceAndAPendingChangeIsSeen() {
        user("1", 1, true);
        user("2", 2, true);
        GroupRecord leaf = nested("Leaf", Set.of("1"), Set.of());
        nested("Platform", Set.of(), Set.of(leaf.scimId()));
        GroupRecord mid = nested("Mid", Set.of("1"), Set.of(leaf.scimId()));
        GroupRecord top = nested("Everyone", Set.of(), Set.of(mid.scimId()));
        // Everyone -> Mid -> Leaf -> 1, and Mid -> 1 directly: Everyone's grant once; Platform's above it.
        assertThat(desired("1")).containsOnly(Map.entry("acme", AccessLevel.REPORTER),
                Map.entry("acme/eng/platform", AccessLevel.DEVELOPER));
        assertThat(desired("2")).isEmpty();
        GroupRecord without = top.next("Everyone", Optional.empty(), Set.of("2"), Set.of(), NOW);
        assertThat(planner().desired("1", new UserRecords(store), new MembershipPlanner.Pending(top.scimId(),
                without))).containsOnlyKeys(g("acme/eng/platform"));
        assertThat(planner().desired("2", new UserRecords(store), new MembershipPlanner.Pending(top.scimId(),
                without))).containsOnlyKeys(g("acme"));
        assertThat(planner().desired("1", new UserRecords(store), new MembershipPlanner.Pending(mid.scimId(),
                null))).containsOnlyKeys(g("acme/eng/platform"));
    }

    @Test
    void aChangeAffectsOnlyTheUsersItAddsOrRemovesAnywhereBelow() {
        GroupRecord leaf = nested("Leaf", Set.of("1", "2"), Set.of());
        GroupRecord mid = nested("Mid", Set.of("3"), Set.of(leaf.scimId()));
        GroupRecord top = nested("Everyone", Set.of("5"), Set.of(mid.scimId()));
        MembershipPlanner p = planner();
        assertThat(p.affectedUsers(leaf, leaf.next("Leaf", Optional.empty(), Set.of("1", "2", "4"), NOW),
                List.of())).containsExactly("4");
        assertThat(p.affectedUsers(top, top.next("Everyone", Optional.empty(), Set.of("5"), Set.of(), NOW),
                List.of())).containsExactly("1", "2", "3");
        assertThat(p.affectedUsers(mid, mid.next("Mid 2", Optional.empty(), Set.of("3"), NOW), List.of()))
                .containsExactly("1", "2", "3");
        assertThat(p.affectedUsers(leaf, null, List.of())).containsExactly("1", "2");
        assertThat(p.affectedUsers(null, top, List.of())).containsExactly("1", "2", "3", "5");
        // A value the request names: a user, or everyone below a group.
        assertThat(p.affectedUsers(top, top, List.of("9", mid.scimId()))).containsExactly("1", "2", "3", "9");
    }
}
