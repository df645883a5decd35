package io.scimlab.benchmarks.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scimlab.benchmarks.FakeGitLabJvm;
import io.scimlab.gitlab.api.AccessLevel;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.audit.AuditSink;
import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.provision.GitLabBridge;
import io.scimlab.gitlab.report.AccessReport;
import io.scimlab.gitlab.report.AccessRow;
import io.scimlab.gitlab.state.GroupRecord;
import io.scimlab.gitlab.state.InMemoryStateStore;
import io.scimlab.gitlab.state.ManagedMembership;
import io.scimlab.gitlab.state.UserRecord;
import io.scimlab.testkit.gitlab.FakeGitLab;
import io.scimlab.testkit.gitlab.JournalEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The access report at scale against the fake GitLab on 127.0.0.1: 10,000 provisioned users, 200 mapped SCIM groups
 * and GitLab groups, 250 managed members each (50,000 memberships, as the reconcile benchmark), plus one manual
 * member and one hand-changed level per group. Writes the CSV report to a byte counter twice (a warm-up, then the
 * measured run) and prints the GitLab requests against the pages of members (they must be equal), the rows, the
 * bytes, the wall time and the peak heap of the run (the fake and the bridge's store share the JVM: the heap
 * before the run is printed too, the report's own share is the difference).
 *
 * <p>Run: {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar
 * io.scimlab.benchmarks.report.AccessReportBenchmark [users] [groups] [perGroup]}
 */
public final class AccessReportBenchmark {
    private AccessReportBenchmark() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: users (10000), groups (200), members per group (250)
     */
    public static void main(String[] args) throws IOException {
        FakeGitLabJvm.tcpNoDelay();
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perGroup = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        try (FakeGitLab fake = FakeGitLab.builder().threads(4).start()) {
            long top = fake.seedGroup("bench");
            RoleMapping.Builder mapping = RoleMapping.builder();
            AccessLevel[] levels = {AccessLevel.REPORTER, AccessLevel.DEVELOPER, AccessLevel.MAINTAINER};
            long[] groupIds = new long[groups];
            for (int g = 0; g < groups; g++) {
                groupIds[g] = fake.seedSubgroup(top, "g" + g);
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
            List<Long> manual = fake.seedUsers("manual", groups);
            int memberships = 0;
            int pages = 0;
            int stride = Math.max(1, users / perGroup);
            for (int g = 0; g < groups; g++) {
                Set<String> members = new HashSet<>();
                AccessLevel level = levels[g % levels.length];
                for (int j = 0; j < perGroup; j++) {
                    long uid = ids.get((g * 7 + j * stride) % users);
                    if (members.add(Long.toString(uid))) {
                        // What a reconcile leaves: the membership in GitLab and the bridge's marker; the first one
                        // of each group was raised by hand since (drift).
                        fake.seedMember(groupIds[g], uid, j == 0 ? 50 : level.value());
                        store.putManaged(new ManagedMembership(uid, "bench/g" + g, level, Optional.empty(),
                                Optional.empty()));
                    }
                }
                fake.seedMember(groupIds[g], manual.get(g), 40); // added by hand
                memberships += members.size();
                pages += Math.max(1, (members.size() + 1 + 99) / 100);
                store.putGroup(new GroupRecord("group-" + g, "team-" + g, Optional.empty(), members, 1, now, now), 0);
            }
            GitLabBridge bridge = GitLabBridge.builder().selfManaged(GitLabClient.builder().baseUrl(fake.baseUrl())
                    .token(fake.adminToken()).requestsPerMinute(0).build()).stateStore(store)
                    .roleMapping(mapping.build()).auditSink(AuditSink.none()).build();
            System.out.printf(Locale.ROOT, "access report: %d users, %d mapped groups, %d managed memberships, "
                    + "%d manual%n", users, groups, memberships, groups);
            run(fake, bridge.accessReport(), pages, "warm-up");
            run(fake, bridge.accessReport(), pages, "measured");
        }
    }

    private static void run(FakeGitLab fake, AccessReport report, int pages, String label) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        fake.clearJournal();
        Map<AccessRow.Kind, Integer> kinds = new EnumMap<>(AccessRow.Kind.class);
        long start = System.nanoTime();
        Counter bytes = new Counter();
        long rows = report.writeCsv(bytes);
        long done = System.nanoTime();
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        List<JournalEntry> journal = fake.journal();
        report.forEach(r -> kinds.merge(r.kind(), 1, Integer::sum));
        System.out.printf(Locale.ROOT, "  %s: GitLab requests %d, pages of members %d%s; rows %d %s; CSV %.1f MB; "
                + "%.2f s; heap before %.0f MB, peak during %.0f MB%n", label, journal.size(), pages,
                journal.size() == pages ? " (equal)" : " (NOT EQUAL)", rows, kinds, bytes.n / 1e6,
                (done - start) / 1e9, before / 1e6, peak / 1e6);
        if (journal.size() != pages) {
            throw new IllegalStateException("the report made " + journal.size() + " requests for " + pages
                    + " pages");
        }
    }

    /** Counts what the report writes, keeping none of it. */
    private static final class Counter extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }

        @Override
        public void flush() {
        }
    }
}
