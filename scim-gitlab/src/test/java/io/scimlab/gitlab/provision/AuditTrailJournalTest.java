package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit trail records what the client actually sent: for a run of SCIM operations through the bridge, the
 * method and path of each audit event equal those of the write the fake GitLab received, one for one, in order.
 */
class AuditTrailJournalTest {
    private FakeGitLab fake;

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void eachAuditEventIsTheRequestGitLabReceived(FakeGitLab.Mode mode) {
        fake = FakeGitLab.builder().mode(mode).start();
        List<IssuedToken> issued = new CopyOnWriteArrayList<>();
        RoleMapping mapping = RoleMapping.builder().group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
                .group("Leads", "acme/eng", AccessLevel.MAINTAINER).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(mapping).issuedTokenSink(issued::add));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        fake.seedSubgroup(acme, "eng");
        fake.clearJournal();

        String ann = s.createUser("ann", "ann@example.com", "ext-ann").id();
        String bob = s.createUser("bob", "bob@example.com", "ext-bob").id();
        String cat = s.createUser("cat", "cat@example.com", "ext-cat").id();
        String eng = s.createGroup("Engineering", ann, bob).id();
        String leads = s.createGroup("Leads").id();
        s.patchGroup(leads, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}]");
        s.patchGroup(eng, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ann + "\\\"]\"}]");
        s.patchUser(cat, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        String bot = s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + "\"ci-bot\",\"userType\":\"ServiceAccount\",\"displayName\":\"CI Bot\",\"emails\":[{\"value\":"
                + "\"ci-bot@example.com\",\"primary\":true}],\"active\":true}").id();
        s.bridge.serviceAccountTokens().issue(bot, "ci", List.of("read_api"));
        s.patchUser(bot, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        s.users().delete(bob, s.ctx);

        List<String> sent = fake.journal().stream().filter(e -> !e.method().equals("GET"))
                .map(AuditTrailJournalTest::request).toList();
        List<String> audited = s.audit.stream().map(e -> e.method() + " " + e.path()).toList();
        assertThat(sent).as("the scenario writes to GitLab").hasSizeGreaterThanOrEqualTo(10);
        assertThat(audited).containsExactlyElementsOf(sent);
        assertThat(s.audit).allSatisfy(e -> {
            assertThat(e.outcome()).isNotEqualTo(AuditEvent.Outcome.FAILURE);
            assertThat(e.operation()).isNotBlank();
            assertThat(e.path()).doesNotContain("?");
        });
        assertThat(s.audit).filteredOn(e -> e.principal().equals("okta"))
                .allSatisfy(e -> assertThat(e.correlationId()).isEqualTo("corr-1"));
        assertThat(issued).hasSize(1);
    }

    private static String request(JournalEntry e) {
        return e.method() + " " + e.path();
    }
}
