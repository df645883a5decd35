package io.scimlab.gitlab.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.RetryPolicy;
import io.scimlab.gitlab.api.TokenHeader;
import io.scimlab.gitlab.audit.AuditEvent;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.Fault;
import io.scimlab.testkit.gitlab.InjectedFault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The reliability suite: an IdP-like client runs user creates, group PATCHes, deactivations and deletions from
 * several threads over real HTTP against the bridge, while the fake GitLab goes through windows of faults that
 * overlap: 429 storms without any header, 5xx, latency, answers dropped after GitLab processed the request, and
 * connections dropped before. The client retries like Okta and Entra: 5xx and 429 (and connection failures) with
 * backoff, never a 4xx. Afterwards GitLab must hold exactly what the IdP believes: no membership lost, none extra,
 * every deactivated or deleted user blocked, one account per user.
 *
 * <p>Scaled for CI (about 15 seconds of load); {@code -Dscimlab.reliability.seconds=N} (or the environment variable
 * {@code SCIMLAB_RELIABILITY_SECONDS}) runs it longer. The figures are printed and written to
 * {@code target/reliability-report.txt}.
 */
class ReliabilityTest {
    private static final String TOKEN = "reliability-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WORKERS = 4;
    /** SCIM group -> GitLab group and level; two SCIM groups share g0, where the higher level wins. */
    private static final Map<String, Grant> GROUPS = Map.of(
            "Team 0", new Grant("acme/g0", AccessLevel.DEVELOPER),
            "Team 0 Leads", new Grant("acme/g0", AccessLevel.MAINTAINER),
            "Team 1", new Grant("acme/g1", AccessLevel.REPORTER),
            "Team 2", new Grant("acme/g2", AccessLevel.DEVELOPER));

    record Grant(String path, AccessLevel level) {
    }

    /** What the IdP believes, updated only after a 2xx; each user belongs to one worker, so no pair races. */
    private final Map<String, Set<String>> members = new ConcurrentHashMap<>();
    private final Map<String, String> emails = new ConcurrentHashMap<>();
    private final Set<String> inactive = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final LongAdder operations = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FakeGitLab fake;
    private ScimHttpServer binding;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static int seconds() {
        String p = System.getProperty("scimlab.reliability.seconds", System.getenv("SCIMLAB_RELIABILITY_SECONDS"));
        return p == null || p.isBlank() ? 15 : Integer.parseInt(p.trim());
    }

    @Test
    void gitlabEqualsWhatTheIdpBelievesAfterOverlappingFaultWindows() throws Exception {
        int seconds = seconds();
        fake = FakeGitLab.builder().membersDeleteLimit(0).start();
        List<AuditEvent> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, String> scimGroupIds = new TreeMap<>();
        try {
            GitLabBridge bridge = start(audit);
            for (String name : GROUPS.keySet()) {
                JsonNode g = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                        + "\"displayName\":\"" + name + "\",\"members\":[]}", 201);
                scimGroupIds.put(name, g.path("id").asText());
                members.put(name, ConcurrentHashMap.newKeySet());
            }
            List<InjectedFault> faults = injectFaultWindows(seconds);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    work(worker, end, scimGroupIds);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(seconds + 300L, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int injected = faults.stream().mapToInt(InjectedFault::fired).sum();
            Map<String, Integer> byKind = new TreeMap<>();
            faults.forEach(f -> byKind.merge(f.fault().kind().toString(), f.fired(), Integer::sum));
            fake.clearFaults();

            Report r = compare(scimGroupIds);
            String figures = String.format("reliability: %d s of load, %d workers: %d SCIM operations (%d IdP "
                    + "retries), %d GitLab requests, %d faults injected %s; %d users (%d deactivated, %d deleted): "
                    + "lost %d, extra %d, blocked %d of %d, duplicate accounts %d, unexpected answers %d",
                    seconds, WORKERS, operations.sum(), retries.sum(), fake.requestCount(), injected, byKind,
                    emails.size(), inactive.size(), deleted.size(), r.lost.size(), r.extra.size(), r.blocked,
                    r.shouldBeBlocked, r.duplicates.size(), unexpected.size());
            System.out.println(figures);
            Files.writeString(Path.of("target", "reliability-report.txt"), figures + System.lineSeparator()
                    + "lost: " + r.lost + System.lineSeparator() + "extra: " + r.extra + System.lineSeparator()
                    + "not blocked: " + r.notBlocked + System.lineSeparator() + "unexpected: " + unexpected
                    + System.lineSeparator());

            assertThat(unexpected).as("answers the IdP does not retry").isEmpty();
            assertThat(injected).as("faults injected").isPositive();
            assertThat(r.lost).as("memberships lost").isEmpty();
            assertThat(r.extra).as("memberships GitLab holds that the IdP removed or never asked for").isEmpty();
            assertThat(r.notBlocked).as("deactivated or deleted users not blocked").isEmpty();
            assertThat(r.duplicates).as("users with more than one GitLab account").isEmpty();
            assertThat(bridge.reconciler().plan().changes()).as("what a reconcile would still change").isEmpty();
            assertThat(audit).noneMatch(e -> e.outcome() == AuditEvent.Outcome.REFUSED);
        } finally {
            if (binding != null) {
                binding.close();
            }
            fake.close();
        }
    }

