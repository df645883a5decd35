package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GroupRef;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.api.MemberSource;
import io.scimlab.gitlab.audit.AuditPage;
import io.scimlab.gitlab.audit.AuditQuery;
import io.scimlab.gitlab.audit.AuditStore;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.report.AccessReport;
import io.scimlab.gitlab.report.AccessRow;
import io.scimlab.gitlab.report.AccessRow.Kind;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.state.jdbc.TestDatabases;
import io.scimlab.gitlab.testsupport.Csv;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #16, part 4: the access report end to end against the fake GitLab, on both targets: a managed membership
 * explained by its SCIM group and mapping entry, a nested group's grant, a project target, a manual member, drift
 * (a level changed and a membership removed by hand), a user the IdP deactivated who still holds a membership, a
 * mapped group GitLab does not have, a service account with its token; one GitLab request per page of members.
 */
class AccessReportTest {
    private static final String HOSTILE = "=cmd|' /C calc'!A0, \"quoted\"\nsecond line";
    static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Eng", "acme/eng", AccessLevel.DEVELOPER)
            .group("Leads", "acme/eng", AccessLevel.MAINTAINER)
            .project("Api Devs", "acme/eng/api", AccessLevel.DEVELOPER)
            .group("Agents", "acme/bots", AccessLevel.DEVELOPER)
            .group(HOSTILE, "acme/bots", AccessLevel.REPORTER)
            .group("Ghosts", "acme/missing", AccessLevel.GUEST)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeGitLab fake;
    private long eng;
    private long api;
    private long bots;
    private final List<IssuedToken> issued = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private Scim start(FakeGitLab.Mode mode, UnaryOperator<GitLabBridge.Builder> config) {
        fake = FakeGitLab.builder().mode(mode).start();
        Scim s = Scim.of(fake, b -> config.apply(b.roleMapping(MAPPING).issuedTokenSink(issued::add)));
        long acme = mode == FakeGitLab.Mode.SELF_MANAGED ? fake.seedGroup("acme") : s.topGroupId;
        eng = fake.seedSubgroup(acme, "eng");
        api = fake.seedProject(eng, "api");
        bots = fake.seedSubgroup(acme, "bots");
        return s;
    }

    private static String user(Scim s, String name) {
        return s.createUser(name, name + "@example.com", "ext-" + name).id();
    }

    private static List<AccessRow> rows(GitLabBridge bridge) {
        List<AccessRow> out = new ArrayList<>();
        bridge.accessReport().forEach(out::add);
        return out;
    }

