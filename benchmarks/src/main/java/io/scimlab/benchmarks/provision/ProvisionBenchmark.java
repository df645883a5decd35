package io.scimlab.benchmarks.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.benchmarks.FakeGitLabJvm;
import io.scimlab.core.resource.ResourceReader;
import io.scimlab.core.schema.SchemaRegistry;
import io.scimlab.core.server.RequestContext;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.provision.ReconcilePlan;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.UserRecord;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Two measurements of the GitLab bridge against the fake GitLab on 127.0.0.1.
 *
 * <ol>
 *   <li>Reconcile: 10,000 provisioned users, 200 mapped SCIM groups, 50,000 memberships (250 per group, three
 *       access levels). A cold run (GitLab has none of the memberships) and a steady-state run (nothing to do):
 *       GitLab requests made against the minimum, wall time, peak heap (the fake shares the JVM).</li>
 *   <li>Throughput: users created through the provider for N seconds against a fake that enforces 2,000
 *       requests a minute, with the client's budget set to 2,000: requests per minute reached and 429s seen.</li>
 * </ol>
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar
 * io.scimlab.benchmarks.provision.ProvisionBenchmark [users] [groups] [perGroup] [throughputSeconds]}
 */
public final class ProvisionBenchmark {
    private ProvisionBenchmark() {
    }

    /**
     * Runs both measurements.
     *
     * @param args optional: users (10000), groups (200), members per group (250), throughput seconds (60)
     */
    public static void main(String[] args) {
        FakeGitLabJvm.tcpNoDelay();
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perGroup = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        reconcile(users, groups, perGroup);
        throughput(seconds);
    }

    private static void reconcile(int users, int groups, int perGroup) {
        try (FakeGitLab fake = FakeGitLab.builder().threads(16).start()) {
            long top = fake.seedGroup("bench");
            RoleMapping.Builder mapping = RoleMapping.builder();
            AccessLevel[] levels = {AccessLevel.REPORTER, AccessLevel.DEVELOPER, AccessLevel.MAINTAINER};
            for (int g = 0; g < groups; g++) {
                fake.seedSubgroup(top, "g" + g);
                mapping.group("team-" + g, "bench/g" + g, levels[g % levels.length]);
            }
            List<Long> ids = fake.seedUsers("u", users);
            InMemoryStateStore store = new InMemoryStateStore();
            Instant now = Instant.now();
            for (int i = 0; i < ids.size(); i++) {
                ObjectNode attrs = JsonNodeFactory.instance.objectNode().put("userName", "u" + (i + 1));
                store.putUser(new UserRecord(Long.toString(ids.get(i)), ids.get(i), "u" + (i + 1),
                        Optional.of("ext-" + (i + 1)), true, attrs, 1, now, now));
            }
            int memberships = 0;
            int stride = Math.max(1, users / perGroup);
            for (int g = 0; g < groups; g++) {
                Set<String> members = new HashSet<>();
                for (int j = 0; j < perGroup; j++) {
                    members.add(Long.toString(ids.get((g * 7 + j * stride) % users)));
                }
                memberships += members.size();
                store.putGroup(new GroupRecord("group-" + g, "team-" + g, Optional.empty(), members, 1, now, now), 0);
            }
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(GitLabClient.builder().baseUrl(fake.baseUrl())
                    .token(fake.adminToken()).requestsPerMinute(0).build()).stateStore(store)
                    .roleMapping(mapping.build()).auditSink(AuditSink.none()).build();
            System.out.printf(Locale.ROOT, "reconcile: %d users, %d mapped groups, %d memberships%n", users, groups,
                    memberships);
            int userPages = (users + 1 + 99) / 100; // root too
            int batches = 0;
            int memberPages = 0;
            for (int g = 0; g < groups; g++) {
                batches += (perGroup + 99) / 100;
                memberPages += Math.max(1, (perGroup + 99) / 100);
            }
            // Cold: each group's direct members and /members/all, the users' pages, and per batch of 100 the read of
            // those users' memberships before and after the POST (see ReconcileBenchmark, which checks it).
            run(fake, bridge, "cold (all memberships missing)", 2 * groups + userPages + 2 * batches, batches, groups);
            run(fake, bridge, "steady state (nothing to do)", memberPages + userPages, 0, 0);
        }
    }

    private static void run(FakeGitLab fake, GitLabBridge bridge, String label, int minReads, int minWrites,
            int idealWrites) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        fake.clearJournal();
        long start = System.nanoTime();
        ReconcilePlan plan = bridge.reconciler().plan();
        long planned = System.nanoTime();
        bridge.reconciler().apply(plan, RequestContext.system("benchmark"));
        long done = System.nanoTime();
        List<JournalEntry> journal = fake.journal();
        long reads = journal.stream().filter(e -> e.method().equals("GET")).count();
        long writes = journal.size() - reads;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "  %s: %d changes; requests %d (GET %d, writes %d); minimum GET %d, "
                + "writes %d (100 ids per add; %d with unlimited batches); plan %.2f s, apply %.2f s, "
                + "peak heap %.0f MB%n", label, plan.changes().size(), journal.size(), reads, writes, minReads,
                minWrites, idealWrites, (planned - start) / 1e9, (done - planned) / 1e9, peak / 1e6);
    }

    private static void throughput(int seconds) {
        int budget = 2_000;
        try (FakeGitLab fake = FakeGitLab.builder().rateLimitPerMinute(budget).start()) {
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(GitLabClient.builder().baseUrl(fake.baseUrl())
                    .token(fake.adminToken()).requestsPerMinute(budget).build()).auditSink(AuditSink.none()).build();
            SchemaRegistry registry = SchemaRegistry.standard();
            ResourceReader reader = ResourceReader.standard();
            RequestContext ctx = RequestContext.system("benchmark");
            fake.clearJournal();
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            int created = 0;
            while (System.nanoTime() < end) {
                String n = "t" + created;
                String json = "{\"userName\":\"" + n + "\",\"externalId\":\"x-" + n + "\",\"emails\":[{\"value\":\""
                        + n + "@example.com\",\"primary\":true}]}";
                bridge.users().create(reader.readRequest(json.getBytes(StandardCharsets.UTF_8),
                        registry.requireResourceType("User")), ctx);
                created++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<JournalEntry> journal = fake.journal();
            long limited = journal.stream().filter(e -> e.status() == 429).count();
            long answered = journal.size() - limited;
            double perMinute = answered / elapsed * 60;
            // The first minute may use the whole budget plus nothing more; later minutes get the refill rate.
            System.out.printf(Locale.ROOT, "throughput: %d users created in %.1f s with %d requests (%.0f/min, "
                    + "%.1f%% of the %d/min budget), 429s: %d%n", created, elapsed, answered, perMinute,
                    100 * perMinute / budget, budget, limited);
        }
    }
}
