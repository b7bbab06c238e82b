package io.wattshift.sim;

import io.wattshift.engine.model.JobKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Trace readers.
 *
 * <p><b>Our CSV</b> ({@code --trace FILE.csv}): header {@code submit_s,duration_s,type,workers,gpus_per_worker,
 * priority,tenant}, optional column {@code preemptible} (true/false; default: true when priority is 0). One job a
 * line; {@code submit_s} seconds from the start, {@code duration_s} the run time at full GPU speed, {@code type}
 * {@code training} (a gang of workers) or {@code inference} (replicas, all needed at once). Blank lines and lines
 * starting with # are skipped.
 *
 * <p><b>Alibaba openb</b> ({@code --trace-format alibaba-openb}, the pod list of the ATC'23 FGD trace,
 * alibaba/clusterdata cluster-trace-gpu-v2023): each pod with {@code num_gpu >= 1} becomes a one-pod job of
 * {@code num_gpu} whole GPUs (a fractional {@code gpu_milli} share rounds up to the GPU), arriving at
 * {@code creation_time} and running {@code deletion_time - creation_time}; qos LS and Guaranteed become inference
 * at priority 100, Burstable training at 50, BE preemptible training at 0; the tenant is the qos class. Pods
 * without GPUs or with no run time are skipped and counted.
 *
 * <p>Both readers refuse a job that could never run on the site even when it is empty (a pod larger than every
 * node, or more pods than the empty site holds): it would otherwise only show up as "never started".
 */
public final class Traces {
    /** A read trace with what was skipped, so totals can be checked. */
    public record Trace(List<TraceJob> jobs, int skipped, String source) {
    }

    static final List<String> OUR_COLUMNS =
        List.of("submit_s", "duration_s", "type", "workers", "gpus_per_worker", "priority", "tenant");
    static final List<String> OPENB_COLUMNS =
        List.of("name", "num_gpu", "qos", "creation_time", "deletion_time");

    private Traces() {
    }

    public static Trace readCsv(Path file, SiteConfig site) {
        CsvLines csv = CsvLines.read(file, OUR_COLUMNS);
        List<TraceJob> jobs = new ArrayList<>();
        for (int i = 0; i < csv.size(); i++) {
            long submit = csv.integer(i, "submit_s", 0);
            long duration = csv.integer(i, "duration_s", 1);
            String t = csv.text(i, "type").toLowerCase(Locale.ROOT);
            JobKind type;
            if (t.equals("training")) {
                type = JobKind.TRAINING;
            } else if (t.equals("inference")) {
                type = JobKind.INFERENCE;
            } else {
                throw csv.error(i, "type", "must be training or inference, got '" + t + "'");
            }
            int workers = csv.intValue(i, "workers", 1);
            int gpus = csv.intValue(i, "gpus_per_worker", 1);
            checkFits(csv, i, site, "workers", workers, "gpus_per_worker", gpus);
            int priority = csv.intValue(i, "priority", Integer.MIN_VALUE);
            String tenant = csv.text(i, "tenant");
            if (tenant.isEmpty()) {
                throw csv.error(i, "tenant", "is empty");
            }
            boolean preemptible = priority == 0;
            if (csv.has("preemptible")) {
                String p = csv.text(i, "preemptible").toLowerCase(Locale.ROOT);
                if (!p.equals("true") && !p.equals("false")) {
                    throw csv.error(i, "preemptible", "must be true or false, got '" + p + "'");
                }
                preemptible = p.equals("true");
            }
            jobs.add(new TraceJob(tenant + "/job-" + csv.line(i), submit, duration, type, workers, gpus, priority,
                tenant, preemptible));
        }
        return new Trace(sorted(jobs), 0, file.toString());
    }

    public static Trace readAlibabaOpenb(Path file, SiteConfig site) {
        CsvLines csv = CsvLines.read(file, OPENB_COLUMNS);
        List<TraceJob> jobs = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < csv.size(); i++) {
            int gpus = csv.intValue(i, "num_gpu", 0);
            long created = csv.integer(i, "creation_time", 0);
            long deleted = csv.integer(i, "deletion_time", 0);
            if (gpus == 0 || deleted <= created) {
                skipped++;
                continue;
            }
            checkFits(csv, i, site, null, 1, "num_gpu", gpus);
            String qos = csv.text(i, "qos");
            if (qos.isEmpty()) {
                throw csv.error(i, "qos", "is empty"); // the tenant is the qos class: a job would have none
            }
            JobKind type = qos.equals("LS") || qos.equals("Guaranteed") ? JobKind.INFERENCE : JobKind.TRAINING;
            int priority = type == JobKind.INFERENCE ? 100 : qos.equals("Burstable") ? 50 : 0;
            String tenant = qos.toLowerCase(Locale.ROOT);
            jobs.add(new TraceJob(tenant + "/" + csv.text(i, "name"), created, deleted - created, type, 1, gpus,
                priority, tenant, priority == 0));
        }
        return new Trace(sorted(jobs), skipped, file.toString());
    }

    /** Refuses a row whose pods (of {@code gpus} GPUs, {@code pods} of them) the empty site could never hold. */
    private static void checkFits(CsvLines csv, int row, SiteConfig site, String podsColumn, int pods,
                                  String gpusColumn, int gpus) {
        int largest = site.largestNodeGpus();
        if (gpus > largest) {
            throw csv.error(row, gpusColumn, gpus + " GPUs per pod fit on no node of the site (the largest has "
                + largest + ")");
        }
        long slots = site.podSlots(gpus);
        if (pods > slots) {
            throw csv.error(row, podsColumn, pods + " pods of " + gpus + " GPUs cannot all run: the whole site holds "
                + slots);
        }
    }

    private static List<TraceJob> sorted(List<TraceJob> jobs) {
        List<TraceJob> list = new ArrayList<>(jobs);
        list.sort(Comparator.comparingLong(TraceJob::submitS));
        return List.copyOf(list);
    }
}
