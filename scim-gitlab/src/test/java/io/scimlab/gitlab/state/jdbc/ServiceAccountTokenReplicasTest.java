package io.scimlab.gitlab.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.serviceaccount.IssuedToken;
import io.scimlab.gitlab.serviceaccount.ManagedToken;
import io.scimlab.gitlab.serviceaccount.ServiceAccountTokens;
import io.scimlab.gitlab.testsupport.UrlDataSource;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service-account tokens issued by one bridge are rotated and revoked by another bridge on the same database (a
 * second replica, or the first one restarted), against the fake GitLab: the issue's "a restart or a second replica
 * forgets them, and {@code rotateAllDue()} then rotates nothing".
 */
class ServiceAccountTokenReplicasTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.standard();
    private static final RequestContext CTX = new RequestContext("idp", Optional.empty(), "corr-1", Map.of());

    private static FakeGitLab fake;
    private final List<IssuedToken> issued = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anotherBridgeOnTheDatabaseRotatesAndRevokesWhatTheFirstIssued(String database) {
        UrlDataSource db = (UrlDataSource) (database.equals("h2") ? TestDatabases.h2() : postgres());
        Clock clock = Clock.systemUTC();
        GitLabBridge first = bridge(db, clock);
        String id = serviceAccount(first, "nightly-agent-" + database);
        ManagedToken due = first.serviceAccountTokens().issue(id, "nightly", List.of("read_api"), 5);
        String dueValue = last().value();
        ManagedToken release = first.serviceAccountTokens().issue(id, "release", List.of("read_api"));
        String releaseValue = last().value();

        // A second replica, started while the first runs: it knows the first one's tokens and rotates the due one.
        ServiceAccountTokens second = bridge(db, clock).serviceAccountTokens();
        assertThat(second.tokens(id)).containsExactly(due, release);
        List<ManagedToken> rotated = second.rotateAllDue();
        assertThat(rotated).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("nightly");
            assertThat(t.tokenId()).isNotEqualTo(due.tokenId());
        });
        assertThat(last().tokenId()).isEqualTo(rotated.get(0).tokenId());
        assertThat(fake.tokenActive(dueValue)).isFalse();
        assertThat(fake.tokenActive(last().value())).isTrue();
        // The first replica sees the rotation: the old id is gone, nothing is due any more.
        assertThat(first.serviceAccountTokens().tokens(id)).containsExactly(release, rotated.get(0));
        assertThat(first.serviceAccountTokens().rotateAllDue()).isEmpty();

        // A restart 25 days later (a new data source, a new bridge): the release token is due now and rotated.
        Clock later = Clock.offset(clock, Duration.ofDays(25));
        UrlDataSource reconnected = new UrlDataSource(db.url(), db.user(), db.password());
        ServiceAccountTokens restarted = bridge(reconnected, later).serviceAccountTokens();
        List<ManagedToken> renewed = restarted.rotateAllDue();
        assertThat(renewed).extracting(ManagedToken::name).containsExactlyInAnyOrder("nightly", "release");
        assertThat(fake.tokenActive(releaseValue)).isFalse();

        // And a revocation on one replica is final for all of them.
        for (ManagedToken t : renewed) {
            second.revoke(id, t.tokenId());
        }
        assertThat(first.serviceAccountTokens().tokens(id)).isEmpty();
        assertThat(restarted.tokens(id)).isEmpty();
        assertThat(restarted.rotateAllDue()).isEmpty();
        assertThat(issued).allSatisfy(t -> assertThat(fake.tokenActive(t.value())).isFalse());
    }

    private IssuedToken last() {
        return issued.get(issued.size() - 1);
    }

    /** A bridge on the fake with all of its state in the database; its token values go to {@link #issued}. */
    private GitLabBridge bridge(DataSource db, Clock clock) {
        GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .requestsPerMinute(0).callTimeout(Duration.ofSeconds(10)).build();
        JdbcStorage storage = JdbcStorage.builder(db).build();
        return GitLabBridge.builder().selfManaged(client).clock(clock).stateStore(storage.stateStore())
                .serviceAccountTokenStore(storage.serviceAccountTokenStore()).issuedTokenSink(issued::add).build();
    }

    private static String serviceAccount(GitLabBridge bridge, String login) {
        String json = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + login
                + "\",\"userType\":\"ServiceAccount\",\"emails\":[{\"primary\":true,\"value\":\"" + login
                + "@agents.example.com\"}],\"active\":true}";
        return bridge.users().create(ResourceReader.standard().readRequest(json.getBytes(StandardCharsets.UTF_8),
                REGISTRY.requireResourceType("User")), CTX).id();
    }

    private static DataSource postgres() {
        Optional<DataSource> pg = TestDatabases.postgres();
        assumeTrue(pg.isPresent(), "SCIMLAB_PG_URL is not set");
        return pg.get();
    }
}
