package io.scimlab.gitlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's project views: {@code projects()} and {@code projectMembers()}, the members calls on projects. */
class GitLabClientProjectsTest {
    private static FakeGitLab fake;
    private GitLabClient client;
    private String top;
    private long eng;
    private long api;
    private long ann;
    private long bob;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.selfManaged();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        client = Clients.admin(fake, new FakeTime());
        top = "acme" + System.nanoTime();
        eng = fake.seedSubgroup(fake.seedGroup(top), "eng");
        api = fake.seedProject(eng, "api");
        ann = fake.seedUser("ann" + System.nanoTime(), "ann" + System.nanoTime() + "@example.com");
        bob = fake.seedUser("bob" + System.nanoTime(), "bob" + System.nanoTime() + "@example.com");
        fake.clearJournal();
    }

    @Test
    void projectsByPathAndId() {
        GitLabProject p = client.projects().get(ProjectRef.path(top + "/eng/api"));
        assertThat(p).isEqualTo(new GitLabProject(api, "api", "api", top + "/eng/api", eng));
        assertThat(client.projects().find(p.ref())).contains(p);
        assertThat(client.projects().find(ProjectRef.path(top + "/eng/nope"))).isEmpty();
        assertThatThrownBy(() -> client.projects().get(ProjectRef.id(999_999)))
                .isInstanceOfSatisfying(GitLabException.class, e -> assertThat(e.kind())
                        .isEqualTo(GitLabException.Kind.NOT_FOUND));
        assertThat(fake.journal().stream().map(JournalEntry::path)).first()
                .isEqualTo("/api/v4/projects/" + top + "%2Feng%2Fapi");
    }

    @Test
    void membersAreAddedEditedListedAndRemovedOnTheProjectsPath() {
        ProjectRef ref = ProjectRef.path(top + "/eng/api");
        MembershipSpec dev = MembershipSpec.of(AccessLevel.DEVELOPER).expiringAt(LocalDate.of(2030, 1, 31));
        Member added = client.projectMembers().add(ref, ann, dev);
        assertThat(added.accessLevel()).isEqualTo(AccessLevel.DEVELOPER);
        assertThat(added.expiresAt()).contains(LocalDate.of(2030, 1, 31));
        assertThat(fake.projectMemberLevel(api, ann)).contains(30);
        assertThat(client.projectMembers().find(ref, ann)).map(Member::accessLevel).contains(AccessLevel.DEVELOPER);
        assertThat(client.projectMembers().edit(ref, ann, MembershipSpec.of(AccessLevel.MAINTAINER)).accessLevel())
                .isEqualTo(AccessLevel.MAINTAINER);
        assertThat(client.projectMembers().addAll(ref, List.of(bob), MembershipSpec.of(AccessLevel.REPORTER))
                .complete()).isTrue();
        assertThat(client.projectMembers().list(ref).collect(Collectors.toMap(Member::userId, Member::accessLevel)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(ann, AccessLevel.MAINTAINER, bob, AccessLevel.REPORTER));
        client.projectMembers().remove(ref, bob);
        assertThat(fake.projectMemberLevel(api, bob)).isEmpty();
        assertThat(client.projectMembers().find(ref, bob)).isEmpty();
        // The project paths, never the groups' (a project and a group may not share a path, but the API differs).
        assertThat(fake.journal()).allSatisfy(e -> assertThat(e.path()).startsWith("/api/v4/projects/"));
        assertThat(fake.journal("DELETE", ".*")).singleElement().satisfies(e -> assertThat(e.path())
                .isEqualTo("/api/v4/projects/" + top + "%2Feng%2Fapi/members/" + bob));
    }

    @Test
    void inheritedMembersShowTheEffectiveLevelAndALowerDirectOneIsRefused() {
        fake.seedMember(eng, ann, 40);
        ProjectRef ref = ProjectRef.id(api);
        assertThat(client.projectMembers().find(ref, ann)).isEmpty();
        assertThat(client.projectMembers().findInherited(ref, ann)).map(Member::accessLevel)
                .contains(AccessLevel.MAINTAINER);
        assertThat(client.projectMembers().listAll(ref).map(Member::userId)).contains(ann);
        assertThatThrownBy(() -> client.projectMembers().add(ref, ann, MembershipSpec.of(AccessLevel.DEVELOPER)))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitLabException.Kind.VALIDATION);
                    assertThat(e.fieldErrors().get("access_level")).singleElement().asString()
                            .contains("inherited membership from group eng");
                });
        assertThat(fake.projectMemberLevel(api, ann)).isEmpty();
    }
}
