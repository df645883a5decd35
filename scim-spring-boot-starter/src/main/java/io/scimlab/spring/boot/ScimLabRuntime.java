package io.scimlab.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * What the starter owns and must release, kept out of the application's bean types on purpose: registering a
 * {@code ScheduledExecutorService} or an {@code OkHttpClient} bean would make the application's own injection by
 * type ambiguous, and Boot's task scheduling backs off when a {@code ScheduledExecutorService} bean exists.
 *
 * <p>It holds the one scheduler thread for token rotation and reconciliation (tasks start when the context has
 * started and stop with it) and the OkHttp clients built for GitLab.
 */
final class ScimLabRuntime implements SmartLifecycle, DisposableBean {
    /** A periodic task: what to run and how its first run is placed. */
    private record Task(String name, Function<ScheduledExecutorService, ScheduledFuture<?>> start) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private final List<ScheduledFuture<?>> running = new ArrayList<>();
    private final List<OkHttpClient> httpClients = new ArrayList<>();
    private @Nullable ScheduledExecutorService scheduler;

    /** Registers a task that {@code start} schedules on the starter's scheduler when the context starts. */
    synchronized void schedule(String name, Function<ScheduledExecutorService, ScheduledFuture<?>> start) {
        tasks.add(new Task(name, start));
    }

    /** Registers a task run every {@code period}, the first time one period after start. */
    synchronized void every(String name, Duration period, Runnable work) {
        schedule(name, s -> s.scheduleWithFixedDelay(work, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** Keeps an OkHttp client to release its connections on shutdown. */
    synchronized OkHttpClient own(OkHttpClient client) {
        httpClients.add(client);
        return client;
    }

    synchronized List<String> taskNames() {
        return tasks.stream().map(Task::name).toList();
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || tasks.isEmpty()) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scimlab-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        for (Task task : tasks) {
            running.add(task.start().apply(s));
        }
    }

    @Override
    public synchronized void stop() {
        running.forEach(f -> f.cancel(false));
        running.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public void destroy() {
        stop();
        List<OkHttpClient> clients;
        synchronized (this) {
            clients = List.copyOf(httpClients);
            httpClients.clear();
        }
        for (OkHttpClient c : clients) {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
    }
}
