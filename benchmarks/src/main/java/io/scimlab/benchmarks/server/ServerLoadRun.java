package io.scimlab.benchmarks.server;

import io.scimlab.core.http.ScimHttpServer;
import io.scimlab.core.server.BearerTokenAuthenticator;
import io.scimlab.core.server.ScimRequest;
import io.scimlab.core.server.ScimResponse;
import io.scimlab.core.server.ScimServer;
import io.scimlab.core.server.memory.InMemoryDirectory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load run of the SCIM server over loopback: the JDK binding with the in-memory provider holding 10,000 users,
 * 2 client threads per scenario (filter GET, POST, PATCH) for a bounded duration, reporting requests/s and
 * latency percentiles; then the server-side CPU cost per request, measured in-process with
 * {@link ThreadMXBean} by calling {@link ScimServer#handle} directly (no network).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.scimlab.benchmarks.server.ServerLoadRun [seconds]}.
 */
public final class ServerLoadRun {
    private static final String TOKEN = "load-run-token";
    private static final int USERS = 10_000;
    private static final int CLIENT_THREADS = 2;
    private static final AtomicLong SEQ = new AtomicLong();

    private ServerLoadRun() {}

    /**
     * Runs the load.
     *
     * @param args optional: seconds per scenario (default 10)
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        InMemoryDirectory directory = InMemoryDirectory.create();
        ScimServer server = ScimServer.builder().provider(directory.users()).provider(directory.groups())
                .authenticator(BearerTokenAuthenticator.create().add("load", TOKEN)).build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            ScimResponse r = server.handle(post("/Users", user("user" + i + "@example.com")));
            String body = r.bodyText();
            int at = body.indexOf("\"id\":\"") + 6;
            ids.add(body.substring(at, body.indexOf('"', at)));
        }
        System.out.printf(Locale.ROOT, "%d users loaded; %d s per scenario, %d client threads%n", USERS, seconds,
                CLIENT_THREADS);
        try (ScimHttpServer binding = ScimHttpServer.builder(server).start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = binding.baseUrl();
            System.out.println("scenario          requests    req/s     p50 µs    p99 µs   server CPU µs/req");
            for (String scenario : List.of("GET filter", "POST", "PATCH")) {
                runHttp(scenario, client, base, ids, 2); // warm-up
                long[] latencies = runHttp(scenario, client, base, ids, seconds);
                double cpu = cpuPerRequest(scenario, server, ids);
                Arrays.sort(latencies);
                System.out.printf(Locale.ROOT, "%-16s %9d %9.0f %9.0f %9.0f %12.1f%n", scenario, latencies.length,
                        latencies.length / (double) seconds, latencies[latencies.length / 2] / 1e3,
                        latencies[(int) (latencies.length * 0.99)] / 1e3, cpu);
            }
        }
    }

    private static long[] runHttp(String scenario, HttpClient client, String base, List<String> ids, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            long[][] slot = {new long[1 << 16]};
            int[] n = {0};
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = httpRequest(scenario, base, ids);
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() >= 300) {
                            throw new IllegalStateException(scenario + ": HTTP " + r.statusCode() + " "
                                    + new String(r.body(), StandardCharsets.UTF_8));
                        }
                    } catch (java.io.IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    if (n[0] == slot[0].length) {
                        slot[0] = Arrays.copyOf(slot[0], n[0] * 2);
                    }
                    slot[0][n[0]++] = System.nanoTime() - start;
                }
                synchronized (perThread) {
                    perThread.add(Arrays.copyOf(slot[0], n[0]));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return perThread.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static HttpRequest httpRequest(String scenario, String base, List<String> ids) {
        ScimRequest r = scimRequest(scenario, ids);
        String uri = base + r.path() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json");
        return switch (r.method()) {
            case "GET" -> b.GET().build();
            case "POST" -> b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes(r))).build();
            default -> b.method(r.method(), HttpRequest.BodyPublishers.ofByteArray(bytes(r))).build();
        };
    }

    private static byte[] bytes(ScimRequest r) {
        try {
            return r.body().readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScimRequest scimRequest(String scenario, List<String> ids) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (scenario) {
            case "GET filter" -> ScimRequest.builder("GET", "/Users")
                    .query("filter=userName%20eq%20%22user" + random.nextInt(USERS) + "%40example.com%22")
                    .header("Authorization", "Bearer " + TOKEN).build();
            case "POST" -> post("/Users", user("new" + SEQ.incrementAndGet() + "@example.com"));
            default -> ScimRequest.builder("PATCH", "/Users/" + ids.get(random.nextInt(ids.size())))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                    .body(("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                            + "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"T" + random.nextInt(1000)
                            + "\"}]}").getBytes(StandardCharsets.UTF_8)).build();
        };
    }

    /** Server-side CPU per request: ScimServer.handle called directly on this thread, no network. */
    private static double cpuPerRequest(String scenario, ScimServer server, List<String> ids) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            server.handle(scimRequest(scenario, ids)); // warm-up
        }
        long cpu = 0;
        for (int i = 0; i < n; i++) {
            ScimRequest request = scimRequest(scenario, ids); // built outside the measurement
            long start = mx.getCurrentThreadCpuTime();
            ScimResponse response = server.handle(request);
            cpu += mx.getCurrentThreadCpuTime() - start;
            if (response.status() >= 300) {
                throw new IllegalStateException(scenario + ": " + response.status() + " " + response.bodyText());
            }
        }
        return cpu / 1e3 / n;
    }

    private static ScimRequest post(String path, String json) {
        return ScimRequest.builder("POST", path).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json").body(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"Load\",\"familyName\":\"Run\"},\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
    }
}
