package io.scimlab.benchmarks.provision;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.benchmarks.FakeGitLabJvm;
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
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler at an organisation's scale: U provisioned users, G mapped SCIM groups (subgroups of one top-level
 * group, three access levels) with M members each, against the fake GitLab on 127.0.0.1. A cold run (GitLab has none
 * of the memberships) and a steady-state run (nothing to do), each checked against the requests it must make: the
 * pages of the reads the plan needs plus the writes the plan needs, and no more. Also the peak heap (the fake and
 * the in-memory store share the JVM and are included: run it with {@code -Xmx} to prove a bound) and the longest
 * time the reconciler held the store's exclusive section (every lock a write takes is inside it), measured by a
 * {@link TimedStateStore} around the store.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar
 * io.scimlab.benchmarks.provision.ReconcileBenchmark [users] [groups] [membersPerGroup]}; exits 1 when a run makes
 * more requests than it must.
 */
public final class ReconcileBenchmark {
    private static final int PAGE = 100;

    private ReconcileBenchmark() {
    }

    /**
     * Runs the cold and the steady-state reconcile.
     *
     * @param args optional: users (50000), groups (1000), members per group (250)
     */
    public static void main(String[] args) {
        FakeGitLabJvm.tcpNoDelay();
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int perGroup = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        boolean ok;
        try (FakeGitLab fake = FakeGitLab.builder().threads(16).start()) {
            long top = fake.seedGroup("bench");
            RoleMapping.Builder mapping = RoleMapping.builder();
            AccessLevel[] levels = {AccessLevel.REPORTER, AccessLevel.DEVELOPER, AccessLevel.MAINTAINER};
            for (int g = 0; g < groups; g++) {
                fake.seedSubgroup(top, "g" + g);
                mapping.group("team-" + g, "bench/g" + g, levels[g % levels.length]);
            }
            List<Long> ids = fake.seedUsers("u", users);
            TimedStateStore store = new TimedStateStore(new InMemoryStateStore());
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
            System.out.printf(Locale.ROOT, "reconcile: %d users, %d mapped groups, %d memberships; max heap %d MB, "
                    + "%d cores%n", users, groups, memberships, Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            int userPages = (users + 1 + PAGE - 1) / PAGE; // the administrator too
            int batchesPerGroup = (perGroup + PAGE - 1) / PAGE;
            int batches = groups * batchesPerGroup;
            // Cold: per group one page of direct members (none) and one of /members/all (the wanted users are no
            // direct members), the users' pages for their states; per batch of 100 the read of those users'
            // memberships before, the POST and the read after.
            ok = run(fake, bridge, store, "cold (all memberships missing)", 2L * groups + userPages + 2L * batches,
                    batches);
            // Steady: each group's direct members, page by page, and the users' pages; nothing to write.
            ok &= run(fake, bridge, store, "steady state (nothing to do)", (long) groups * batchesPerGroup + userPages,
                    0);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean run(FakeGitLab fake, GitLabBridge bridge, TimedStateStore store, String label,
            long pagesNeeded, long writesNeeded) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        fake.clearJournal();
        store.resetTimes();
        long start;
        long planned;
        long done;
        ReconcilePlan plan;
        long live;
        try (LiveHeap liveHeap = new LiveHeap()) {
            start = System.nanoTime();
            plan = bridge.reconciler().plan();
            planned = System.nanoTime();
            bridge.reconciler().apply(plan, RequestContext.system("benchmark"));
            done = System.nanoTime();
            live = liveHeap.peakBytes();
        }
        List<JournalEntry> journal = fake.journal();
        long reads = journal.stream().filter(e -> e.method().equals("GET")).count();
        long writes = journal.size() - reads;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        boolean ok = reads == pagesNeeded && writes == writesNeeded;
        System.out.printf(Locale.ROOT, "  %s: %d changes; requests %d = GET %d + writes %d; needed: pages %d + writes "
                + "%d = %d: %s%n", label, plan.changes().size(), journal.size(), reads, writes, pagesNeeded,
                writesNeeded, pagesNeeded + writesNeeded, ok ? "OK" : "MORE THAN NEEDED");
        System.out.printf(Locale.ROOT, "    plan %.2f s, apply %.2f s; heap: live peak %.0f MB after a collection, "
                + "%.0f MB live before the run (store and fake), pools' peak %.0f MB (garbage included); exclusive "
                + "section held %d times, longest %.1f ms, total %.2f s%n",
                (planned - start) / 1e9, (done - planned) / 1e9, live / 1e6, before / 1e6, peak / 1e6,
                store.sections(),
                store.longestNanos() / 1e6, store.totalNanos() / 1e9);
        return ok;
    }
}
