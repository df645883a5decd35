package io.scimlab.benchmarks.production;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.benchmarks.FakeGitLabJvm;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.Compatibility;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.state.jdbc.JdbcStorage;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two replicas (each its own GitLab client, bridge, {@link JdbcStorage} and SCIM server over HTTP) on one
 * database and one zero-latency fake GitLab, driven by concurrent IdP clients with a mix of operations: create
 * user, add or remove one group member by PATCH, deactivate user. Reports sustained SCIM requests per second,
 * latency percentiles, the 412s the IdP had to retry, and then checks every acknowledged change against GitLab
 * and the SCIM groups: lost or duplicated changes must be 0.
 *
 * <p>The database is PostgreSQL when {@code SCIMLAB_PG_URL} (with {@code SCIMLAB_PG_USER},
 * {@code SCIMLAB_PG_PASSWORD}) is set, else H2 in server mode (TCP on 127.0.0.1).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.scimlab.benchmarks.production.ReplicaBenchmark
 * [operations=10000] [clients=16] [groups=20]}
 */
public final class ReplicaBenchmark {
    private static final String TOKEN = "bench-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplicaBenchmark() {
    }

    /** What one IdP client thread did; each thread owns its users, so their changes are ordered. */
    private static final class Owner {
        final Map<String, Set<Integer>> groupsOf = new HashMap<>();
        final List<String> active = new ArrayList<>();
        final Set<String> deactivated = new HashSet<>();
        final List<Long> latenciesNanos = new ArrayList<>();
        long retries412;
        long errors;
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional: operations, client threads, groups
     * @throws Exception on a setup failure
     */
    public static void main(String[] args) throws Exception {
        FakeGitLabJvm.tcpNoDelay();
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int groupCount = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String pgUrl = System.getenv("SCIMLAB_PG_URL");
        boolean pg = pgUrl != null && !pgUrl.isBlank();
        org.h2.tools.Server h2 = null;
        String url;
        String user;
        String password;
        if (pg) {
            url = pgUrl;
            user = System.getenv().getOrDefault("SCIMLAB_PG_USER", "postgres");
            password = System.getenv().getOrDefault("SCIMLAB_PG_PASSWORD", "");
        } else {
            h2 = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
            url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:bench;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000";
            user = "sa";
            password = "";
        }
        System.out.printf(Locale.ROOT, "database: %s%n", pg ? "PostgreSQL " + url : "H2 server mode " + url);
        try (PooledDataSource db1 = new PooledDataSource(url, user, password, 32);
                PooledDataSource db2 = new PooledDataSource(url, user, password, 32);
                FakeGitLab fake = FakeGitLab.builder().threads(32).start()) {
            reset(db1);
            long acme = fake.seedGroup("acme");
            RoleMapping.Builder mapping = RoleMapping.builder();
            long[] gitlabGroups = new long[groupCount];
            for (int g = 0; g < groupCount; g++) {
                gitlabGroups[g] = fake.seedSubgroup(acme, "g" + g);
                mapping.group("G" + g, "acme/g" + g, AccessLevel.DEVELOPER);
            }
            RoleMapping roles = mapping.build();
            AtomicLong auditEvents = new AtomicLong();
            AuditSink audit = e -> auditEvents.incrementAndGet();
            ScimHttpServer a = replica(fake, db1, roles, audit);
            ScimHttpServer b = replica(fake, db2, roles, audit);
            ExecutorService httpThreads = Executors.newFixedThreadPool(clients);
            HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
            String[] groupIds = new String[groupCount];
            for (int g = 0; g < groupCount; g++) {
                groupIds[g] = send(http, g % 2 == 0 ? a : b, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:"
                        + "scim:schemas:core:2.0:Group\"],\"displayName\":\"G" + g + "\",\"members\":[]}")
                        .path("id").asText();
            }
            Map<String, Long> gitlabIds = new ConcurrentHashMap<>();
            Owner[] owners = new Owner[clients];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                Owner o = new Owner();
                owners[t] = o;
                int thread = t;
                int share = operations / clients + (t < operations % clients ? 1 : 0);
                done.add(pool.submit(() -> {
                    run(http, new ScimHttpServer[] {a, b}, thread, share, groupIds, o, gitlabIds);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();

            long[] lat = Arrays.stream(owners).flatMap(o -> o.latenciesNanos.stream()).mapToLong(Long::longValue)
                    .sorted().toArray();
            long retries = Arrays.stream(owners).mapToLong(o -> o.retries412).sum();
            long errors = Arrays.stream(owners).mapToLong(o -> o.errors).sum();
            System.out.printf(Locale.ROOT, "operations: %d by %d IdP clients over 2 replicas, %d groups%n", lat.length,
                    clients, groupCount);
            System.out.printf(Locale.ROOT, "throughput: %.0f SCIM requests/s (%.1f s)%n", (lat.length + retries)
                    / seconds, seconds);
            System.out.printf(Locale.ROOT, "latency per operation (incl. 412 retries): p50 %.1f ms, p99 %.1f ms, "
                    + "max %.1f ms%n", pct(lat, 0.50), pct(lat, 0.99), lat[lat.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "412s retried by the IdP: %d; failed operations: %d; GitLab requests: %d;"
                    + " audit events: %d%n", retries, errors, fake.requestCount(), auditEvents.get());
            verify(http, a, fake, owners, groupIds, gitlabGroups, gitlabIds);
            a.close();
            b.close();
            // Its threads are not daemons: left running, they kept the JVM alive after the report.
            httpThreads.shutdownNow();
        } finally {
            if (h2 != null) {
                h2.stop();
            }
        }
    }

    private static void run(HttpClient http, ScimHttpServer[] replicas, int thread, int share,
            String[] groupIds, Owner o, Map<String, Long> gitlabIds) throws Exception {
        Random random = new Random(thread);
        int created = 0;
        for (int i = 0; i < share; i++) {
            ScimHttpServer r = replicas[i % 2];
            int dice = random.nextInt(100);
            long t0 = System.nanoTime();
            String[] outcome;
            if (o.active.size() < 3 || dice < 35) {
                String login = "t" + thread + "u" + created++;
                JsonNode u = send(http, r, "POST", "/Users", userJson(login));
                String id = u.path("id").asText();
                o.active.add(id);
                o.groupsOf.put(id, new HashSet<>());
                gitlabIds.put(id, Long.parseLong(id));
                outcome = null;
            } else if (dice < 80) {
                String id = o.active.get(random.nextInt(o.active.size()));
                int g = random.nextInt(groupIds.length);
                boolean add = o.groupsOf.get(id).add(g);
                outcome = new String[] {"/Groups/" + groupIds[g], add ? patch("add", "members", "[{\"value\":\"" + id
                        + "\"}]") : patch("remove", "members[value eq \\\"" + id + "\\\"]", null)};
                if (!add) {
                    o.groupsOf.get(id).remove(g);
                }
            } else if (dice < 90) {
                // Remove one of the user's groups, if any; else add one.
                String id = o.active.get(random.nextInt(o.active.size()));
                Set<Integer> mine = o.groupsOf.get(id);
                int g = mine.isEmpty() ? random.nextInt(groupIds.length) : mine.iterator().next();
                boolean add = !mine.remove(g);
                if (add) {
                    mine.add(g);
                }
                outcome = new String[] {"/Groups/" + groupIds[g], add ? patch("add", "members", "[{\"value\":\"" + id
                        + "\"}]") : patch("remove", "members[value eq \\\"" + id + "\\\"]", null)};
            } else {
                String id = o.active.remove(random.nextInt(o.active.size()));
                o.deactivated.add(id);
                outcome = new String[] {"/Users/" + id, patch("replace", "active", "false")};
            }
            if (outcome != null) {
                while (true) {
                    int status = status(http, r, "PATCH", outcome[0], outcome[1]);
                    if (status == 412) {
                        o.retries412++;
                        continue;
                    }
                    if (status >= 300) {
                        o.errors++;
                    }
                    break;
                }
            }
            o.latenciesNanos.add(System.nanoTime() - t0);
        }
    }

    /** Every acknowledged change must be in GitLab and in the SCIM groups; nothing else may be. */
    private static void verify(HttpClient http, ScimHttpServer r, FakeGitLab fake, Owner[] owners,
            String[] groupIds, long[] gitlabGroups, Map<String, Long> gitlabIds) throws Exception {
        long lost = 0;
        long duplicated = 0;
        long checked = 0;
        Map<Integer, Set<String>> want = new HashMap<>();
        for (Owner o : owners) {
            o.groupsOf.forEach((user, groups) -> groups.forEach(g -> want.computeIfAbsent(g, k -> new HashSet<>())
                    .add(user)));
            for (String id : o.deactivated) {
                checked++;
                if (!fake.userState(gitlabIds.get(id)).equals(Optional.of("blocked"))) {
                    lost++;
                }
            }
        }
        for (int g = 0; g < groupIds.length; g++) {
            Set<String> expected = want.getOrDefault(g, Set.of());
            Set<String> scim = new HashSet<>();
            send(http, r, "GET", "/Groups/" + groupIds[g], null).path("members")
                    .forEach(m -> scim.add(m.path("value").asText()));
            for (String id : gitlabIds.keySet()) {
                checked++;
                boolean should = expected.contains(id);
                boolean inGitLab = fake.memberLevel(gitlabGroups[g], gitlabIds.get(id)).isPresent();
                boolean inScim = scim.contains(id);
                if (should && (!inGitLab || !inScim)) {
                    lost++;
                } else if (!should && (inGitLab || inScim)) {
                    duplicated++;
                }
            }
        }
        int users = gitlabIds.size();
        // Root plus one GitLab user per acknowledged create: more would be a duplicated create.
        long extraUsers = (long) fake.userCount() - 1 - users;
        duplicated += Math.max(0, extraUsers);
        lost += Math.max(0, -extraUsers);
        System.out.printf(Locale.ROOT, "verified %d user/group pairs and states over %d users: lost %d, "
                + "duplicated %d%n", checked, users, lost, duplicated);
        if (lost != 0 || duplicated != 0) {
            throw new IllegalStateException("lost or duplicated changes");
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static ScimHttpServer replica(FakeGitLab fake, PooledDataSource db, RoleMapping roles,
            AuditSink audit) {
        GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .requestsPerMinute(0).build();
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(client).stateStore(JdbcStorage.builder(db)
                .build().stateStore()).roleMapping(roles).auditSink(audit).build();
        ScimServer server = ScimServer.builder().provider(bridge.users()).provider(bridge.groups())
                .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN))
                .compatibility(Compatibility.lenient()).build();
        return ScimHttpServer.builder(server).port(0).basePath("/scim/v2").threads(32).start();
    }

    private static void reset(PooledDataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String t : new String[] {"scimlab_users", "scimlab_groups", "scimlab_group_members",
                    "scimlab_managed", "scimlab_locks", "scimlab_tokens", "scimlab_service_account_tokens",
                    "scimlab_schema_version"}) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    private static int status(HttpClient http, ScimHttpServer r, String method, String path, String body)
            throws Exception {
        return exchange(http, r, method, path, body).statusCode();
    }

    private static JsonNode send(HttpClient http, ScimHttpServer r, String method, String path, String body)
            throws Exception {
        HttpResponse<String> resp = exchange(http, r, method, path, body);
        if (resp.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + resp.statusCode() + " " + resp.body());
        }
        return JSON.readTree(resp.body());
    }

    private static HttpResponse<String> exchange(HttpClient http, ScimHttpServer r, String method, String path,
            String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(r.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60));
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/scim+json");
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String userJson(String login) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + login
                + "@example.com\",\"externalId\":\"x-" + login + "\",\"name\":{\"givenName\":\"G\",\"familyName\":\""
                + login + "\"},\"emails\":[{\"primary\":true,\"value\":\"" + login + "@example.com\"}],"
                + "\"active\":true}";
    }

    private static String patch(String op, String path, @org.jspecify.annotations.Nullable String value) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
                + "\",\"path\":\"" + path + "\"" + (value == null ? "" : ",\"value\":" + value) + "}]}";
    }
}
