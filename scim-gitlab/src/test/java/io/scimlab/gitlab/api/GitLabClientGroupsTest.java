package io.scimlab.gitlab.api;

import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.junit.FakeGitLabExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.AccessToken;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabException;
import io.scimlab.gitlab.api.GitLabGroup;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.Member;
import io.scimlab.gitlab.api.MembershipSpec;
import io.scimlab.gitlab.api.NewAccessToken;
import io.scimlab.gitlab.api.NewServiceAccount;
import io.scimlab.gitlab.api.SamlGroupLink;
import io.scimlab.gitlab.api.ServiceAccount;
import io.scimlab.gitlab.api.TokenHeader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitLabClientGroupsTest {
    // Custom roles are a licensed feature: without it GitLab drops member_role_id silently, so the tests that send
    // one run against a fake with the licence and roles seeded in the group's hierarchy.
    private static FakeGitLab fake;
    private GitLabClient client;
    private long acme;
    private long eng;
    private long backend;

    @BeforeAll
    static void start() {
        fake = FakeGitLab.builder().customRoles(true).start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        client = Clients.admin(fake, new FakeTime());
        String suffix = Long.toString(System.nanoTime());
        acme = fake.seedGroup("acme" + suffix);
        eng = fake.seedSubgroup(acme, "eng");
        backend = fake.seedSubgroup(eng, "backend");
        fake.clearJournal();
    }

    @Test
    void readsGroupsByIdAndEncodedFullPath() {
        GitLabGroup byId = client.groups().get(GroupRef.id(backend));
        String fullPath = byId.fullPath();
        assertThat(fullPath).endsWith("/eng/backend");
        assertThat(byId.parentId()).contains(eng);
        assertThat(client.groups().get(GroupRef.path(fullPath))).isEqualTo(byId);
        assertThat(fake.journal().get(1).path()).isEqualTo("/api/v4/groups/" + fullPath.replace("/", "%2F"));
        assertThat(client.groups().find(GroupRef.path("no/such/group"))).isEmpty();
        assertThat(client.groups().subgroups(GroupRef.id(acme)).map(GitLabGroup::id)).containsExactly(eng);
        assertThat(client.groups().descendants(GroupRef.id(acme)).map(GitLabGroup::id)).containsExactly(eng, backend);
        GitLabGroup created = client.groups().createSubgroup(eng, "Frontend", "frontend");
        assertThat(created.fullPath()).isEqualTo(client.groups().get(GroupRef.id(eng)).fullPath() + "/frontend");
    }

    @Test
    void managesMembersWithInheritanceAndHighestLevelWins() {
        long ann = fake.seedUser("ann" + acme, "ann" + acme + "@example.com");
        long ben = fake.seedUser("ben" + acme, "ben" + acme + "@example.com");
        long cat = fake.seedUser("cat" + acme, "cat" + acme + "@example.com");
        long role = fake.seedMemberRole(acme, "Release manager", 40);
        client.members().add(GroupRef.id(acme), ann, MembershipSpec.of(AccessLevel.REPORTER));
        Member m = client.members().add(GroupRef.id(backend), ann, MembershipSpec.of(AccessLevel.MAINTAINER)
                .expiringAt(LocalDate.of(2030, 1, 31)).withMemberRole(role));
        assertThat(m.accessLevel()).isEqualTo(AccessLevel.MAINTAINER);
        assertThat(m.expiresAt()).contains(LocalDate.of(2030, 1, 31));
        assertThat(m.memberRoleId()).contains(role);

        client.members().addAll(GroupRef.id(eng), List.of(ben, cat), MembershipSpec.of(AccessLevel.DEVELOPER));
        assertThat(fake.journal("POST", ".*/members").get(2).body()).contains("\"user_id\":\"" + ben + "," + cat);

        assertThat(client.members().list(GroupRef.id(backend)).map(Member::userId)).containsExactly(ann);
        Map<Long, AccessLevel> all = client.members().listAll(GroupRef.id(backend))
                .collect(Collectors.toMap(Member::userId, Member::accessLevel));
        assertThat(all).containsEntry(ann, AccessLevel.MAINTAINER).containsEntry(ben, AccessLevel.DEVELOPER)
                .containsEntry(cat, AccessLevel.DEVELOPER);

        assertThatThrownBy(() -> client.members().add(GroupRef.id(backend), ben, MembershipSpec.of(AccessLevel.GUEST)))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitLabException.Kind.VALIDATION);
                    assertThat(e.fieldErrors()).containsKey("access_level");
                });
        assertThatThrownBy(() -> client.members().add(GroupRef.id(eng), ben, MembershipSpec.of(AccessLevel.OWNER)))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitLabException.Kind.CONFLICT);
                    assertThat(e.gitlabMessage()).isEqualTo("Member already exists");
                });

        assertThat(client.members().edit(GroupRef.id(eng), ben, MembershipSpec.of(AccessLevel.OWNER)).accessLevel())
                .isEqualTo(AccessLevel.OWNER);
        assertThat(client.members().find(GroupRef.id(eng), ben)).map(Member::accessLevel).contains(AccessLevel.OWNER);

        client.members().add(GroupRef.id(backend), cat, MembershipSpec.of(AccessLevel.MAINTAINER));
        client.members().remove(GroupRef.id(eng), cat, true);
        assertThat(fake.memberLevel(backend, cat)).contains(40);
        client.members().add(GroupRef.id(eng), cat, MembershipSpec.of(AccessLevel.DEVELOPER));
        client.members().remove(GroupRef.id(eng), cat);
        assertThat(fake.memberLevel(backend, cat)).isEmpty();
        assertThat(client.members().find(GroupRef.id(eng), cat)).isEmpty();
        assertThatThrownBy(() -> client.members().remove(GroupRef.id(eng), cat))
                .isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.gitlabMessage()).isEqualTo("404 Not found"));
    }

    @Test
    void managesSamlGroupLinks() {
        long role = fake.seedMemberRole(acme, "Lead", 40);
        client.samlGroupLinks().create(GroupRef.id(eng), SamlGroupLink.of("Engineers", AccessLevel.DEVELOPER));
        client.samlGroupLinks().create(GroupRef.id(eng), new SamlGroupLink("Leads", AccessLevel.MAINTAINER,
                Optional.of(role)));
        assertThat(client.samlGroupLinks().list(GroupRef.id(eng))).extracting(SamlGroupLink::name)
                .containsExactly("Engineers", "Leads");
        assertThat(client.samlGroupLinks().find(GroupRef.id(eng), "Leads")).map(SamlGroupLink::memberRoleId)
                .contains(Optional.of(role));
        client.samlGroupLinks().delete(GroupRef.id(eng), "Engineers");
        assertThat(client.samlGroupLinks().find(GroupRef.id(eng), "Engineers")).isEmpty();
    }

    @Test
    void managesServiceAccountsAndRotatesTokens() {
        ServiceAccount sa = client.serviceAccounts().create(GroupRef.id(acme), NewServiceAccount.of("Bridge",
                "bridge" + acme));
        assertThat(client.serviceAccounts().list(GroupRef.id(acme))).containsExactly(sa);
        AccessToken token = client.accessTokens().createServiceAccount(GroupRef.id(acme), sa.id(),
                new NewAccessToken("ci", List.of("api"), Optional.of(LocalDate.now().plusDays(30))));
        assertThat(token.token()).isPresent();
        assertThat(token.toString()).doesNotContain(token.token().get());
        assertThat(fake.tokenActive(token.token().get())).isTrue();

        AccessToken rotated = client.accessTokens().rotateServiceAccount(GroupRef.id(acme), sa.id(), token.id(),
                Optional.empty());
        assertThat(rotated.id()).isNotEqualTo(token.id());
        assertThat(fake.tokenActive(token.token().get())).isFalse();
        assertThat(fake.tokenActive(rotated.token().get())).isTrue();
        assertThat(client.accessTokens().listServiceAccount(GroupRef.id(acme), sa.id()).filter(AccessToken::active)
                .map(AccessToken::id)).containsExactly(rotated.id());

        // The rotated token works; rotating it through "self" revokes it in turn.
        GitLabClient asBot = GitLabClient.builder().baseUrl(fake.baseUrl()).token(rotated.token().get()).build();
        AccessToken own = asBot.accessTokens().rotateOwn(Optional.empty());
        assertThat(fake.tokenActive(rotated.token().get())).isFalse();
        assertThat(fake.tokenActive(own.token().get())).isTrue();
        assertThatThrownBy(() -> asBot.users().get(1)).isInstanceOfSatisfying(GitLabException.class,
                e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));

        client.accessTokens().revokeServiceAccount(GroupRef.id(acme), sa.id(), own.id());
        assertThat(fake.tokenActive(own.token().get())).isFalse();
        client.serviceAccounts().delete(GroupRef.id(acme), sa.id(), true);
        assertThat(client.serviceAccounts().list(GroupRef.id(acme))).isEmpty();
        assertThatThrownBy(() -> client.serviceAccounts().create(GroupRef.id(eng), NewServiceAccount.of("x", "y")))
                .isInstanceOf(GitLabException.class);
    }

    @Test
    void rotatesPersonalAndGroupAccessTokens() {
        long dana = fake.seedUser("dana" + acme, "dana" + acme + "@example.com");
        String pat = fake.seedToken(dana);
        GitLabClient asDana = GitLabClient.builder().baseUrl(fake.baseUrl()).token(pat)
                .tokenHeader(TokenHeader.BEARER).build();
        AccessToken next = asDana.accessTokens().rotateOwn(Optional.of(LocalDate.now().plusDays(7)));
        assertThat(next.expiresAt()).contains(LocalDate.now().plusDays(7));
        assertThat(fake.tokenActive(pat)).isFalse();
        AccessToken again = client.accessTokens().rotatePersonal(next.id(), Optional.empty());
        assertThat(fake.tokenActive(next.token().get())).isFalse();
        // Rotating a revoked token by id is a 400 and nothing else (RotateService: "Token already revoked"); its
        // successor keeps working.
        assertThatThrownBy(() -> client.accessTokens().rotatePersonal(next.id(), Optional.empty()))
                .isInstanceOfSatisfying(GitLabException.class, e -> {
                    assertThat(e.kind()).isEqualTo(GitLabException.Kind.VALIDATION);
                    assertThat(e.gitlabMessage()).isEqualTo("400 Bad request - Token already revoked");
                });
        assertThat(fake.tokenActive(again.token().get())).isTrue();
        // Presenting the revoked token itself on a rotate path is reuse: GitLab revokes the whole family.
        GitLabClient withRevoked = GitLabClient.builder().baseUrl(fake.baseUrl()).token(next.token().get())
                .build();
        assertThatThrownBy(() -> withRevoked.accessTokens().rotateOwn(Optional.empty()))
                .isInstanceOfSatisfying(GitLabException.class,
                        e -> assertThat(e.kind()).isEqualTo(GitLabException.Kind.UNAUTHORIZED));
        assertThat(fake.tokenActive(again.token().get())).isFalse();
        assertThat(client.accessTokens().listGroup(GroupRef.id(acme))).isEmpty();
    }

    @Test
    void readsAuditEvents() {
        long eve = fake.seedUser("eve" + acme, "eve" + acme + "@example.com");
        client.members().add(GroupRef.id(eng), eve, MembershipSpec.of(AccessLevel.GUEST));
        client.members().remove(GroupRef.id(eng), eve);
        List<GitLabAuditEvent> groupEvents = client.auditEvents().listGroup(GroupRef.id(acme)).toList();
        // Newest first: GitLab's only keyset order for audit events (anything else is a 405).
        assertThat(groupEvents).extracting(e -> e.eventName().orElse(""))
                .containsExactly("member_destroyed", "member_created");
        assertThat(groupEvents.get(1).details().path("target_id").asLong()).isEqualTo(eve);
        assertThat(client.auditEvents().list().count()).isGreaterThanOrEqualTo(2);
        assertThat(fake.journal("GET", "/api/v4/audit_events").get(0).query()).contains("pagination=keyset",
                "order_by=id", "sort=desc");
    }
}
