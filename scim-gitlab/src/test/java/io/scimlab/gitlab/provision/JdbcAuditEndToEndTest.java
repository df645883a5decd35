package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditFormat;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditRecord;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.state.jdbc.TestDatabases;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCIM operations through a bridge whose audit sink is the JDBC store, against the fake GitLab: the trail holds
 * one event per GitLab write, verifies, and a query by SCIM user returns exactly that user's events.
 */
class JdbcAuditEndToEndTest {
    private FakeGitLab fake;

    @AfterEach
    void stop() {
        fake.close();
    }

    private static DataSource db(String database) {
        if (database.equals("h2")) {
            return TestDatabases.h2();
        }
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        return pg.get();
    }

    private static List<String> calls(List<AuditRecord> records) {
        return records.stream().map(r -> r.event().method() + " " + r.event().path()).toList();
    }

    private static List<AuditRecord> all(AuditStore store, AuditQuery query) {
        List<AuditRecord> out = new ArrayList<>();
        for (Optional<AuditQuery> q = Optional.of(query); q.isPresent(); ) {
            AuditPage p = store.query(q.get());
            out.addAll(p.records());
            q = p.next();
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aQueryBySCIMUserReturnsExactlyThatUsersEvents(String database) throws Exception {
        fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).start();
        long eng = fake.seedSubgroup(fake.seedGroup("acme"), "eng");
        JdbcStorage storage = JdbcStorage.builder(db(database)).build();
        AuditStore trail = storage.auditStore();
        RoleMapping mapping = RoleMapping.builder().group("Engineering", "acme/eng", AccessLevel.DEVELOPER)
                .group("Leads", "acme/eng", AccessLevel.MAINTAINER).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(mapping).stateStore(storage.stateStore()).auditSink(trail));
        fake.clearJournal();

        String ann = s.createUser("ann", "ann@example.com", "ext-ann").id();
        String bob = s.createUser("bob", "bob@example.com", "ext-bob").id();
        String cat = s.createUser("cat", "cat@example.com", "ext-cat").id();
        String engId = s.createGroup("Engineering", ann, bob, cat).id();
        String leads = s.createGroup("Leads").id();
        s.patchGroup(leads, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}]");
        s.patchUser(ann, "[{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"Smith\"}]");
        s.patchGroup(engId, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ann + "\\\"]\"}]");
        s.patchUser(cat, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        s.users().delete(bob, s.ctx);
        assertThat(fake.memberLevel(eng, Long.parseLong(ann))).isEmpty();

        // The trail is the fake's journal of writes, one for one, and its chain is intact.
        List<AuditRecord> everything = all(trail, AuditQuery.builder().pageSize(4).build());
        List<String> writes = fake.journal().stream().filter(e -> !e.method().equals("GET"))
                .map(e -> e.method() + " " + e.path()).toList();
        assertThat(calls(everything)).containsExactlyElementsOf(writes);
        assertThat(trail.verify().intact()).isTrue();
        assertThat(trail.verify().eventsChecked()).isEqualTo(writes.size());

        String members = "/api/v4/groups/acme%2Feng/members";
        assertThat(calls(all(trail, AuditQuery.builder().scimUserId(ann).build()))).containsExactly(
                "POST /api/v4/users",
                "POST " + members,
                "PUT /api/v4/users/" + ann,
                "DELETE " + members + "/" + ann);
        // cat: deactivated by blocking, which keeps the memberships (DeprovisionPolicy.BLOCK).
        assertThat(calls(all(trail, AuditQuery.builder().scimUserId(cat).build()))).containsExactly(
                "POST /api/v4/users",
                "POST " + members,
                "POST /api/v4/users/" + cat + "/block");
        // bob: created, added with the others, raised to Maintainer by Leads, then deleted (blocked first, so
        // access ends with the first call, then removed).
        List<AuditRecord> bobs = all(trail, AuditQuery.builder().scimUserId(bob).build());
        assertThat(calls(bobs)).containsExactly("POST /api/v4/users", "POST " + members,
                "PUT " + members + "/" + bob, "POST /api/v4/users/" + bob + "/block", "DELETE " + members + "/" + bob);
        assertThat(bobs).allSatisfy(r -> assertThat(r.event().scimUserIds()).contains(bob));
        // Every event naming a user is found by that user, and no other event is.
        for (String id : List.of(ann, bob, cat)) {
            assertThat(all(trail, AuditQuery.builder().scimUserId(id).build())).containsExactlyElementsOf(
                    everything.stream().filter(r -> r.event().scimUserIds().contains(id)).toList());
            assertThat(all(trail, AuditQuery.builder().gitlabUserId(Long.parseLong(id)).build()))
                    .containsExactlyElementsOf(all(trail, AuditQuery.builder().scimUserId(id).build()));
        }
        // By group, by GitLab path, by correlation id: the group's own requests.
        assertThat(calls(all(trail, AuditQuery.builder().scimGroupId(engId).build()))).containsExactly(
                "POST " + members, "DELETE " + members + "/" + ann);
        assertThat(all(trail, AuditQuery.builder().gitlabPath("acme/eng").build())).hasSize(4);
        assertThat(all(trail, AuditQuery.builder().correlationId("corr-1").principal("okta").build()))
                .hasSize(everything.size());

        StringWriter csv = new StringWriter();
        assertThat(trail.export(AuditQuery.builder().scimUserId(ann).build(), AuditFormat.CSV, csv)).isEqualTo(4);
        assertThat(csv.toString().split("\r\n")).hasSize(5);
    }
}
