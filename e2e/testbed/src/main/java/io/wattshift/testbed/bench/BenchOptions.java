package io.wattshift.testbed.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@code e2e/bench-vs-kube-scheduler}.
 *
 * @param nodes              kwok GPU nodes (8 GPUs each)
 * @param pods               pending pods created before each scheduler starts
 * @param gang               pods per gang (0: single pods of 1 GPU; K: gangs of K pods of 8 GPUs, a whole node each)
 * @param halls              halls the nodes are split into (one Hall object each)
 * @param powerPercent       hall feeds as a percentage of the pods' demand in them (0: sized never to bind)
 * @param qps                client QPS (and burst) given to the tuned kube-scheduler run
 * @param schedulers         which runs, in order: {@code kube-scheduler}, {@code kube-scheduler-defaults},
 *                           {@code wattshift}
 * @param wattshiftJavaOpts  JVM options of the Wattshift process
 * @param wattshiftArgs      extra {@code scheduler run} flags
 * @param jfr                JFR recording of the Wattshift run, if wanted
 * @param schedulerJar       the shaded {@code wattshift-scheduler.jar}
 * @param settleSeconds      a run ends when no bind arrived for this long (or when every pod is bound)
 */
public record BenchOptions(int nodes, int pods, int gang, int halls, int powerPercent, int qps, List<String> schedulers,
        List<String> wattshiftJavaOpts, List<String> wattshiftArgs, Optional<Path> jfr, Path schedulerJar,
        int settleSeconds) {

    public static final String KUBE_SCHEDULER = "kube-scheduler";
    public static final String KUBE_SCHEDULER_DEFAULTS = "kube-scheduler-defaults";
    public static final String WATTSHIFT = "wattshift";
    /** The chart's JVM options with its 1 GiB memory limit (MaxRAM stands in for the container limit). */
    public static final List<String> CHART_JAVA_OPTS = List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError");

    public static final String USAGE = """
            usage: e2e/bench-vs-kube-scheduler --nodes N --pods M [--gang K] [options]
              --nodes N              kwok GPU nodes of 8 GPUs (default 500)
              --pods M               pending pods (default 2000); with --gang, M/K gangs
              --gang K               gangs of K pods of 8 GPUs (Wattshift only; kube-scheduler places the same pods
                                     one by one, for reference)
              --halls H              halls the nodes are split into (default 4)
              --power-percent P      hall feeds at P %% of the pods' demand (default 0: sized never to bind)
              --qps Q                kube-scheduler client QPS and burst in its tuned run (default 5000)
              --only LIST            runs, comma-separated, from kube-scheduler,kube-scheduler-defaults,wattshift
              --java-opts "OPTS"     Wattshift JVM options (default: the chart's, %s)
              --scheduler-arg ARG    an extra `scheduler run` flag (repeatable)
              --jfr FILE             record the Wattshift run with JFR into FILE
              --jar FILE             the scheduler jar (default scheduler/app/target/wattshift-scheduler.jar)
              --settle S             end a run after S s without a bind (default 15)
            """.formatted(String.join(" ", CHART_JAVA_OPTS));

    public BenchOptions {
        positive("--nodes", nodes);
        positive("--pods", pods);
        positive("--halls", halls);
        positive("--qps", qps);
        positive("--settle", settleSeconds);
        if (gang < 0) {
            throw new IllegalArgumentException("--gang must be 0 (single pods) or a gang size, not " + gang);
        }
        if (gang > 0 && pods % gang != 0) {
            throw new IllegalArgumentException("--pods " + pods + " is not a whole number of gangs of " + gang);
        }
        if (powerPercent < 0 || powerPercent > 100) {
            throw new IllegalArgumentException("--power-percent must be 0 (never binds) to 100, not " + powerPercent);
        }
        if (halls > nodes) {
            throw new IllegalArgumentException("--halls " + halls + " is more than --nodes " + nodes);
        }
        for (String s : schedulers) {
            if (!List.of(KUBE_SCHEDULER, KUBE_SCHEDULER_DEFAULTS, WATTSHIFT).contains(s)) {
                throw new IllegalArgumentException("unknown run '" + s + "' in --only (kube-scheduler, "
                        + "kube-scheduler-defaults, wattshift)");
            }
        }
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("--only names no run");
        }
        long gpusWanted = (long) pods * gpusPerPod(gang);
        if (gpusWanted > 8L * nodes) {
            throw new IllegalArgumentException(pods + " pods of " + gpusPerPod(gang) + " GPUs do not fit on " + nodes
                    + " nodes of 8 GPUs");
        }
        schedulers = List.copyOf(schedulers);
        wattshiftJavaOpts = List.copyOf(wattshiftJavaOpts);
        wattshiftArgs = List.copyOf(wattshiftArgs);
    }

    /** GPUs each pod asks for: 1 for single pods, a whole node (8) for gang members. */
    public static int gpusPerPod(int gang) {
        return gang > 0 ? 8 : 1;
    }

    public int gpusPerPod() {
        return gpusPerPod(gang);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message naming the bad option. */
    public static BenchOptions parse(String[] args, Path repoRoot) {
        int nodes = 500;
        int pods = 2000;
        int gang = 0;
        int halls = 4;
        int power = 0;
        int qps = 5000;
        int settle = 15;
        List<String> runs = List.of(KUBE_SCHEDULER, KUBE_SCHEDULER_DEFAULTS, WATTSHIFT);
        List<String> javaOpts = CHART_JAVA_OPTS;
        List<String> extra = new ArrayList<>();
        Optional<Path> jfr = Optional.empty();
        Path jar = repoRoot.resolve("scheduler/app/target/wattshift-scheduler.jar");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--nodes" -> nodes = integer(flag, value);
                case "--pods" -> pods = integer(flag, value);
                case "--gang" -> gang = integer(flag, value);
                case "--halls" -> halls = integer(flag, value);
                case "--power-percent" -> power = integer(flag, value);
                case "--qps" -> qps = integer(flag, value);
                case "--settle" -> settle = integer(flag, value);
                case "--only" -> runs = List.of(value.split(","));
                case "--java-opts" -> javaOpts = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--scheduler-arg" -> extra.add(value);
                case "--jfr" -> jfr = Optional.of(Path.of(value).toAbsolutePath());
                case "--jar" -> jar = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return new BenchOptions(nodes, pods, gang, halls, power, qps, runs, javaOpts, extra, jfr, jar, settle);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not '" + value + "'");
        }
    }

    private static void positive(String flag, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
    }
}
