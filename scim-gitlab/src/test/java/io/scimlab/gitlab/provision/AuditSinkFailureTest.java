package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.audit.AuditHealth;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.gitlab.state.jdbc.TestDatabases;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A GitLab change whose audit event the sink refuses: the SCIM request still succeeds (the change is in GitLab and
 * cannot be undone), the event is logged once at ERROR with its JSON, and the bridge's audit health shows it.
 */
class AuditSinkFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoleMapping MAPPING = RoleMapping.builder()
            .group("Engineering", "acme/eng", AccessLevel.DEVELOPER).build();

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger trailLogger = Logger.getLogger(AuditTrail.class.getName());
    private FakeGitLab fake;
    private long eng;

    @BeforeEach
    void start() {
        trailLogger.addHandler(capture);
        fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).start();
        eng = fake.seedSubgroup(fake.seedGroup("acme"), "eng");
    }

    @AfterEach
    void stop() {
        trailLogger.removeHandler(capture);
        fake.close();
    }

    /** The events the ERROR log holds, as their JSON. */
    private List<JsonNode> loggedEvents() {
        return logged.stream().filter(r -> r.getLevel() == Level.SEVERE).map(r -> {
            String m = r.getMessage();
            assertThat(m).startsWith("audit event not stored by ");
            try {
                return JSON.readTree(m.substring(m.indexOf(": {") + 2));
            } catch (Exception e) {
                throw new AssertionError(m, e);
            }
        }).toList();
    }

    @Test
    void aRefusingSinkNeitherFailsTheRequestNorLosesTheEvent() {
        AtomicBoolean down = new AtomicBoolean(true);
        List<AuditEvent> stored = new CopyOnWriteArrayList<>();
        Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING).auditSink(e -> {
            if (down.get()) {
                throw new IllegalStateException("audit database down");
            }
            stored.add(e);
        }));
        assertThat(s.bridge.auditHealth()).isEqualTo(new AuditHealth(0, 0, 0, java.util.Optional.empty()));
        fake.clearJournal();

        String ann = s.createUser("ann", "ann@example.com", "ext-ann").id();
        String bob = s.createUser("bob", "bob@example.com", "ext-bob").id();
        s.createGroup("Engineering", ann, bob);

        // Every change is in GitLab and the SCIM answers were successes.
        assertThat(fake.memberLevel(eng, Long.parseLong(ann))).contains(30);
        assertThat(fake.memberLevel(eng, Long.parseLong(bob))).contains(30);
        List<String> writes = s.writes();
        assertThat(writes).hasSize(3);
        // Each refused event is logged once, whole.
        List<JsonNode> events = loggedEvents();
        assertThat(events).extracting(e -> e.path("method").asText() + " " + e.path("path").asText())
                .containsExactlyElementsOf(writes);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("correlationId").asText()).isEqualTo("corr-1");
            assertThat(e.path("principal").asText()).isEqualTo("okta");
            assertThat(e.path("outcome").asText()).isEqualTo("SUCCESS");
        });
        assertThat(events.get(2).path("gitlabPath").asText()).isEqualTo("acme/eng");
        assertThat(logged).filteredOn(r -> r.getLevel() == Level.SEVERE)
                .allSatisfy(r -> assertThat(r.getThrown()).hasMessage("audit database down"));
        AuditHealth sick = s.bridge.auditHealth();
        assertThat(sick.healthy()).isFalse();
        assertThat(sick.failed()).isEqualTo(3);
        assertThat(sick.consecutiveFailures()).isEqualTo(3);
        assertThat(sick.recorded()).isZero();
        assertThat(sick.lastFailure()).isPresent();

        // The sink is back: events flow again, and health says so.
        down.set(false);
        logged.clear();
        s.patchUser(ann, "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]");
        assertThat(stored).isNotEmpty();
        assertThat(loggedEvents()).isEmpty();
        AuditHealth well = s.bridge.auditHealth();
        assertThat(well.healthy()).isTrue();
        assertThat(well.failed()).isEqualTo(3);
        assertThat(well.recorded()).isEqualTo(stored.size());
    }

    @Test
    void aJdbcStoreThatCannotAppendIsReportedTheSameWay() throws Exception {
        DataSource db = TestDatabases.h2();
        JdbcStorage storage = JdbcStorage.builder(db).build();
        Scim s = Scim.of(fake, b -> b.roleMapping(MAPPING).stateStore(storage.stateStore())
                .auditSink(storage.auditStore()));
        s.createUser("ann", "ann@example.com", "ext-ann");
        assertThat(storage.auditStore().head().sequence()).isEqualTo(1);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE scimlab_audit_heads");
        }

        String bob = s.createUser("bob", "bob@example.com", "ext-bob").id();

        assertThat(fake.userState(Long.parseLong(bob))).contains("active");
        assertThat(loggedEvents()).singleElement().satisfies(e -> {
            assertThat(e.path("path").asText()).isEqualTo("/api/v4/users");
            assertThat(e.path("scimUserIds").get(0).asText()).isEqualTo(bob);
        });
        assertThat(logged).filteredOn(r -> r.getLevel() == Level.SEVERE).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessageStartingWith("audit append"));
        assertThat(s.bridge.auditHealth().failed()).isEqualTo(1);
        assertThat(s.bridge.auditHealth().recorded()).isEqualTo(1);
    }
}
