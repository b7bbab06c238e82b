package io.wattshift.testbed.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.wattshift.testbed.RunningControlPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every run of the bench gets, identical: one Site, the Halls over the kwok nodes, and the same pending pods
 * (schedulerName {@code wattshift}: kube-scheduler runs with a profile of that name, so both see the same objects).
 */
final class BenchWorkload {
    private static final Logger LOG = LoggerFactory.getLogger(BenchWorkload.class);
    static final String NAMESPACE = "wattshift-bench";
    static final String SCHEDULER_NAME = "wattshift";
    private static final int WRITERS = 16;

    private final RunningControlPlane plane;
    private final KubernetesClient client;
    private final BenchOptions options;

    BenchWorkload(RunningControlPlane plane, BenchOptions options) {
        this.plane = plane;
        this.client = plane.client();
        this.options = options;
    }

    /** Hall names and their node counts: the nodes split evenly, the remainder to the first halls. */
    static List<Map.Entry<String, Integer>> halls(int nodes, int halls) {
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        for (int h = 0; h < halls; h++) {
            out.add(Map.entry("bench-h" + (h + 1), nodes / halls + (h < nodes % halls ? 1 : 0)));
        }
        return out;
    }

    /** The Site and Halls as YAML, sized by {@link PowerSizing}. */
    static String powerObjects(BenchOptions o) {
        StringBuilder yaml = new StringBuilder();
        double sum = 0;
        for (Map.Entry<String, Integer> hall : halls(o.nodes(), o.halls())) {
            double feed = PowerSizing.hallFeedKw(hall.getValue(), o.nodes(), o.pods(), o.gpusPerPod(), o.powerPercent());
            sum += feed;
            yaml.append("""
                    apiVersion: wattshift.io/v1alpha1
                    kind: Hall
                    metadata:
                      name: %1$s
                    spec:
                      site: bench-site
                      feedKilowatts: %2$.0f
                      cooling:
                        capacityKilowatts: %2$.0f
                        overheadPercent: %3$d
                      nodeSelector:
                        wattshift.io/hall: %1$s
                      hostOverheadWatts: %4$d
                      gpuNameplateWatts: %5$d
                    ---
                    """.formatted(hall.getKey(), feed, PowerSizing.COOLING_OVERHEAD_PERCENT,
                    PowerSizing.HOST_OVERHEAD_WATTS, PowerSizing.GPU_NAMEPLATE_WATTS));
        }
        yaml.append("""
                apiVersion: wattshift.io/v1alpha1
                kind: Site
                metadata:
                  name: bench-site
                spec:
                  interconnectKilowatts: %.0f
                  reserveKilowatts: 0
                """.formatted(PowerSizing.siteKw(sum)));
        return yaml.toString();
    }

    /** The nodes (in parallel, Ready), the namespace and its default service account, the Site and the Halls. */
    void prepare() {
        for (Map.Entry<String, Integer> hall : halls(options.nodes(), options.halls())) {
            plane.addGpuNodes(hall.getKey(), hall.getValue());
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).createOr(existing -> existing.update());
        // Pod admission needs the namespace's default ServiceAccount, which the controller manager makes.
        io.wattshift.testbed.Await.until("the default service account in " + NAMESPACE, Duration.ofSeconds(60),
                () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
        plane.kubectlWithInput(powerObjects(options), "apply", "-f", "-").orThrow();
    }

    /** The pods of one run, by name; identical for every run. */
    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>(options.pods());
        for (int i = 0; i < options.pods(); i++) {
            PodBuilder pod = new PodBuilder().withNewMetadata().withName(String.format("bench-%05d", i))
                    .withNamespace(NAMESPACE).addToLabels("app", "wattshift-bench").endMetadata()
                    .withNewSpec().withSchedulerName(SCHEDULER_NAME).withAutomountServiceAccountToken(false)
                    .addNewContainer().withName("work").withImage("registry.invalid/bench:1")
                    .withNewResources().addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(options.gpusPerPod())))
                    .endResources().endContainer().endSpec();
            if (options.gang() > 0) {
                pod.editMetadata()
                        .addToAnnotations("wattshift.io/gang", String.format("gang-%05d", i / options.gang()))
                        .addToAnnotations("wattshift.io/gang-size", Integer.toString(options.gang()))
                        .endMetadata();
            }
            pods.add(pod.build());
        }
        return pods;
    }

    /** Creates every pod (in parallel) while no scheduler runs; they stay pending. */
    void createPods() {
        long started = System.nanoTime();
        parallel(pods(), pod -> client.pods().inNamespace(NAMESPACE).resource(pod).create());
        LOG.info("{} pods created in {} ms", options.pods(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Deletes the run's pods and events and waits until the pods are gone, so the next run starts from the same state. */
    void clean() {
        client.pods().inNamespace(NAMESPACE).withGracePeriod(0).delete();
        client.v1().events().inNamespace(NAMESPACE).delete();
        client.events().v1().events().inNamespace(NAMESPACE).delete();
        io.wattshift.testbed.Await.until("the bench pods deleted", Duration.ofMinutes(3),
                () -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    }

    private static <T> void parallel(List<T> items, java.util.function.Consumer<T> write) {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CompletableFuture.allOf(items.stream().map(item -> CompletableFuture.runAsync(() -> {
                try {
                    write.accept(item);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }, pool)).toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }
}
