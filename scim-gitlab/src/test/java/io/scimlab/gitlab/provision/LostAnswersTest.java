package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scimlab.core.error.ScimException;
import io.scimlab.core.resource.ScimResource;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.api.UserQuery;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.PendingWrite;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.InjectedFault;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, defect 2: a GitLab write whose answer is lost (and whose confirming reads fail too) must not become
 * someone else's membership or account on the IdP's retry, and a later removal must reach it. The write is recorded
 * as pending before it is sent; the retry recognises it.
 */
class LostAnswersTest {
    private FakeGitLab fake;
    private long eng;
    private long all;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private Scim start(UnaryOperator<GitLabBridge.Builder> config) {
        fake = FakeGitLab.selfManaged();
        Scim s = Scim.of(fake, b -> config.apply(b.roleMapping(GroupSyncTest.MAPPING)));
        long acme = fake.seedGroup("acme");
        eng = fake.seedSubgroup(acme, "eng");
        all = fake.seedSubgroup(acme, "all");
        return s;
    }

    private GitLabClient admin() {
        return Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry());
    }

    private static String add(String id) {
        return "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}]";
    }

    private static String remove(String id) {
        return "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}]";
    }

    /** GitLab processes the write, its answer is dropped, and every read that could confirm it fails. */
    private List<InjectedFault> loseTheAnswer(String method, String writePath, String confirmPath) {
        return List.of(fake.inject(Fault.dropResponse().on(method, writePath).times(1)),
                fake.inject(Fault.status(503).on("GET", confirmPath)));
    }

    private static void heal(List<InjectedFault> faults) {
        faults.forEach(InjectedFault::remove);
    }

    private void assertAnswerWasLostAfterGitLabProcessedIt(String method, String pathRegex) {
        assertThat(fake.journal(method, pathRegex)).first().satisfies(e -> {
            assertThat(e.processed()).isTrue();
            assertThat(e.answered()).isFalse();
        });
    }

    @Test
    void aMemberAddWhoseAnswerIsLostIsTheBridgesOwnOnRetryAndLeavesWithARemoval() {
        Scim s = start(UnaryOperator.identity());
        String u = s.createUser("ann", "ann@example.com", "ext-ann").id();
        String g = s.createGroup("Engineering").id();
        List<InjectedFault> lost = loseTheAnswer("POST", ".*/groups/acme%2Feng/members", ".*/members/" + u);
        assertThatThrownBy(() -> s.patchGroup(g, add(u)))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertAnswerWasLostAfterGitLabProcessedIt("POST", ".*/groups/acme%2Feng/members");
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).contains(30);
        heal(lost);

        // The IdP retries: GitLab answers 409 "Member already exists", which is the bridge's own write.
        s.patchGroup(g, add(u));
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(u))).extracting(m -> m.path())
                .containsExactly("acme/eng");
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).isEmpty();

        // ... so removing the user from the group reaches GitLab.
        s.patchGroup(g, remove(u));
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).isEmpty();
    }

    @Test
    void aDeleteOfTheUserReachesAMembershipWhoseAddWasNeverConfirmed() {
        Scim s = start(UnaryOperator.identity());
        String u = s.createUser("bob", "bob@example.com", "ext-bob").id();
        String g = s.createGroup("Engineering").id();
        List<InjectedFault> lost = loseTheAnswer("POST", ".*/groups/acme%2Feng/members", ".*/members/" + u);
        assertThatThrownBy(() -> s.patchGroup(g, add(u))).isInstanceOf(ScimException.class);
        heal(lost);
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).extracting(PendingWrite::key)
                .containsExactly(u + " acme/eng");

        // The IdP gives up on the add and deletes the user: the membership GitLab holds goes too.
        s.users().delete(u, s.ctx);
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).isEmpty();
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.MEMBER)).isEmpty();
    }

    @Test
    void theReconcilerRemovesAMembershipWhoseAddWasNeverConfirmedAndIsNotWanted() {
        Scim s = start(UnaryOperator.identity());
        String u = s.createUser("cat", "cat@example.com", "ext-cat").id();
        String g = s.createGroup("Engineering").id();
        List<InjectedFault> lost = loseTheAnswer("POST", ".*/groups/acme%2Feng/members", ".*/members/" + u);
        assertThatThrownBy(() -> s.patchGroup(g, add(u))).isInstanceOf(ScimException.class);
        heal(lost);
        s.bridge.reconciler().reconcile(s.ctx);
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).isEmpty();
        assertThat(s.bridge.reconciler().plan().changes()).isEmpty();
    }

    @Test
    void aLevelChangeWhoseAnswerIsLostIsNotLeftBehindWhenTheUserIsPlannedAgain() {
        Scim s = start(UnaryOperator.identity());
        String u = s.createUser("dan", "dan@example.com", "ext-dan").id();
        s.createGroup("Engineering", u);
        String leads = s.createGroup("Eng Leads").id();
        // Developer -> Maintainer: GitLab applies every attempt, the bridge hears none of them.
        List<InjectedFault> lost = List.of(fake.inject(Fault.dropResponse().on("PUT", ".*/members/" + u)));
        assertThatThrownBy(() -> s.patchGroup(leads, add(u))).isInstanceOf(ScimException.class);
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).contains(40);
        heal(lost);

        // The IdP does not retry (the user left Eng Leads meanwhile); the next change for the user sets GitLab back
        // to what the store wants, instead of trusting the Developer marker.
        String everyone = s.createGroup("Everyone").id();
        s.patchGroup(everyone, add(u));
        assertThat(fake.memberLevel(eng, Long.parseLong(u))).contains(30);
        assertThat(fake.memberLevel(all, Long.parseLong(u))).contains(20);
        assertThat(s.bridge.reconciler().plan().drift()).isEmpty();
    }

    @Test
    void aUserCreatedWithoutExternalIdWhoseAnswerIsLostIsRecognisedOnRetry() {
        // Linking by email off, as by default: the retry must not mistake the bridge's own account for another's.
        Scim s = start(b -> b.existingUserPolicy(ExistingUserPolicy.CONFLICT));
        String body = "{\"userName\":\"eve@example.com\",\"name\":{\"givenName\":\"Eve\",\"familyName\":\"E\"}}";
        // The bridge creates at once (write first); the answer is lost and so is the confirming lookup.
        List<InjectedFault> lost = List.of(fake.inject(Fault.dropResponse().on("POST", "/api/v4/users").times(1)),
                fake.inject(Fault.status(503).on("GET", "/api/v4/users")));
        assertThatThrownBy(() -> s.createUser(body))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertAnswerWasLostAfterGitLabProcessedIt("POST", "/api/v4/users");
        heal(lost);

        ScimResource again = s.createUser(body);
        try (Stream<GitLabUser> eves = admin().users().list(UserQuery.search("eve@example.com"))) {
            assertThat(eves.map(GitLabUser::id).toList()).containsExactly(Long.parseLong(again.id()));
        }
        assertThat(s.bridge.stateStore().pendingOfKind(PendingWrites.ACCOUNT)).isEmpty();
        assertThat(s.audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.REFUSED);
        // Another create with the address now is someone else's: refused.
        assertThatThrownBy(() -> s.createUser(body.replace("eve@example.com\"", "eve@example.com\",\"externalId\":"
                + "\"x\""))).isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void aServiceAccountWhoseAnswerIsLostIsNotCreatedTwice() {
        Scim s = start(UnaryOperator.identity());
        String body = "{\"userName\":\"deploy-bot\",\"externalId\":\"ext-bot\",\"userType\":\"ServiceAccount\"}";
        List<InjectedFault> lost = loseTheAnswer("POST", "/api/v4/service_accounts", "/api/v4/service_accounts");
        assertThatThrownBy(() -> s.createUser(body)).isInstanceOf(ScimException.class);
        heal(lost);
        String id = s.createUser(body).id();
        try (var accounts = admin().serviceAccounts().list()) {
            assertThat(accounts.map(a -> a.username()).toList()).containsExactly("deploy-bot");
        }
        assertThat(fake.serviceAccountKind(Long.parseLong(id))).isPresent();
    }

    @Test
    void aBatchAddNeverDemotesAManualOwnerEvenWhenThePlanIsOlder() {
        Scim s = start(b -> b.driftPolicy(DriftPolicy.REVERT));
        String a = s.createUser("a1", "a1@example.com", "ext-a1").id();
        String b = s.createUser("b1", "b1@example.com", "ext-b1").id();
        String c = s.createUser("c1", "c1@example.com", "ext-c1").id();
        s.createGroup("Engineering", a, b, c);
        for (String id : List.of(a, b, c)) {
            admin().members().remove(io.scimlab.gitlab.api.GroupRef.id(eng), Long.parseLong(id));
        }
        var plan = s.bridge.reconciler().plan();
        assertThat(plan.changes()).singleElement().isInstanceOf(PlanStep.AddMembers.class);
        // Between the plan and its application an administrator makes a1 an Owner of acme/eng by hand.
        fake.seedMember(eng, Long.parseLong(a), 50);
        fake.clearJournal();
        s.bridge.reconciler().apply(plan, s.ctx);
        assertThat(fake.memberLevel(eng, Long.parseLong(a))).contains(50);
        assertThat(fake.memberLevel(eng, Long.parseLong(b))).contains(30);
        assertThat(fake.memberLevel(eng, Long.parseLong(c))).contains(30);
        List<JournalEntry> posts = fake.journal("POST", ".*/members");
        assertThat(posts).singleElement().satisfies(p -> assertThat(p.body()).doesNotContain("\"" + a + ",")
                .doesNotContain("," + a + "\"").contains(b + "," + c));
    }

    @Test
    void usersGitLabRefusesInsideA201AreAnErrorNotASilentSuccess() {
        fake = FakeGitLab.builder().customRoles(true).start();
        long acme = fake.seedGroup("acme");
        eng = fake.seedSubgroup(acme, "eng");
        long role = fake.seedMemberRole(acme, "reviewer", 30);
        // A mapping mistake: the custom role's base level (30) is not the mapped level (40).
        RoleMapping mapping = RoleMapping.fromJson("{\"groups\":[{\"displayName\":\"Engineering\",\"gitlabGroup\":"
                + "\"acme/eng\",\"accessLevel\":\"maintainer\",\"memberRoleId\":" + role + "}]}");
        Scim s = Scim.of(fake, c -> c.roleMapping(mapping));
        String a = s.createUser("a2", "a2@example.com", "ext-a2").id();
        String b = s.createUser("b2", "b2@example.com", "ext-b2").id();
        String g = s.createGroup("Engineering").id();
        assertThatThrownBy(() -> s.patchGroup(g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}]}]")).isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).contains("member_role_id");
                });
        assertThat(fake.memberLevel(eng, Long.parseLong(a))).isEmpty();
        assertThat(s.audit).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
            assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("GitLab did not add every user")
                    .contains("a2: Member role the custom role's base access level does not match"));
        });
        assertThat(s.bridge.stateStore().managedOf(Long.parseLong(a))).isEmpty();
    }
}
