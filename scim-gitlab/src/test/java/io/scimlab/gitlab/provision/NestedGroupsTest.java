package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.error.ScimException;
import io.scimlab.core.error.ScimType;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.ProjectRef;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.StateStore;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.time.Instant;
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
 * Issue #16, part 2: SCIM groups whose members include other groups. Under {@link NestedGroupPolicy#FLATTEN} a
 * group's grants reach every user in its transitive membership, a change to a member group recomputes only the users
 * it adds or removes, cycles and limits are refused before anything changes; {@link NestedGroupPolicy#REJECT} keeps
 * the old 400. On both targets: the members calls are the same, GitLab.com only adds the top-level Guest membership
 * its SCIM gives.
 */
class NestedGroupsTest {
    static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Org", "acme/eng", AccessLevel.REPORTER)
            .group("Platform", "acme/eng", AccessLevel.DEVELOPER)
            .group("Leads", "acme/eng", AccessLevel.MAINTAINER)
            .project("Api", "acme/eng/api", AccessLevel.MAINTAINER)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

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
        fake = FakeGitLab.builder().mode(mode).start();
        Scim s = Scim.of(fake, b -> config.apply(b.roleMapping(MAPPING)));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        eng = fake.seedSubgroup(acme, "eng");
        api = fake.seedProject(eng, "api");
        return s;
    }

    private List<String> users(Scim s, String... names) {
        List<String> ids = new ArrayList<>();
        for (String n : names) {
            ids.add(s.createUser(n, n + "@example.com", "ext-" + n).id());
        }
        return ids;
    }

    /** A group whose members are users and groups, each with its {@code type}. */
    static String group(String name, List<String> users, List<String> groups) {
        List<String> members = new ArrayList<>();
        users.forEach(u -> members.add("{\"value\":\"" + u + "\",\"type\":\"User\"}"));
        groups.forEach(g -> members.add("{\"value\":\"" + g + "\",\"type\":\"Group\"}"));
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name
                + "\",\"members\":[" + String.join(",", members) + "]}";
    }

    static String addGroup(String id) {
        return "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\",\"type\":\"Group\"}]}]";
    }

    static String addUser(String id) {
        return "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]";
    }

    static String remove(String id) {
        return "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]";
    }

    private int level(String userId) {
        return fake.memberLevel(eng, Long.parseLong(userId)).orElse(0);
    }

    private static void invalid(Runnable r, String... detail) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).contains(ScimType.INVALID_VALUE);
            assertThat(e.detail()).contains(detail);
        });
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void threeLevelsReachEveryUserAndAChangeBelowRecomputesOnlyItsUsers(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, "ann", "ben", "cy");
        String team = s.createGroupFrom(group("Team", List.of(u.get(0)), List.of())).id();
        String platform = s.createGroupFrom(group("Platform", List.of(), List.of(team))).id();
        assertThat(level(u.get(0))).isEqualTo(30);
        fake.clearJournal();
        String org = s.createGroupFrom(group("Org", List.of(u.get(1)), List.of(platform))).id();
        // Org (Reporter) reaches ann through Platform and Team; Platform's Developer stays the higher level.
        assertThat(level(u.get(0))).isEqualTo(30);
        assertThat(level(u.get(1))).isEqualTo(20);
        assertThat(s.writes()).containsExactly("POST /api/v4/groups/acme%2Feng/members");

        // A user joins the innermost group: only that user is planned, with the grants of every group above.
        fake.clearJournal();
        s.patchGroup(team, addUser(u.get(2)));
        assertThat(level(u.get(2))).isEqualTo(30);
        assertThat(s.writes()).containsExactly("POST /api/v4/groups/acme%2Feng/members");
        assertThat(fake.journal()).allSatisfy(e -> assertThat(e.path()).doesNotContain("/members/" + u.get(0)));

        fake.clearJournal();
        s.patchGroup(team, remove(u.get(0)));
        assertThat(s.writes()).containsExactly("DELETE /api/v4/groups/acme%2Feng/members/" + u.get(0));
        assertThat(level(u.get(0))).isZero();
        assertThat(level(u.get(2))).isEqualTo(30);

        JsonNode members = s.groups().get(org, s.ctx).orElseThrow().get("members");
        assertThat(members.findValuesAsText("type")).containsExactlyInAnyOrder("User", "Group");
        assertThat(members.findValuesAsText("value")).containsExactlyInAnyOrder(u.get(1), platform);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aUserReachedTwiceGetsEachGrantOnceAtTheHighestLevel(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, "dee").get(0);
        // Org has two member groups, both with dee: the diamond Org -> {Leads, Helpers} -> dee.
        String leads = s.createGroupFrom(group("Leads", List.of(u), List.of())).id();
        String helpers = s.createGroupFrom(group("Helpers", List.of(u), List.of())).id();
        fake.clearJournal();
        String org = s.createGroupFrom(group("Org", List.of(), List.of(leads, helpers))).id();
        // Org's Reporter reaches dee twice; Leads gives Maintainer: one membership, the highest level, no call.
        assertThat(s.writes()).isEmpty();
        assertThat(level(u)).isEqualTo(40);

        fake.clearJournal();
        s.patchGroup(leads, remove(u));
        assertThat(s.writes()).containsExactly("PUT /api/v4/groups/acme%2Feng/members/" + u);
        assertThat(level(u)).as("still reached through Helpers").isEqualTo(20);
        s.patchGroup(helpers, remove(u));
        assertThat(level(u)).isZero();
        assertThat(s.groups().get(org, s.ctx)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void aCycleIsRefusedNamingItAndChangesNothing(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, "eli").get(0);
        String a = s.createGroupFrom(group("Alpha", List.of(), List.of())).id();
        String b = s.createGroupFrom(group("Beta", List.of(), List.of(a))).id();
        String c = s.createGroupFrom(group("Org", List.of(u), List.of(b))).id();
        ScimResource before = s.groups().get(a, s.ctx).orElseThrow();
        fake.clearJournal();
        invalid(() -> s.patchGroup(a, addGroup(c)), "\"Alpha\" -> \"Org\" -> \"Beta\" -> \"Alpha\"");
        invalid(() -> s.patchGroup(a, addGroup(a)), "\"Alpha\" -> \"Alpha\"");
        assertThat(fake.journal()).isEmpty();
        assertThat(s.groups().get(a, s.ctx).orElseThrow().meta().version())
                .isEqualTo(before.meta().version());
        assertThat(level(u)).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void removingOrDeletingAMiddleGroupTakesAwayWhatCameThroughIt(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, "fay").get(0);
        String leaf = s.createGroupFrom(group("Leaf", List.of(u), List.of())).id();
        String mid = s.createGroupFrom(group("Mid", List.of(), List.of(leaf))).id();
        String org = s.createGroupFrom(group("Org", List.of(), List.of(mid))).id();
        assertThat(level(u)).isEqualTo(20);
        s.patchGroup(org, remove(mid));
        assertThat(level(u)).isZero();
        s.patchGroup(org, addGroup(mid));
        assertThat(level(u)).isEqualTo(20);

        fake.clearJournal();
        s.groups().delete(mid, s.ctx);
        assertThat(s.writes()).containsExactly("DELETE /api/v4/groups/acme%2Feng/members/" + u);
        assertThat(level(u)).isZero();
        // The deleted group is no member of Org any more; Leaf is untouched.
        assertThat(s.groups().get(org, s.ctx).orElseThrow().get("members").size()).isZero();
        assertThat(s.groups().get(leaf, s.ctx).orElseThrow().get("members").size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void theReconcilerFollowsNestedGroupsToo(FakeGitLab.Mode mode) {
        StateStore store = new InMemoryStateStore();
        Scim s = start(mode, b -> b.stateStore(store).driftPolicy(DriftPolicy.REVERT));
        List<String> u = users(s, "gus", "hal");
        String leaf = s.createGroupFrom(group("Leaf", List.of(u.get(0)), List.of())).id();
        String mid = s.createGroupFrom(group("Mid", List.of(u.get(1)), List.of(leaf))).id();
        s.createGroupFrom(group("Api", List.of(), List.of(mid)));
        assertThat(fake.projectMemberLevel(api, Long.parseLong(u.get(0)))).contains(40);
        assertThat(s.bridge.reconciler().plan().isEmpty()).isTrue();

        // Someone removes gus from the project by hand: drift, put back under REVERT.
        Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry()).projectMembers()
                .remove(ProjectRef.id(api), Long.parseLong(u.get(0)));
        ReconcilePlan plan = s.bridge.reconciler().plan();
        assertThat(plan.drift()).singleElement().asString().contains("user " + u.get(0)
                + " was removed from project acme/eng/api by hand");
        s.bridge.reconciler().apply(plan, s.ctx);
        assertThat(fake.projectMemberLevel(api, Long.parseLong(u.get(0)))).contains(40);

        // Another bridge on the same store maps the outer group differently: the reconciler brings every user the
        // nesting reaches to it, and only them.
        RoleMapping changed = RoleMapping.builder().project("Api", "acme/eng/api", AccessLevel.DEVELOPER).build();
        GitLabBridge.Builder b = GitLabBridge.builder().stateStore(store).roleMapping(changed).auditSink(e -> { });
        var rest = Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
        GitLabBridge other = (mode == FakeGitLab.Mode.SELF_MANAGED ? b.selfManaged(rest) : b.gitlabCom(rest,
                Scim.client(fake, fake.seedGroupScimToken(s.topGroupId), TokenHeader.BEARER, Scim.fastRetry()),
                "acme")).build();
        ReconcilePlan remap = other.reconciler().plan();
        assertThat(remap.changes()).extracting(Change::describe).containsExactlyInAnyOrder(
                "set " + u.get(0) + " in project acme/eng/api to DEVELOPER (pending change)",
                "set " + u.get(1) + " in project acme/eng/api to DEVELOPER (pending change)");
        other.reconciler().apply(remap, s.ctx);
        assertThat(fake.projectMemberLevel(api, Long.parseLong(u.get(1)))).contains(30);
        assertThat(other.reconciler().plan().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void theReconcilerBuildsDiamondsAndChainsFromTheStoreAlone(FakeGitLab.Mode mode) {
        StateStore store = new InMemoryStateStore();
        Scim s = start(mode, b -> b.stateStore(store));
        List<String> u = users(s, "dee", "fay");
        Instant now = Instant.now();
        // Groups written to the store only (say, restored from a backup): GitLab has none of their memberships.
        GroupRecord leads = new GroupRecord("leads", "Leads", Optional.empty(), Set.of(u.get(0)), 1, now,
                now);
        GroupRecord helpers = new GroupRecord("helpers", "Helpers", Optional.empty(), Set.of(u.get(0)), 1,
                now, now);
        GroupRecord leaf = new GroupRecord("leaf", "Leaf", Optional.empty(), Set.of(u.get(1)), 1, now, now);
        GroupRecord mid = new GroupRecord("mid", "Mid", Optional.empty(), Set.of(), Set.of("leaf"), 1, now,
                now);
        GroupRecord org = new GroupRecord("org", "Org", Optional.empty(), Set.of(),
                Set.of("leads", "helpers", "mid"), 1, now, now);
        for (GroupRecord g : List.of(leads, helpers, leaf, mid, org)) {
            assertThat(store.putGroup(g, 0)).isTrue();
        }
        ReconcilePlan plan = s.bridge.reconciler().plan();
        // dee is reached twice through Org and once through Leads: one add, at Maintainer; fay through the chain.
        assertThat(plan.changes()).extracting(Change::describe).containsExactlyInAnyOrder(
                "add [" + u.get(0) + "] to acme/eng as MAINTAINER", "add [" + u.get(1) + "] to acme/eng as REPORTER");
        s.bridge.reconciler().apply(plan, s.ctx);
        assertThat(level(u.get(0))).isEqualTo(40);
        assertThat(level(u.get(1))).isEqualTo(20);

        // The middle group leaves the chain: the reconciler removes what came through it.
        assertThat(store.putGroup(org.next("Org", Optional.empty(), Set.of(), Set.of("leads", "helpers"),
                now), 1)).isTrue();
        ReconcilePlan removal = s.bridge.reconciler().plan();
        assertThat(removal.changes()).extracting(Change::describe).containsExactly("remove " + u.get(1)
                + " from acme/eng");
        s.bridge.reconciler().apply(removal, s.ctx);
        assertThat(level(u.get(1))).isZero();

        // A cycle written around the bridge (which refuses to write one) ends every walk instead of looping.
        assertThat(store.putGroup(leaf.next("Leaf", Optional.empty(), Set.of(u.get(1)), Set.of("mid"),
                now), 1)).isTrue();
        assertThat(store.putGroup(mid.next("Mid", Optional.empty(), Set.of(), Set.of("leaf"), now), 1))
                .isTrue();
        assertThat(s.bridge.reconciler().plan().changes()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void membersAreToldApartByTypeRefOrLookup(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, "ida", "jon");
        String leads = s.createGroupFrom(group("Leads", List.of(u.get(0)), List.of())).id();
        // No type: looked up (a user, a group); a $ref without value names the member by its last segment.
        String org = s.createGroupFrom("{\"displayName\":\"Org\",\"members\":[{\"value\":\"" + leads + "\"},"
                + "{\"$ref\":\"https://idp.example/scim/v2/Users/" + u.get(1) + "\"}]}").id();
        JsonNode members = s.groups().get(org, s.ctx).orElseThrow().get("members");
        assertThat(members).hasSize(2);
        assertThat(members.findValuesAsText("type")).containsExactlyInAnyOrder("Group", "User");
        assertThat(level(u.get(1))).isEqualTo(20);
        assertThat(level(u.get(0))).isEqualTo(40);
        invalid(() -> s.patchGroup(org, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + u.get(0) + "\",\"type\":\"Robot\"}]}]"), "members[", ".type must be User or Group");
        invalid(() -> s.patchGroup(org, addGroup("no-such-group")), "no user or group with id \"no-such-group\"");
        invalid(() -> s.patchGroup(org, addUser("no-such-id")), "no user or group with id \"no-such-id\"");
        invalid(() -> s.patchGroup(org, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + leads
                + "\",\"type\":\"User\"}]}]"), "no user with id");
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void rejectKeepsGroupsOutOfGroups(FakeGitLab.Mode mode) {
        Scim s = start(mode, b -> b.nestedGroupPolicy(NestedGroupPolicy.REJECT));
        String u = users(s, "kai").get(0);
        String leads = s.createGroupFrom(group("Leads", List.of(u), List.of())).id();
        fake.clearJournal();
        invalid(() -> s.createGroupFrom(group("Org", List.of(), List.of(leads))), "is a group",
                "NestedGroupPolicy.REJECT");
        // Told apart by lookup as well: an untyped group id is refused the same way.
        invalid(() -> s.createGroup("Org", leads), "is a group");
        assertThat(fake.journal()).isEmpty();
        assertThat(s.createGroup("Org", u).get("members").size()).isEqualTo(1);
    }

    @Test
    void depthAndFanOutAreBounded() {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, b -> b.nestedGroupLimits(new NestedGroupLimits(3, 2)));
        String a = s.createGroupFrom(group("A", List.of(), List.of())).id();
        String b = s.createGroupFrom(group("B", List.of(), List.of(a))).id();
        String c = s.createGroupFrom(group("C", List.of(), List.of(b))).id();
        // C -> B -> A is three levels: one more, above or below, is refused.
        invalid(() -> s.createGroupFrom(group("D", List.of(), List.of(c))), "chain of 4 nested groups", "at most 3",
                "maxDepth");
        String z = s.createGroupFrom(group("Z", List.of(), List.of())).id();
        invalid(() -> s.patchGroup(a, addGroup(z)), "chain of 4", "maxDepth");
        String x = s.createGroupFrom(group("X", List.of(), List.of())).id();
        String y = s.createGroupFrom(group("Y", List.of(), List.of())).id();
        invalid(() -> s.createGroupFrom(group("W", List.of(), List.of(x, y, z))), "3 member groups", "at most 2",
                "maxMemberGroups");
        assertThat(s.createGroupFrom(group("W", List.of(), List.of(x, y))).get("members").size()).isEqualTo(2);
        assertThatThrownBy(() -> new NestedGroupLimits(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NestedGroupLimits.defaults()).isEqualTo(new NestedGroupLimits(10, 500));
    }

    @Test
    void overHttpAGroupMemberIsTypedAndACycleIsA400() throws Exception {
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, UnaryOperator.identity());
        String u = users(s, "lou").get(0);
        try (Idp idp = new Idp(s.bridge)) {
            Idp.Answer leads = idp.send("POST", "/Groups", group("Leads", List.of(u), List.of()));
            assertThat(leads.status()).isEqualTo(201);
            String leadsId = JSON.readTree(leads.body()).path("id").asText();
            Idp.Answer org = idp.send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                    + "Group\"],\"displayName\":\"Org\",\"members\":[{\"value\":\"" + leadsId + "\",\"type\":"
                    + "\"Group\",\"$ref\":\"../Groups/" + leadsId + "\"}]}");
            assertThat(org.status()).isEqualTo(201);
            assertThat(org.body()).contains("\"type\":\"Group\"");
            String orgId = JSON.readTree(org.body()).path("id").asText();
            Idp.Answer cycle = idp.send("PATCH", "/Groups/" + leadsId, "{\"schemas\":[\"urn:ietf:params:scim:api:"
                    + "messages:2.0:PatchOp\"],\"Operations\":" + addGroup(orgId) + "}");
            assertThat(cycle.status()).isEqualTo(400);
            assertThat(cycle.body()).contains("\"scimType\":\"invalidValue\"", "\"status\":\"400\"",
                    "\\\"Leads\\\" -> \\\"Org\\\" -> \\\"Leads\\\"");
            assertThat(level(u)).isEqualTo(40);
        }
    }
}
