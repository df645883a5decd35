package io.scimlab.benchmarks.provision;

import io.scimlab.benchmarks.FakeGitLabJvm;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Onboarding an organisation through the SCIM path, as an IdP does it, against the fake GitLab (self-managed, one
 * administrator token) under GitLab.com's request budget of 2,000 requests a minute: N users created
 * ({@code POST /Users}), G groups pushed ({@code POST /Groups}, then their members in {@code PATCH}es of 100, as
 * Okta pushes them), then D users deactivated ({@code PATCH active=false}). The SCIM requests go through
 * {@link ScimServer#handle} (the server a binding hands requests to, without the socket) from several IdP threads.
 *
 * <p>Time is scaled: the fake's request throttle and the client's budget are both {@code 2,000 × scale} a real
 * minute, so one real minute is {@code scale} GitLab.com minutes; the figures are given in GitLab.com time. It
 * prints GitLab requests against the minimum the README's calls-per-operation table implies (1 per create, 3 per
 * member PATCH of up to 100 users: the read of those users' memberships, the multi-user POST, the read after; 1 per
 * deactivation), the wall time against the budget's floor (minimum / 2,000 a minute), the 429s GitLab answered
 * and the 429s and 503s the IdP saw (it retries a 503 as Okta and Entra do), and the peak heap (the fake shares
 * the JVM and is included).
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar
 * io.scimlab.benchmarks.provision.OnboardingBenchmark [users] [groups] [memberships] [deactivations] [scale]
 * [idpThreads]}
 */
public final class OnboardingBenchmark {
    private static final String TOKEN = "onboarding-benchmark-token";
    private static final int BUDGET = 2_000;
    private static final int PATCH_SIZE = 100;

    private OnboardingBenchmark() {
    }

