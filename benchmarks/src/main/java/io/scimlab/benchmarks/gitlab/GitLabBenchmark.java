package io.scimlab.benchmarks.gitlab;

import io.scimlab.benchmarks.FakeGitLabJvm;
import io.scimlab.gitlab.api.GitLabClient;
import io.scimlab.gitlab.api.GitLabUser;
import io.scimlab.testkit.gitlab.FakeGitLab;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Streams 10,000 users through {@link GitLabClient} from the fake GitLab (requests, wall time, peak heap), then
 * measures how many simple requests a second the fake serves. Everything stays on 127.0.0.1.
 *
 * <p>Run: {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar io.scimlab.benchmarks.gitlab.GitLabBenchmark}
 */
public final class GitLabBenchmark {
    private GitLabBenchmark() {
    }

    /**
     * Runs both measurements.
     *
     * @param args optional: user count, throughput seconds, client threads
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        FakeGitLabJvm.tcpNoDelay();
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (FakeGitLab fake = FakeGitLab.builder().threads(16).start()) {
            fake.seedUsers("bench", users - 1); // plus root
            stream(fake, users);
            stream(fake, users); // second run: warmed up
            throughput(fake, seconds, threads);
        }
    }

    private static void stream(FakeGitLab fake, int expected) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = fake.requestCount();
        long start = System.nanoTime();
        long count;
        long checksum = 0;
        // requestsPerMinute(0): the fake has no limit; pacing is measured by the unit tests, not here.
        try (GitLabClient client = GitLabClient.builder().baseUrl(fake.baseUrl()).token(fake.adminToken())
                .requestsPerMinute(0).build(); Stream<GitLabUser> s = client.users().list()) {
            count = 0;
            for (GitLabUser u : (Iterable<GitLabUser>) s::iterator) {
                count++;
                checksum += u.id();
            }
        }
        long nanos = System.nanoTime() - start;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        if (count != expected) {
            throw new IllegalStateException("streamed " + count + " users, expected " + expected);
        }
        System.out.printf(Locale.ROOT, "stream: users=%d requests=%d wall=%.0f ms peakHeapUsed=%.1f MiB "
                + "(client and fake in one JVM) checksum=%d%n", count, fake.requestCount() - before, nanos / 1e6,
                peak / 1048576.0, checksum);
    }

    private static void throughput(FakeGitLab fake, int seconds, int threads) throws Exception {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(threads);
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(threads, 1,
                java.util.concurrent.TimeUnit.MINUTES)).dispatcher(dispatcher).build();
        Request request = new Request.Builder().url(fake.baseUrl() + "/api/v4/users/1")
                .header("PRIVATE-TOKEN", fake.adminToken()).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try (Response r = http.newCall(request).execute()) {
                        r.body().bytes();
                        if (measuring.get()) {
                            (r.code() == 200 ? ok : failed).incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1_000); // warm-up
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        double rate = ok.get() / elapsed;
        System.out.printf(Locale.ROOT, "throughput: GET /api/v4/users/1 threads=%d ok=%d failed=%d "
                + "rate=%.0f req/s (target >= 5000): %s%n", threads, ok.get(), failed.get(), rate,
                rate >= 5_000 ? "PASS" : "FAIL");
        if (rate < 5_000) {
            System.exit(1);
        }
    }
}
