package io.wattshift.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scheduler under test in its own process, its output in a log file: kube-scheduler from the test bed, or
 * {@code scheduler run} from the shaded jar. Stopped with SIGTERM (then SIGKILL after 15 s).
 */
final class SchedulerProcess implements AutoCloseable {
    private static final Pattern HTTP_PORT = Pattern.compile("on port (\\d+)");
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    final String name;
    final Path log;
    private final Process process;
    private final long startedNanos;

    private SchedulerProcess(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.log = log;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        try {
            startedNanos = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * kube-scheduler with a profile named {@code wattshift}, so it takes the bench's pods; {@code qps} null keeps the
     * client at its defaults (QPS 50, burst 100).
     */
    static SchedulerProcess kubeScheduler(String name, Path binary, Path kubeconfig, Integer qps, Path dir, int port) {
        Path config = dir.resolve(name + ".yaml");
        String client = qps == null ? "" : "\n  qps: %d\n  burst: %d".formatted(qps, qps);
        write(config, """
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                clientConnection:
                  kubeconfig: %s%s
                leaderElection:
                  leaderElect: false
                profiles:
                  - schedulerName: %s
                """.formatted(kubeconfig, client, BenchWorkload.SCHEDULER_NAME));
        return new SchedulerProcess(name, List.of(binary.toString(), "--config", config.toString(),
                "--authentication-kubeconfig", kubeconfig.toString(), "--authorization-kubeconfig",
                kubeconfig.toString(), "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(port),
                "--v", "1"), Map.of(), dir.resolve(name + ".log"));
    }

    /** {@code java <javaOpts> -jar <jar> run ...} with the admin kubeconfig; its HTTP port is chosen free. */
    static SchedulerProcess wattshift(BenchOptions options, Path kubeconfig, Path dir) {
        Path jar = dir.resolve("wattshift-scheduler.jar");
        try {
            // A copy: a rebuild of the module during the run cannot pull classes from under the process.
            Files.copy(options.schedulerJar(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + options.schedulerJar()
                    + " (build it: mvn -pl scheduler/app -am package -DskipTests)", e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(options.wattshiftJavaOpts());
        options.jfr().ifPresent(file -> command.add("-XX:StartFlightRecording=filename=" + file
                + ",settings=profile,dumponexit=true"));
        command.addAll(List.of("-jar", jar.toString(), "run", "--identity", "wattshift-bench", "--lease-namespace",
                "default", "--http-port", "0"));
        command.addAll(options.wattshiftArgs());
        return new SchedulerProcess(BenchOptions.WATTSHIFT, command, Map.of("KUBECONFIG", kubeconfig.toString()),
                dir.resolve("wattshift.log"));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log shows {@code text}; the {@link System#nanoTime()} it was first seen (polled every 10 ms). */
    long awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logText().contains(text)) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + "); log " + log);
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; log " + log);
    }

    /** Wattshift's HTTP port, from its start-up line. */
    int httpPort() throws InterruptedException {
        awaitLog("on port", Duration.ofSeconds(60));
        Matcher m = HTTP_PORT.matcher(logText());
        if (!m.find()) {
            throw new IllegalStateException("no HTTP port in " + log);
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGTERM, then SIGKILL after the grace; the exit status (or -1 when it had to be killed). */
    int stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly().waitFor();
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
