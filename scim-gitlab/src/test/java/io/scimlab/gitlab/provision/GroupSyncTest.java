package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.patch.PatchEngine;
import io.scimlab.core.patch.PatchOptions;
import io.scimlab.core.patch.PatchResult;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.core.server.QueryResult;
import io.scimlab.core.server.ResourceUpdate;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Group sync with role mapping, in both targets: GitLab's memberships and the exact member calls. */
class GroupSyncTest {
    static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
            .group("Eng Leads", "acme/eng", AccessLevel.MAINTAINER)
            .group("Everyone", "acme/all", AccessLevel.REPORTER)
            .rule("gitlab-(?<path>.+)-(?<role>developer|maintainer)", "acme/")
            .build();

    private FakeGitLab fake;
    private long eng;
    private long ops;
    private long all;

    @AfterEach
    void stop() {
        fake.close();
    }

    private Scim start(FakeGitLab.Mode mode, UnaryOperator<io.scimlab.gitlab.provision.GitLabBridge.Builder> c) {
        fake = FakeGitLab.builder().mode(mode).start();
        Scim s = Scim.of(fake, b -> c.apply(b.roleMapping(MAPPING)));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        eng = fake.seedSubgroup(acme, "eng");
        ops = fake.seedSubgroup(acme, "ops");
        all = fake.seedSubgroup(acme, "all");
        return s;
    }