    private GitLabBridge start(List<AuditEvent> audit) {
        RoleMapping.Builder mapping = RoleMapping.builder();
        GROUPS.forEach((name, g) -> mapping.group(name, g.path(), g.level()));
        long acme = fake.seedGroup("acme");
        for (String sub : List.of("g0", "g1", "g2")) {
            fake.seedSubgroup(acme, sub);
        }
        RetryPolicy retry = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200)).jitter(0.5).maxRateLimitRetries(4)
                .maxRateLimitWait(Duration.ofSeconds(2)).build();
        GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .tokenHeader(TokenHeader.PRIVATE_TOKEN).retryPolicy(retry).requestsPerMinute(0)
                .readTimeout(Duration.ofSeconds(3)).callTimeout(Duration.ofSeconds(10)).build();
        GitLabBridge bridge = GitLabBridge.builder().selfManaged(client).roleMapping(mapping.build())
                .auditSink(audit::add).build();
        ScimServer server = ScimServer.builder().provider(bridge.users()).provider(bridge.groups())
                .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build();
        binding = ScimHttpServer.builder(server).port(0).basePath("/scim/v2").start();
        return bridge;
    }

    /**
     * Windows of each kind, repeating every 6 seconds over the run and overlapping: a 429 storm without headers
     * (GitLab 17's per-endpoint limit), 5xx, latency, answers dropped after GitLab processed the request (also while
     * reads fail), and connections dropped before it did.
     */
    private List<InjectedFault> injectFaultWindows(int seconds) {
        List<InjectedFault> out = new ArrayList<>();
        String api = "/api/v4/.*";
        for (int start = 0, cycle = 0; start < seconds; start += 6, cycle++) {
            Duration at = Duration.ofSeconds(start);
            out.add(fake.inject(Fault.endpointRateLimited().on("*", api).probability(0.8, cycle)
                    .startingAfter(at.plusMillis(500)).during(Duration.ofMillis(1500))));
            out.add(fake.inject(Fault.status(503).on("*", api).probability(0.3, 100 + cycle)
                    .startingAfter(at.plusSeconds(1)).during(Duration.ofSeconds(2))));
            out.add(fake.inject(Fault.status(502).on("*", api).probability(0.1, 200 + cycle)
                    .startingAfter(at.plusSeconds(3)).during(Duration.ofSeconds(2))));
            out.add(fake.inject(Fault.latency(Duration.ofMillis(250)).on("*", api).probability(0.3, 300 + cycle)
                    .startingAfter(at.plusSeconds(2)).during(Duration.ofSeconds(3))));
            out.add(fake.inject(Fault.dropResponse().on("*", api).probability(0.15, 400 + cycle)
                    .startingAfter(at.plusMillis(1500)).during(Duration.ofMillis(3500))));
            out.add(fake.inject(Fault.dropConnection().on("*", api).probability(0.05, 500 + cycle)
                    .startingAfter(at.plusSeconds(4)).during(Duration.ofSeconds(2))));
            // Answers lost while GitLab is degraded: a write applied, its answer dropped, and the reads that would
            // confirm it failing too, so the bridge cannot know (the case that made memberships outlive removals).
            out.add(fake.inject(Fault.dropResponse().on("POST", api).probability(0.35, 600 + cycle)
                    .startingAfter(at.plusMillis(4500)).during(Duration.ofMillis(1500))));
            out.add(fake.inject(Fault.status(503).on("GET", api).probability(0.7, 700 + cycle)
                    .startingAfter(at.plusMillis(4500)).during(Duration.ofMillis(1500))));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- the IdP

    private void work(int worker, long end, Map<String, String> groupIds) throws Exception {
        Random random = new Random(worker);
        List<String> mine = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        List<String> names = new ArrayList<>(new TreeMap<>(GROUPS).keySet());
        while (System.nanoTime() < end) {
            List<String> live = mine.stream().filter(u -> !deleted.contains(u)).toList();
            List<String> active = live.stream().filter(u -> !inactive.contains(u)).toList();
            int dice = random.nextInt(100);
            if (active.size() < 3 || dice < 25) {
                mine.add(create(worker, n.incrementAndGet(), random));
            } else if (dice < 60) {
                String group = names.get(random.nextInt(names.size()));
                String u = active.get(random.nextInt(active.size()));
                if (members.get(group).contains(u)) {
                    patchGroup(groupIds.get(group), "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u
                            + "\\\"]\"}]");
                    members.get(group).remove(u);
                } else {
                    patchGroup(groupIds.get(group), "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                            + u + "\"}]}]");
                    members.get(group).add(u);
                }
            } else if (dice < 80) {
                // Entra style: one PATCH adding and removing, with capitalised ops.
                String group = names.get(random.nextInt(names.size()));
                String in = active.get(random.nextInt(active.size()));
                String out = live.get(random.nextInt(live.size()));
                if (!in.equals(out) && !members.get(group).contains(in) && members.get(group).contains(out)) {
                    patchGroup(groupIds.get(group), "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
                            + in + "\"}]},{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + out
                            + "\"}]}]");
                    members.get(group).add(in);
                    members.get(group).remove(out);
                }
            } else if (dice < 95) {
                String u = active.get(random.nextInt(active.size()));
                send("PATCH", "/Users/" + u, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}", 200);
                inactive.add(u);
            } else {
                String u = live.get(random.nextInt(live.size()));
                send("DELETE", "/Users/" + u, null, 204);
                deleted.add(u);
                members.values().forEach(m -> m.remove(u));
            }
        }
    }

    private String create(int worker, int i, Random random) throws Exception {
        String login = "w" + worker + "u" + i;
        String email = login + "@example.com";
        // A fifth without externalId (the pending-create path) and without emails (userName is the address).
        String body = random.nextInt(5) == 0
                ? "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email + "\","
                        + "\"name\":{\"givenName\":\"W\",\"familyName\":\"" + login + "\"},\"active\":true}"
                : "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + email + "\","
                        + "\"externalId\":\"x-" + login + "\",\"name\":{\"givenName\":\"W\",\"familyName\":\"" + login
                        + "\"},\"emails\":[{\"primary\":true,\"value\":\"" + email + "\",\"type\":\"work\"}],"
                        + "\"active\":true}";
        String id = send("POST", "/Users", body, 201).path("id").asText();
        emails.put(id, email);
        return id;
    }

    private void patchGroup(String groupId, String operations) throws Exception {
        send("PATCH", "/Groups/" + groupId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operations + "}", 200);
    }

    /** One IdP operation: retried on 5xx, 429 and connection failures with backoff, never on a 4xx. */
    private JsonNode send(String method, String path, String body, int expected) throws Exception {
        operations.increment();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                retries.increment();
                Thread.sleep(Math.min(2_000, 50L << Math.min(attempt, 6)));
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(binding.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                    .header("Accept", "application/scim+json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                r.header("Content-Type", "application/scim+json");
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                continue;
            }
            int status = resp.statusCode();
            if (status == expected || (expected == 200 && status == 204)) {
                return resp.body().isEmpty() ? JSON.nullNode() : JSON.readTree(resp.body());
            }
            if ((status >= 500 || status == 429) && System.nanoTime() < deadline) {
                continue;
            }
            unexpected.add(method + " " + path + " -> " + status + " " + resp.body());
            throw new IllegalStateException(method + " " + path + " answered " + status + ": " + resp.body());
        }
    }

    // ------------------------------------------------------------------------------------------- the check

    private static final class Report {
        final List<String> lost = new ArrayList<>();
        final List<String> extra = new ArrayList<>();
        final List<String> notBlocked = new ArrayList<>();
        final List<String> duplicates = new ArrayList<>();
        int blocked;
        int shouldBeBlocked;
    }

    private Report compare(Map<String, String> groupIds) throws Exception {
        Report r = new Report();
        // What the IdP believes, as GitLab memberships: path -> user -> highest level.
        Map<String, Map<Long, Integer>> want = new TreeMap<>();
        members.forEach((group, users) -> users.forEach(u -> {
            Grant g = GROUPS.get(group);
            want.computeIfAbsent(g.path(), k -> new TreeMap<>()).merge(Long.parseLong(u), g.level().value(),
                    Math::max);
        }));
        GitLabClient admin = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken()).build();
        for (String path : List.of("acme/g0", "acme/g1", "acme/g2")) {
            Map<Long, Integer> held = new TreeMap<>();
            try (var s = admin.members().list(io.scimlab.gitlab.api.GroupRef.path(path))) {
                s.forEach(m -> held.put(m.userId(), m.accessLevel().value()));
            }
            Map<Long, Integer> expected = want.getOrDefault(path, Map.of());
            expected.forEach((u, level) -> {
                if (!level.equals(held.get(u))) {
                    r.lost.add(path + ": " + u + " at " + level + " (GitLab: " + held.get(u) + ")");
                }
            });
            held.forEach((u, level) -> {
                if (!expected.containsKey(u)) {
                    r.extra.add(path + ": " + u + " at " + level);
                }
            });
        }
        for (String u : emails.keySet()) {
            boolean off = inactive.contains(u) || deleted.contains(u);
            String state = fake.userState(Long.parseLong(u)).orElse("missing");
            if (off) {
                r.shouldBeBlocked++;
                if (state.equals("blocked")) {
                    r.blocked++;
                } else {
                    r.notBlocked.add(u + " is " + state);
                }
            } else if (!state.equals("active")) {
                r.notBlocked.add(u + " should be active but is " + state);
            }
        }
        Map<String, Integer> accounts = new TreeMap<>();
        try (var all = admin.users().list()) {
            all.forEach(g -> g.email().ifPresent(e -> accounts.merge(e, 1, Integer::sum)));
        }
        emails.values().forEach(e -> {
            if (accounts.getOrDefault(e, 0) != 1) {
                r.duplicates.add(e + ": " + accounts.getOrDefault(e, 0) + " accounts");
            }
        });
        // The SCIM side agrees with the IdP too.
        for (Map.Entry<String, String> g : groupIds.entrySet()) {
            JsonNode group = send("GET", "/Groups/" + g.getValue(), null, 200);
            List<String> scim = new ArrayList<>();
            group.path("members").forEach(m -> scim.add(m.path("value").asText()));
            assertThat(scim).as("SCIM members of " + g.getKey()).containsExactlyInAnyOrderElementsOf(
                    members.get(g.getKey()));
        }
        admin.close();
        return r;
    }
}