    /**
     * Runs the onboarding.
     *
     * @param args optional: users (10000), groups (200), memberships (50000), deactivations (1000), time scale (4),
     *             IdP threads (4)
     * @throws Exception when a request fails for good
     */
    public static void main(String[] args) throws Exception {
        FakeGitLabJvm.tcpNoDelay();
        int users = arg(args, 0, 10_000);
        int groups = arg(args, 1, 200);
        int memberships = arg(args, 2, 50_000);
        int deactivations = arg(args, 3, 1_000);
        int scale = arg(args, 4, 4);
        int threads = arg(args, 5, 4);
        int perGroup = memberships / groups;
        try (FakeGitLab fake = FakeGitLab.builder().mode(FakeGitLab.Mode.SELF_MANAGED).threads(16)
                .rateLimitPerMinute(BUDGET * scale).start()) {
            long top = fake.seedGroup("acme");
            RoleMapping.Builder mapping = RoleMapping.builder();
            AccessLevel[] levels = {AccessLevel.REPORTER, AccessLevel.DEVELOPER, AccessLevel.MAINTAINER};
            for (int g = 0; g < groups; g++) {
                fake.seedSubgroup(top, "g" + g);
                mapping.group("team-" + g, "acme/g" + g, levels[g % levels.length]);
            }
            GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                    .requestsPerMinute(BUDGET * scale).build();
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(client).roleMapping(mapping.build())
                    .auditSink(AuditSink.none()).build();
            ScimServer server = ScimServer.builder().provider(bridge.users()).provider(bridge.groups())
                    .authenticator(BearerTokenAuthenticator.create().add("idp", TOKEN)).build();
            Idp idp = new Idp(server, threads);
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            System.gc();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            fake.clearJournal();
            System.out.printf(Locale.ROOT, "onboarding: %d users, %d groups with %d memberships (%d each, PATCHes of "
                    + "%d), %d deactivations; budget %d/min, time scale %d, %d IdP threads, %d cores%n", users,
                    groups, perGroup * groups, perGroup, PATCH_SIZE, deactivations, BUDGET, scale, threads,
                    Runtime.getRuntime().availableProcessors());
            long start = System.nanoTime();

            String[] ids = new String[users];
            idp.run(users, i -> {
                ScimResponse r = idp.send("POST", "/Users", user(i));
                ids[i] = id(r.bodyText());
                return r;
            });
            long created = System.nanoTime();
            int stride = Math.max(1, users / Math.max(1, perGroup));
            int patches = 0;
            String[] gids = new String[groups];
            idp.run(groups, g -> {
                ScimResponse r = idp.send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:"
                        + "Group\"],\"displayName\":\"team-" + g + "\",\"members\":[]}");
                gids[g] = id(r.bodyText());
                return r;
            });
            List<List<String[]>> perGroupPushes = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                List<String[]> pushes = new ArrayList<>();
                perGroupPushes.add(pushes);
                Set<String> members = new LinkedHashSet<>();
                for (int j = 0; j < Math.min(perGroup, users); j++) {
                    members.add(ids[(g * 7 + j * stride) % users]);
                }
                List<String> list = new ArrayList<>(members);
                for (int from = 0; from < list.size(); from += PATCH_SIZE) {
                    StringBuilder value = new StringBuilder();
                    for (String id : list.subList(from, Math.min(list.size(), from + PATCH_SIZE))) {
                        value.append(value.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
                    }
                    pushes.add(new String[] {gids[g], value.toString()});
                    patches++;
                }
            }
            // Round by round across the groups (each group's first PATCH, then each one's second, ...), so a group's
            // PATCHes arrive in order and two of them hardly ever at once, as an IdP pushes them.
            List<String[]> pushes = new ArrayList<>();
            for (int round = 0; pushes.size() < patches; round++) {
                for (List<String[]> mine : perGroupPushes) {
                    if (round < mine.size()) {
                        pushes.add(mine.get(round));
                    }
                }
            }
            idp.run(pushes.size(), p -> idp.send("PATCH", "/Groups/" + pushes.get(p)[0],
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                            + "\"add\",\"path\":\"members\",\"value\":[" + pushes.get(p)[1] + "]}]}"));
            long pushed = System.nanoTime();
            idp.run(deactivations, i -> idp.send("PATCH", "/Users/" + ids[i * (users / deactivations)],
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":"
                            + "\"replace\",\"path\":\"active\",\"value\":false}]}"));
            long end = System.nanoTime();
            idp.close();

            List<JournalEntry> journal = fake.journal();
            long throttled = journal.stream().filter(e -> e.status() == 429).count();
            long requests = journal.size() - throttled;
            long minimum = users + 3L * patches + deactivations;
            double minutes = (end - start) / 60e9 * scale;
            double floor = (double) minimum / BUDGET;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "  phases (GitLab.com minutes): create %.2f, groups and members %.2f, "
                    + "deactivate %.2f%n", (created - start) / 60e9 * scale, (pushed - created) / 60e9 * scale,
                    (end - pushed) / 60e9 * scale);
            System.out.printf(Locale.ROOT, "  GitLab requests %d (GET %d, writes %d); minimum %d (%d creates + 3 x %d "
                    + "member PATCHes + %d deactivations): %.2f%% over%n", requests,
                    journal.stream().filter(e -> e.method().equals("GET") && e.status() != 429).count(),
                    journal.stream().filter(e -> !e.method().equals("GET") && e.status() != 429).count(), minimum,
                    users, patches, deactivations, 100.0 * (requests - minimum) / minimum);
            System.out.printf(Locale.ROOT, "  wall time %.2f GitLab.com minutes (%.1f s real); the budget's floor "
                    + "%.2f minutes: %.1f%% of the floor%n", minutes, (end - start) / 1e9, floor,
                    100 * minutes / floor);
            System.out.printf(Locale.ROOT, "  429s from GitLab %d; the IdP saw %d x 429 and %d x 503 (retried); peak "
                    + "heap %.0f MB (fake included)%n", throttled, idp.tooMany.get(), idp.unavailable.get(),
                    peak / 1e6);
            if (requests > minimum * 1.05) {
                System.out.println("  GOAL MISSED: more than 5 percent over the minimum");
            }
        }
    }

    /** The IdP: a few threads sending SCIM requests, retrying 503 (as Okta and Entra do) and counting it. */
    private static final class Idp implements AutoCloseable {
        final ScimServer server;
        final ExecutorService pool;
        final int threads;
        final AtomicInteger tooMany = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();

        Idp(ScimServer server, int threads) {
            this.server = server;
            this.pool = Executors.newFixedThreadPool(threads);
            this.threads = threads;
        }

        ScimResponse send(String method, String path, String json) throws InterruptedException {
            for (int attempt = 0; ; attempt++) {
                ScimResponse r = server.handle(ScimRequest.builder(method, path)
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                        .body(json.getBytes(StandardCharsets.UTF_8)).build());
                if (r.status() == 429 || r.status() == 503) {
                    (r.status() == 429 ? tooMany : unavailable).incrementAndGet();
                    if (attempt < 20) {
                        long wait = r.header("Retry-After").map(Long::parseLong).orElse(1L);
                        Thread.sleep(Math.min(wait, 5) * 1000);
                        continue;
                    }
                }
                if (r.status() >= 300) {
                    throw new IllegalStateException(method + " " + path + ": " + r.status() + " " + r.bodyText());
                }
                return r;
            }
        }

        /** Sends n requests over the threads, each taking the next index; fails on the first error. */
        void run(int n, Step step) throws Exception {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        step.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** One IdP request by its index. */
    private interface Step {
        ScimResponse run(int index) throws Exception;
    }

    private static String user(int i) {
        String n = "person" + i;
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + n
                + "@example.com\",\"externalId\":\"ext-" + i + "\",\"name\":{\"givenName\":\"Person\",\"familyName\":"
                + "\"" + i + "\"},\"emails\":[{\"value\":\"" + n + "@example.com\",\"type\":\"work\","
                + "\"primary\":true}],\"active\":true}";
    }

    private static String id(String body) {
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
