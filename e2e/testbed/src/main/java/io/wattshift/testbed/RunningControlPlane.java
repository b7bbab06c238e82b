package io.wattshift.testbed;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started control plane: etcd, kube-apiserver, kube-controller-manager and kwok on loopback, started and stopped
 * by {@code e2e/cluster} (the one start-up, shared with people who run it by hand). Its processes are guarded by this
 * JVM's pid, so even a killed JVM leaves nothing behind; {@link #close()} and a shutdown hook stop them sooner.
 *
 * <p>Thread-safe: the client is fabric8's (thread-safe) and the command helpers start a process per call.
 */
public final class RunningControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningControlPlane.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration NODES_READY_TIMEOUT = Duration.ofMinutes(2);
    private static final int NODE_WRITERS = 8;

    private final TestbedLayout layout;
    private final ControlPlaneConfig config;
    private final Path runDir;
    private final Map<String, String> env;
    private final KubernetesClient client;
    private final GpuNodeTemplate nodeTemplate;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningControlPlane(TestbedLayout layout, ControlPlaneConfig config, Path runDir, Map<String, String> env,
            Thread shutdownHook) {
        this.layout = layout;
        this.config = config;
        this.runDir = runDir;
        this.env = env;
        this.shutdownHook = shutdownHook;
        this.client = newClient(kubeconfig());
        this.nodeTemplate = GpuNodeTemplate.load(layout, client.getKubernetesSerialization());
    }

    /** Starts a control plane as {@code config} says, with its nodes Ready; blocks for the start-up (seconds). */
    public static RunningControlPlane start(TestbedLayout layout, ControlPlaneConfig config) {
        Path base = baseDir();
        StaleRuns.reap(base, layout);
        Path runDir = createRunDir(base);
        Thread hook = new Thread(() -> down(layout, runDir), "wattshift-testbed-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        RunningControlPlane plane;
        try {
            cluster(layout, upArguments(runDir, config)).orThrow();
            plane = new RunningControlPlane(layout, config, runDir, ClusterEnv.read(runDir), hook);
        } catch (RuntimeException e) {
            down(layout, runDir);
            removeHook(hook);
            throw new IllegalStateException("test bed failed to start; logs in " + runDir, e);
        }
        try {
            for (HallNodes hall : config.halls()) {
                plane.addGpuNodes(hall.hall(), hall.count());
            }
        } catch (RuntimeException e) {
            plane.close();
            throw new IllegalStateException("test bed failed to create its GPU nodes; logs in " + runDir, e);
        }
        LOG.info("test bed up in {} ms at {} (state and logs in {})",
                (System.nanoTime() - started) / 1_000_000, plane.serverUrl(), runDir);
        return plane;
    }

    /** The admin client (group system:masters); closed with the control plane. */
    public KubernetesClient client() {
        return client;
    }

    /** A new client for another kubeconfig (for example {@link #tenantKubeconfig()}); the caller closes it. */
    public KubernetesClient newClient(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin kubeconfig (token of user wattshift-admin in group system:masters). */
    public Path kubeconfig() {
        return Path.of(env.get("KUBECONFIG"));
    }

    /** A kubeconfig for user wattshift-tenant (group wattshift:tenants) with no RBAC grants of its own. */
    public Path tenantKubeconfig() {
        return Path.of(env.get("TENANT_KUBECONFIG"));
    }

    /** The API server's URL, {@code https://127.0.0.1:<port>}. */
    public String serverUrl() {
        return env.get("SERVER");
    }

    /** The folder with this control plane's kubeconfigs, certificates and component logs. */
    public Path runDir() {
        return runDir;
    }

    /**
     * Runs the test bed's {@code kubectl} (v1.35.4, the server's version) with the admin kubeconfig; never throws for
     * a non-zero exit (see {@link CommandResult#orThrow()}).
     */
    public CommandResult kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    /** Like {@link #kubectl(String...)} with {@code stdin} as standard input (for {@code apply -f -}). */
    public CommandResult kubectlWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(layout.binary("kubectl").toString(), "--kubeconfig",
                kubeconfig().toString()));
        command.addAll(Arrays.asList(args));
        return Commands.run(command, Map.of("KUBECONFIG", kubeconfig().toString()), stdin, COMMAND_TIMEOUT);
    }

    /**
     * {@code kubectl apply --server-side -f path} for CRD YAML (a file or folder), then waits until each CRD is
     * Established.
     *
     * @return the CRD names
     */
    public List<String> applyCrds(Path path) {
        // Server-side: a client-side apply stores the whole CRD in an annotation, which fails past 256 KiB.
        List<String> names = kubectl("apply", "--server-side", "--force-conflicts", "-o", "name", "-f",
                path.toString()).orThrow().stdout().lines()
                .filter(line -> line.startsWith("customresourcedefinition"))
                .map(line -> line.substring(line.indexOf('/') + 1))
                .toList();
        for (String name : names) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(
                    crd -> crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                            && crd.getStatus().getConditions().stream().anyMatch(
                                    c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    60, java.util.concurrent.TimeUnit.SECONDS);
        }
        return names;
    }

    /** Runs the test bed's {@code helm} (v4) against this API server, with its own cache and config folders. */
    public CommandResult helm(String... args) {
        List<String> command = new ArrayList<>(List.of(layout.binary("helm").toString()));
        command.addAll(Arrays.asList(args));
        Path helmHome = runDir.resolve("helm");
        return Commands.run(command, Map.of(
                "KUBECONFIG", kubeconfig().toString(),
                "HELM_CACHE_HOME", helmHome.resolve("cache").toString(),
                "HELM_CONFIG_HOME", helmHome.resolve("config").toString(),
                "HELM_DATA_HOME", helmHome.resolve("data").toString()), null, COMMAND_TIMEOUT);
    }

    /**
     * Creates {@code count} fake GPU nodes in {@code hall}, shaped as the config says (GPUs per node, model, nodes to
     * a rack), and waits until kwok has made them Ready. Names are {@code <hall>-r<rack>-n<index>}, numbered from 1
     * in each hall, so asking for the same count again changes nothing and a larger count adds the rest (existing
     * nodes are left as they are). The nodes are created in parallel through fabric8 (kubectl needs minutes of CPU
     * for a thousand).
     *
     * @return the node names, in index order
     */
    public List<String> addGpuNodes(String hall, int count) {
        long started = System.nanoTime();
        List<Node> nodes = nodeTemplate.nodes(new HallNodes(hall, count), config);
        ExecutorService pool = Executors.newFixedThreadPool(NODE_WRITERS, runnable -> {
            Thread thread = new Thread(runnable, "wattshift-testbed-nodes");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture.allOf(nodes.stream()
                    .map(node -> CompletableFuture.runAsync(() -> createUnlessExists(node), pool))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        long created = System.nanoTime();
        List<String> names = nodes.stream().map(node -> node.getMetadata().getName()).toList();
        awaitReady(hall, Set.copyOf(names));
        LOG.info("{} nodes in {} created in {} ms, Ready {} ms later", count, hall, (created - started) / 1_000_000,
                (System.nanoTime() - created) / 1_000_000);
        return names;
    }

    private void createUnlessExists(Node node) {
        try {
            client.nodes().resource(node).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void awaitReady(String hall, Set<String> names) {
        long deadline = System.nanoTime() + NODES_READY_TIMEOUT.toNanos();
        long ready = 0;
        while (System.nanoTime() < deadline) {
            ready = client.nodes().withLabel("wattshift.io/hall", hall).list().getItems().stream()
                    .filter(node -> names.contains(node.getMetadata().getName()))
                    .filter(RunningControlPlane::isReady)
                    .count();
            if (ready == names.size()) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("only " + ready + " of " + names.size() + " nodes in " + hall
                + " are Ready after " + NODES_READY_TIMEOUT.toSeconds() + " s; kwok log: " + runDir.resolve("kwok.log"));
    }

    /** True when the node's Ready condition is True. */
    public static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every process and deletes the etcd data; logs stay in {@link #runDir()}. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            down(layout, runDir);
            removeHook(shutdownHook);
        }
    }

    private static List<String> upArguments(Path runDir, ControlPlaneConfig config) {
        List<String> args = new ArrayList<>(List.of("up", "--dir", runDir.toString(),
                "--owner", Long.toString(ProcessHandle.current().pid())));
        if (!config.applyCrds()) {
            args.addAll(List.of("--crds", "none"));
        } else {
            config.crdDir().ifPresent(dir -> args.addAll(List.of("--crds", dir.toAbsolutePath().toString())));
        }
        if (!config.controllerManager()) {
            args.add("--no-controller-manager");
        }
        if (config.kubeScheduler()) {
            args.add("--kube-scheduler");
        }
        return args;
    }

    static CommandResult cluster(TestbedLayout layout, List<String> args) {
        List<String> command = new ArrayList<>(List.of(layout.clusterScript().toString()));
        command.addAll(args);
        return Commands.run(command, Map.of(), null, START_TIMEOUT);
    }

    static void down(TestbedLayout layout, Path runDir) {
        try {
            cluster(layout, List.of("down", "--dir", runDir.toString()));
        } catch (RuntimeException e) {
            LOG.warn("stopping the test bed in {} failed", runDir, e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself: nothing to remove
        }
    }

    static Path baseDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "wattshift-testbed");
    }

    private static Path createRunDir(Path base) {
        try {
            Files.createDirectories(base);
            return Files.createDirectory(base.resolve(ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet()
                    + "-" + System.currentTimeMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The KEY=value lines that {@code e2e/cluster up} writes to {@code cluster.env}. */
    static final class ClusterEnv {
        private ClusterEnv() {
        }

        static Map<String, String> read(Path runDir) {
            try (Stream<String> lines = Files.lines(runDir.resolve("cluster.env"))) {
                return lines.filter(line -> line.contains("="))
                        .collect(java.util.stream.Collectors.toUnmodifiableMap(
                                line -> line.substring(0, line.indexOf('=')),
                                line -> line.substring(line.indexOf('=') + 1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
