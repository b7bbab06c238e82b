package io.wattshift.testbed.bench;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.wattshift.testbed.ControlPlane;
import io.wattshift.testbed.RunningControlPlane;
import io.wattshift.testbed.TestbedLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code e2e/bench-vs-kube-scheduler}: scheduling throughput of Wattshift and kube-scheduler side by side on one
 * test-bed control plane. For each run: the same pending pods are created while no scheduler runs, one scheduler is
 * started, a watch times first bind to last bind, the scheduler is stopped and the pods deleted. Prints pods/s, CPU
 * seconds and RSS of each scheduler process, Wattshift's own latency histogram and the ratio.
 */
public final class BenchVsKubeScheduler {
    private static final Duration FIRST_BIND_TIMEOUT = Duration.ofMinutes(3);
    private static final String LATENCY = "wattshift_scheduling_latency_seconds";

    private BenchVsKubeScheduler() {
    }

    /** One run's figures. */
    record Run(String name, String client, BindWatch.Result binds, double startToFirstBindSeconds,
            double syncedToFirstBindSeconds, ProcessStats atFirstBind, ProcessStats atLastBind, long scheduledEvents,
            String latency, int exitStatus, long shutdownErrors) {
        double cpuPerPodMillis() {
            return binds.bound() == 0 ? Double.NaN : atLastBind.cpuSeconds() * 1000 / binds.bound();
        }
    }

    public static void main(String[] args) throws Exception {
        TestbedLayout layout = TestbedLayout.locate();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, layout.repoRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<String> missing = layout.missingBinaries(List.of("etcd", "kube-apiserver", "kube-controller-manager",
                "kwok", "kube-scheduler", "kubectl"));
        if (!missing.isEmpty()) {
            System.err.println("test bed binaries missing: " + missing + "; build them with e2e/build-testbed.sh");
            System.exit(2);
        }
        if (options.schedulers().contains(BenchOptions.WATTSHIFT) && !Files.isRegularFile(options.schedulerJar())) {
            System.err.println(options.schedulerJar() + " missing; build it: mvn -pl scheduler/app -am package -DskipTests");
            System.exit(2);
        }
        System.out.println(describe(options));
        List<Run> runs = new ArrayList<>();
        try (RunningControlPlane plane = ControlPlane.builder().start()) {
            BenchWorkload workload = new BenchWorkload(plane, options);
            workload.prepare();
            for (String scheduler : options.schedulers()) {
                Run run = runOne(scheduler, layout, plane, workload, options);
                runs.add(run);
                System.out.println(line(run, options));
            }
            System.out.println(report(runs, options));
            System.out.println("logs: " + plane.runDir());
        }
    }