    private static AccessRow row(List<AccessRow> rows, String username, String target) {
        return rows.stream().filter(r -> r.username().equals(username)
                && r.target().map(MemberSource::fullPath).orElse("").equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + username + " in " + target + ": " + rows));
    }

    private static List<String> groupsOf(AccessRow r) {
        return r.grantedBy().stream().map(AccessRow.GrantedBy::scimGroupName).toList();
    }

    @ParameterizedTest
    @EnumSource(FakeGitLab.Mode.class)
    void everyMembershipIsExplainedOrFlagged(FakeGitLab.Mode mode) throws Exception {
        Scim s = start(mode, b -> b);
        String ann = user(s, "ann");
        String ben = user(s, "ben");
        String cy = user(s, "cy");
        String dee = user(s, "dee");
        String eve = user(s, "eve");
        String fay = user(s, "fay");
        s.createGroup("Eng", ann, ben, eve, fay);
        s.createGroup("Api Devs", cy);
        // dee reaches Leads through a nested group: Platform is a member of Leads.
        String platform = s.createGroupFrom(NestedGroupsTest.group("Platform", List.of(dee), List.of())).id();
        s.createGroupFrom(NestedGroupsTest.group("Leads", List.of(), List.of(platform)));
        String bot = s.createUser("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + "\"release-bot\",\"externalId\":\"x-bot\",\"displayName\":\"Release bot\",\"userType\":"
                + "\"serviceaccount\",\"emails\":[{\"primary\":true,\"value\":\"bot@agents.example.com\","
                + "\"type\":\"work\"}],\"active\":true}").id();
        s.createGroup("Agents", bot);
        ManagedToken token = s.bridge.serviceAccountTokens().issue(bot, "release", List.of("read_api"));
        // By hand in GitLab: a manual Owner, ben raised to Maintainer, fay removed, eve deactivated by the IdP.
        long mallory = fake.seedUser("mallory", "mallory@example.com");
        fake.seedMember(eng, mallory, 50);
        fake.seedMember(eng, Long.parseLong(ben), 40);
        s.patchUser(eve, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        if (fake.memberLevel(eng, Long.parseLong(eve)).isEmpty()) {
            // GitLab.com takes a deprovisioned user out of the hierarchy; someone adds them back by hand.
            fake.seedMember(eng, Long.parseLong(eve), 30);
        }
        Scim.client(fake, fake.adminToken(), TokenHeader.PRIVATE_TOKEN, Scim.fastRetry()).members()
                .remove(GroupRef.path("acme/eng"), Long.parseLong(fay), false);
        // 120 manual guests in the project: two pages of members there.
        for (long id : fake.seedUsers("guest", 120)) {
            fake.seedProjectMember(api, id, 10);
        }

        fake.clearJournal();
        List<AccessRow> rows = rows(s.bridge);
        List<JournalEntry> requests = fake.journal();

        AccessRow annRow = row(rows, "ann", "acme/eng");
        assertThat(annRow.kind()).isEqualTo(Kind.MANAGED);
        assertThat(annRow.accessLevel()).contains(AccessLevel.DEVELOPER);
        assertThat(annRow.scimUserId()).contains(ann);
        assertThat(annRow.grantedBy()).singleElement().satisfies(g -> {
            assertThat(g.scimGroupName()).isEqualTo("Eng");
            assertThat(g.mapping()).isEqualTo("entry 1 (displayName \"Eng\")");
        });
        assertThat(annRow.since()).as("no audit store: no since").isEmpty();

        AccessRow deeRow = row(rows, "dee", "acme/eng");
        assertThat(deeRow.kind()).isEqualTo(Kind.MANAGED);
        assertThat(deeRow.accessLevel()).contains(AccessLevel.MAINTAINER);
        assertThat(groupsOf(deeRow)).as("the nested grant names the group that grants").containsExactly("Leads");

        AccessRow cyRow = row(rows, "cy", "acme/eng/api");
        assertThat(cyRow.kind()).isEqualTo(Kind.MANAGED);
        assertThat(cyRow.target()).contains(MemberSource.project("acme/eng/api"));
        assertThat(groupsOf(cyRow)).containsExactly("Api Devs");

        AccessRow malloryRow = row(rows, "mallory", "acme/eng");
        assertThat(malloryRow.kind()).isEqualTo(Kind.MANUAL);
        assertThat(malloryRow.accessLevel()).contains(AccessLevel.OWNER);
        assertThat(malloryRow.scimUserId()).isEmpty();

        AccessRow benRow = row(rows, "ben", "acme/eng");
        assertThat(benRow.kind()).isEqualTo(Kind.DRIFT);
        assertThat(benRow.accessLevel()).contains(AccessLevel.MAINTAINER);
        assertThat(benRow.detail()).contains("changed in GitLab to maintainer", "ScimLab set developer");

        AccessRow fayRow = row(rows, "fay", "acme/eng");
        assertThat(fayRow.kind()).isEqualTo(Kind.DRIFT);
        assertThat(fayRow.detail()).startsWith("removed in GitLab");

        AccessRow eveRow = row(rows, "eve", "acme/eng");
        assertThat(eveRow.kind()).isEqualTo(Kind.DEACTIVATED);
        assertThat(eveRow.detail()).contains("the identity provider deactivated this user");

        assertThat(rows).filteredOn(r -> r.kind() == Kind.MISSING_TARGET).singleElement()
                .satisfies(r -> assertThat(r.target()).contains(MemberSource.group("acme/missing")));

        AccessRow botRow = row(rows, "release-bot", "acme/bots");
        assertThat(botRow.kind()).isEqualTo(Kind.MANAGED);
        assertThat(rows).filteredOn(r -> r.kind() == Kind.SERVICE_ACCOUNT).singleElement()
                .satisfies(r -> assertThat(r.scimUserId()).contains(bot));
        assertThat(rows).filteredOn(r -> r.kind() == Kind.TOKEN).singleElement().satisfies(r -> {
            assertThat(r.tokenId()).hasValue(token.tokenId());
            assertThat(r.expiresAt()).contains(token.expiresAt());
            assertThat(r.detail()).contains("release", "read_api");
        });

        // One GET per page of direct members, nothing else: acme/bots, acme/eng, acme/eng/api (2 pages), and the
        // missing group's one 404.
        assertThat(requests).allSatisfy(e -> {
            assertThat(e.method()).isEqualTo("GET");
            assertThat(e.path()).endsWith("/members");
        });
        Map<String, Integer> members = new HashMap<>();
        rows.stream().filter(r -> r.target().isPresent() && r.kind() != Kind.MISSING_TARGET
                && !r.detail().startsWith("removed in GitLab"))
                .forEach(r -> members.merge(r.target().get().fullPath(), 1, Integer::sum));
        int pages = 1 + members.values().stream().mapToInt(n -> Math.max(1, (n + 99) / 100)).sum();
        assertThat(members.get("acme/eng/api")).isEqualTo(121);
        assertThat(requests).hasSize(pages);
        assertThat(pages).isEqualTo(5);

        // Both formats carry the same rows; no token value anywhere.
        StringWriter json = new StringWriter();
        StringWriter csv = new StringWriter();
        fake.clearJournal();
        long written = s.bridge.accessReport().writeJsonLines(json);
        s.bridge.accessReport().writeCsv(csv);
        assertThat(fake.journal()).hasSize(2 * pages);
        assertThat(written).isEqualTo(rows.size());
        String[] lines = json.toString().split("\n");
        assertThat(lines).hasSize(rows.size());
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.has("kind")).isTrue();
        List<List<String>> table = Csv.parse(csv.toString());
        assertThat(table.get(0)).isEqualTo(AccessReport.CSV_COLUMNS);
        assertThat(table).hasSize(rows.size() + 1);
        assertThat(issued).isNotEmpty();
        issued.forEach(t -> {
            assertThat(json.toString()).doesNotContain(t.value());
            assertThat(csv.toString()).doesNotContain(t.value());
        });
    }

    @Test
    void withAnAuditStoreEachManagedMembershipSaysSinceWhen() {
        JdbcStorage storage = JdbcStorage.builder(TestDatabases.h2()).build();
        AuditStore trail = storage.auditStore();
        Scim s = start(FakeGitLab.Mode.SELF_MANAGED, b -> b.stateStore(storage.stateStore()).auditSink(trail));
        String ann = user(s, "ann");
        String eng = s.createGroup("Eng", ann).id();
        s.patchGroup(eng, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ann + "\\\"]\"}]");
        s.patchGroup(eng, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ann + "\"}]}]");
        AccessRow annRow = row(rows(s.bridge), "ann", "acme/eng");
        assertThat(annRow.kind()).isEqualTo(Kind.MANAGED);
        // The current run of the membership began with the second add, not the first.
        List<Instant> adds = new ArrayList<>();
        for (Optional<AuditQuery> q = Optional.of(AuditQuery
                .builder().gitlabPath("acme/eng").build()); q.isPresent(); ) {
            AuditPage p = trail.query(q.get());
            p.records().stream().filter(r -> r.event().method().equals("POST")).forEach(r -> adds.add(r.event()
                    .time()));
            q = p.next();
        }
        assertThat(adds).hasSize(2);
        assertThat(annRow.since()).contains(adds.get(1));
    }
}