    private List<String> users(Scim s, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(s.createUser("u" + i, "u" + i + "@example.com", "ext-u" + i).id());
        }
        return ids;
    }

    private int level(long group, String userId) {
        return fake.memberLevel(group, Long.parseLong(userId)).orElse(0);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void addingNMembersAtOneLevelIsOneCall(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 4);
        String g = s.createGroup("Engineering").id();
        // A large group already: 250 members added by hand, which the reads around a batch need not page through.
        fake.seedUsers("crowd", 250).forEach(id -> fake.seedMember(eng, id, 20));
        fake.clearJournal();
        s.patchGroup(g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0) + "\"},"
                + "{\"value\":\"" + u.get(1) + "\"},{\"value\":\"" + u.get(2) + "\"}]}]");
        assertThat(s.writes()).containsExactly("POST /api/v4/groups/acme%2Feng/members");
        // Which of these users are direct members first (GitLab's batch add would re-assign their level), and again
        // after (it also skips users it could not add): only the users it holds are marked as managed. Both reads
        // ask for these users only (user_ids), one page whatever the group's size.
        String among = "user_ids=" + u.get(0) + "%2C" + u.get(1) + "%2C" + u.get(2) + "&per_page=100";
        assertThat(fake.journal()).extracting(e -> e.method() + " " + e.path() + "?" + e.query()).containsExactly(
                "GET /api/v4/groups/acme%2Feng/members?" + among, "POST /api/v4/groups/acme%2Feng/members?",
                "GET /api/v4/groups/acme%2Feng/members?" + among);
        assertThat(u.subList(0, 3)).allSatisfy(id -> assertThat(level(eng, id)).isEqualTo(30));
        assertThat(level(eng, u.get(3))).isZero();

        fake.clearJournal();
        s.patchGroup(g, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(0) + "\\\"]\"},"
                + "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(1) + "\"}]}]");
        assertThat(s.writes()).containsExactlyInAnyOrder(
                "DELETE /api/v4/groups/acme%2Feng/members/" + u.get(0),
                "DELETE /api/v4/groups/acme%2Feng/members/" + u.get(1));
        assertThat(level(eng, u.get(0))).isZero();
        assertThat(level(eng, u.get(2))).isEqualTo(30);

        fake.clearJournal();
        s.patchGroup(g, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Engineering\"}]");
        assertThat(fake.journal()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void effectiveAccessIsTheHighestMappedLevel(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, 1).get(0);
        String devs = s.createGroup("Engineering", u).id();
        assertThat(level(eng, u)).isEqualTo(30);
        String leads = s.createGroup("Eng Leads").id();
        fake.clearJournal();
        s.patchGroup(leads, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}]");
        assertThat(s.writes()).containsExactly("PUT /api/v4/groups/acme%2Feng/members/" + u);
        assertThat(level(eng, u)).isEqualTo(40);
        s.patchGroup(leads, "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertThat(level(eng, u)).isEqualTo(30);
        s.patchGroup(devs, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]");
        assertThat(level(eng, u)).isZero();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void patternRulesAndUnmappedGroups(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, 1).get(0);
        s.createGroup("gitlab-ops-maintainer", u);
        assertThat(level(ops, u)).isEqualTo(40);
        fake.clearJournal();
        ScimResource unmapped = s.createGroup("Marketing", u);
        assertThat(fake.journal()).isEmpty();
        assertThat(s.groups().get(unmapped.id(), s.ctx)).isPresent();
        fake.close();
        Scim strict = start(mode, b -> b.roleMapping(RoleMapping.builder().unmapped(RoleMapping.Unmapped.REJECT)
                .build()));
        assertThatThrownBy(() -> strict.createGroup("Marketing"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void unmanagedMembershipsAreNeverTouched(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 2);
        fake.seedMember(eng, Long.parseLong(u.get(0)), 50); // an Owner added by hand
        String g = s.createGroup("Engineering", u.get(0), u.get(1)).id();
        assertThat(level(eng, u.get(0))).isEqualTo(50);
        assertThat(level(eng, u.get(1))).isEqualTo(30);
        s.groups().delete(g, s.ctx);
        assertThat(level(eng, u.get(0))).isEqualTo(50);
        assertThat(level(eng, u.get(1))).isZero();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void staleVersionIsAConflict(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        List<String> u = users(s, 2);
        String g = s.createGroup("Engineering").id();
        ScimResource before = s.groups().get(g, s.ctx).orElseThrow();
        s.patchGroup(g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0) + "\"}]}]");
        PatchEngine engine = PatchEngine.of(Scim.REGISTRY, Scim.REGISTRY.requireResourceType("Group"),
                PatchOptions.lenient());
        PatchResult r = engine.apply(before, ("{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":"
                + "[{\"value\":\"" + u.get(1) + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> s.groups().update(ResourceUpdate.patch(g, before, r),
                s.ctx)).isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(412));
        assertThat(level(eng, u.get(1))).isZero();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void nestedGroupsAreFlattened(FakeGitLab.Mode mode) {
        fake = FakeGitLab.builder().mode(mode).start();
        RoleMapping nested = RoleMapping.builder().group("Parent", "acme/eng", AccessLevel.MAINTAINER)
                .group("Child", "acme/eng/api", AccessLevel.DEVELOPER)
                .group("ChildOwners", "acme/eng/api", AccessLevel.OWNER).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(nested));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        long engId = fake.seedSubgroup(acme, "eng");
        long api = fake.seedSubgroup(engId, "api");
        String u = users(s, 1).get(0);
        s.createGroup("Parent", u);
        s.createGroup("Child", u);
        assertThat(level(engId, u)).isEqualTo(40);
        assertThat(level(api, u)).as("no direct membership lower than the inherited one").isZero();
        s.createGroup("ChildOwners", u);
        assertThat(level(api, u)).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void rejectedSingleAddIsAnErrorUnlessBelowAnInheritedMembership(FakeGitLab.Mode mode) {
        Scim s = start(mode, UnaryOperator.identity());
        String u = users(s, 1).get(0);
        String g = s.createGroup("Everyone").id();
        fake.inject(io.scimlab.testkit.gitlab.Fault.status(400,
                "{\"message\":{\"access_level\":[\"is not included in the list\"]}}")
                .on("POST", ".*/groups/acme%2Fall/members").times(1));
        assertThatThrownBy(() -> s.patchGroup(g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + u + "\"}]}]")).isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("is not included in the list");
                });
        assertThat(level(all, u)).isZero();
        // The same add goes through once GitLab accepts it: nothing was recorded as covered.
        s.patchGroup(g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}]");
        assertThat(level(all, u)).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(RoleMapping.Unmapped.class)
    void unknownRoleInADisplayNameIsUnmappedNotA500(RoleMapping.Unmapped unmapped) {
        fake = FakeGitLab.selfManaged();
        RoleMapping m = RoleMapping.builder().rule("gl-(?<path>[a-z]+)-(?<role>\\w+)", "acme/")
                .unmapped(unmapped).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(m));
        long engId = fake.seedSubgroup(fake.seedGroup("acme"), "eng");
        String u = users(s, 1).get(0);
        if (unmapped == RoleMapping.Unmapped.REJECT) {
            assertThatThrownBy(() -> s.createGroup("gl-eng-superuser", u)).isInstanceOfSatisfying(
                    ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
        } else {
            s.createGroup("gl-eng-superuser", u);
        }
        assertThat(level(engId, u)).isZero();
        s.createGroup("gl-eng-maintainer", u);
        assertThat(level(engId, u)).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void deprovisionedUsersLoseMemberships(FakeGitLab.Mode mode) {
        Scim s = start(mode, b -> b.deprovisionPolicy(io.scimlab.gitlab.provision.DeprovisionPolicy
                .REMOVE_MEMBERSHIPS));
        String u = users(s, 1).get(0);
        s.createGroup("Engineering", u);
        s.patchUser(u, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(level(eng, u)).isZero();
        assertThat(fake.userState(Long.parseLong(u))).contains("active");
        s.patchUser(u, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]");
        assertThat(level(eng, u)).isEqualTo(30);
        QueryResult q = s.groups().query(SelfManagedUserProviderTest.query("displayName eq \"engineering\""),
                s.ctx);
        assertThat(q.filtered()).isTrue();
        assertThat(q.resources().toList()).hasSize(1);
    }
}