    static String describe(BenchOptions o) {
        return String.format(Locale.ROOT, "bench-vs-kube-scheduler: %d kwok nodes of 8 GPUs in %d halls, %d pending pods "
                + "of %d GPU(s)%s; power: %s; machine: %d CPUs, Java %s", o.nodes(), o.halls(), o.pods(),
                o.gpusPerPod(), o.gang() > 0 ? " in " + o.pods() / o.gang() + " gangs of " + o.gang() : "",
                o.powerPercent() == 0 ? "hall feeds sized never to bind" : "hall feeds at " + o.powerPercent()
                        + " % of the pods' demand", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    private static Run runOne(String scheduler, TestbedLayout layout, RunningControlPlane plane, BenchWorkload workload,
            BenchOptions o)
            throws Exception {
        KubernetesClient client = plane.client();
        workload.createPods();
        ProcessSampler sampler = null;
        SchedulerProcess process = null;
        try (BindWatch watch = new BindWatch(client, BenchWorkload.NAMESPACE)) {
            String clientSettings;
            switch (scheduler) {
                case BenchOptions.KUBE_SCHEDULER -> {
                    process = SchedulerProcess.kubeScheduler(scheduler, layout.binary("kube-scheduler"),
                            plane.kubeconfig(), o.qps(), plane.runDir(), freePort());
                    clientSettings = "client QPS " + o.qps() + ", burst " + o.qps();
                }
                case BenchOptions.KUBE_SCHEDULER_DEFAULTS -> {
                    process = SchedulerProcess.kubeScheduler(scheduler, layout.binary("kube-scheduler"),
                            plane.kubeconfig(), null, plane.runDir(), freePort());
                    clientSettings = "client at its defaults: QPS 50, burst 100";
                }
                default -> {
                    process = SchedulerProcess.wattshift(o, plane.kubeconfig(), plane.runDir());
                    clientSettings = "fabric8 8.0 client: no client-side QPS/burst limit; JVM "
                            + String.join(" ", o.wattshiftJavaOpts());
                }
            }
            SchedulerProcess p = process;
            sampler = new ProcessSampler(p.pid());
            CompletableFuture<Long> synced = scheduler.equals(BenchOptions.WATTSHIFT)
                    ? CompletableFuture.supplyAsync(() -> {
                        try {
                            return p.awaitLog("informers synced", FIRST_BIND_TIMEOUT);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                    })
                    : CompletableFuture.completedFuture(null);
            BindWatch.Result binds = watch.await(o.pods(), Duration.ofSeconds(o.settleSeconds()), FIRST_BIND_TIMEOUT);
            if (binds.bound() == 0) {
                throw new IllegalStateException(scheduler + " bound nothing in " + FIRST_BIND_TIMEOUT + "; log "
                        + p.log);
            }
            ProcessStats first = sampler.at(binds.firstBindNanos());
            ProcessStats last = sampler.at(binds.lastBindNanos());
            String latency = "";
            if (scheduler.equals(BenchOptions.WATTSHIFT)) {
                latency = LatencyHistogram.parse(metrics(p.httpPort()), LATENCY).summary();
            }
            Long syncedAt = synced.getNow(null);
            double syncedToFirst = syncedAt == null ? Double.NaN : (binds.firstBindNanos() - syncedAt) / 1e9;
            long events = scheduledEvents(client);
            sampler.close();
            int exit = p.stop();
            long errors = p.logText().lines().filter(l -> l.contains("Client is closed")
                    || l.contains("RejectedExecutionException") || l.contains("Exception in thread")).count();
            return new Run(scheduler, clientSettings, binds, (binds.firstBindNanos() - p.startedNanos()) / 1e9,
                    syncedToFirst, first, last, events, latency, exit, errors);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            if (process != null) {
                process.close();
            }
            workload.clean();
        }
    }

    /** Scheduled events in the bench namespace, counting each aggregated one as often as it happened. */
    static long scheduledEvents(KubernetesClient client) {
        return client.v1().events().inNamespace(BenchWorkload.NAMESPACE).list().getItems().stream()
                .filter(e -> "Scheduled".equals(e.getReason())).mapToLong(BenchVsKubeScheduler::occurrences).sum();
    }

    static long occurrences(Event e) {
        if (e.getSeries() != null && e.getSeries().getCount() != null) {
            return Math.max(1, e.getSeries().getCount());
        }
        return e.getCount() == null ? 1 : Math.max(1, e.getCount());
    }

    private static String metrics(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String line(Run r, BenchOptions o) {
        double window = r.atLastBind().cpuSince(r.atFirstBind());
        String gangs = o.gang() > 0 ? String.format(Locale.ROOT, " (%.1f gangs/s)", r.binds().podsPerSecond() / o.gang())
                : "";
        return String.format(Locale.ROOT, "%-24s %5d bound in %7.2f s: %8.1f pods/s%s | first bind %.2f s after start%s"
                + " | CPU %.1f s (%.1f s in the bind window), %.2f ms/pod | RSS %d MiB (peak %d MiB) | %d Scheduled "
                + "events | exit %d%s | %s",
                r.name(), r.binds().bound(), r.binds().seconds(), r.binds().podsPerSecond(), gangs,
                r.startToFirstBindSeconds(), Double.isNaN(r.syncedToFirstBindSeconds()) ? ""
                        : String.format(Locale.ROOT, " (%.2f s after informers synced)", r.syncedToFirstBindSeconds()),
                r.atLastBind().cpuSeconds(), window, r.cpuPerPodMillis(), r.atLastBind().rssBytes() >> 20,
                r.atLastBind().peakRssBytes() >> 20, r.scheduledEvents(), r.exitStatus(),
                r.shutdownErrors() > 0 ? ", " + r.shutdownErrors() + " shutdown error lines" : "", r.client());
    }

    static String report(List<Run> runs, BenchOptions o) {
        StringBuilder out = new StringBuilder();
        runs.stream().filter(r -> !r.latency().isEmpty()).forEach(r -> out.append(r.name()).append(' ')
                .append(LATENCY).append(": ").append(r.latency()).append('\n'));
        Run watt = runs.stream().filter(r -> r.name().equals(BenchOptions.WATTSHIFT)).findFirst().orElse(null);
        for (String reference : List.of(BenchOptions.KUBE_SCHEDULER_DEFAULTS, BenchOptions.KUBE_SCHEDULER)) {
            Run kube = runs.stream().filter(r -> r.name().equals(reference)).findFirst().orElse(null);
            if (watt != null && kube != null) {
                String label = reference.equals(BenchOptions.KUBE_SCHEDULER) ? "kube-scheduler" : reference;
                out.append(String.format(Locale.ROOT, "ratio wattshift/%s pods/s: %.2f (CPU per bound pod: %.2f)%n",
                        label, watt.binds().podsPerSecond() / kube.binds().podsPerSecond(),
                        watt.cpuPerPodMillis() / kube.cpuPerPodMillis()));
            }
        }
        return out.toString().stripTrailing();
    }

    /** Samples a process's /proc figures every 50 ms, so a run's CPU can be read at its first and last bind. */
    static final class ProcessSampler implements AutoCloseable {
        private record Sample(long nanos, ProcessStats stats) {
        }

        private final ConcurrentLinkedDeque<Sample> samples = new ConcurrentLinkedDeque<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-proc-sampler");
            t.setDaemon(true);
            return t;
        });

        ProcessSampler(long pid) {
            timer.scheduleAtFixedRate(() -> {
                try {
                    samples.add(new Sample(System.nanoTime(), ProcessStats.of(pid)));
                } catch (RuntimeException exited) {
                    // the process ended: keep what was sampled
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        /** The first sample taken at or after {@code nanos} (the latest one if none is). */
        ProcessStats at(long nanos) {
            for (Sample s : samples) {
                if (s.nanos() >= nanos) {
                    return s.stats();
                }
            }
            Sample last = samples.peekLast();
            if (last == null) {
                throw new IllegalStateException("no /proc sample of the scheduler");
            }
            return last.stats();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
