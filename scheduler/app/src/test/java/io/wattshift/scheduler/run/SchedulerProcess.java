package io.wattshift.scheduler.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code scheduler run} in its own JVM, as Kubernetes would run it: killable with SIGKILL. */
final class SchedulerProcess implements AutoCloseable {
  private static final Pattern PORT = Pattern.compile("on port (\\d+)");

  final String identity;
  final Path log;
  private final Process process;

  /**
   * Runs the shaded scheduler jar (copied into {@code logDir} first, so that a rebuild of the module during the test
   * cannot pull classes from under the running process) as {@code Main run}.
   */
  SchedulerProcess(String identity, Path kubeconfig, Path logDir) throws IOException {
    this(identity, kubeconfig, logDir, List.of());
  }

  /** @param extraArgs more flags of {@code run} (e.g. TLS) */
  SchedulerProcess(String identity, Path kubeconfig, Path logDir, List<String> extraArgs) throws IOException {
    this.identity = identity;
    this.log = logDir.resolve("scheduler-" + identity + ".log");
    Path jar = logDir.resolve("wattshift-scheduler.jar");
    if (!Files.exists(jar)) {
      Files.copy(Path.of(System.getProperty("wattshift.schedulerJar", "target/wattshift-scheduler.jar")), jar);
    }
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "run",
        "--identity", identity, "--lease-namespace", "default", "--http-port", "0", "--status-interval", "1s",
        "--resync", "10s"));
    command.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();
  }

  int httpPort() throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(until)) {
      if (Files.exists(log)) {
        Matcher m = PORT.matcher(Files.readString(log));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(identity + " exited: " + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(identity + " did not start HTTP; log: " + log);
  }

  /** Waits for the process to end; its exit status. */
  int exitStatus(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(identity + " still running after " + timeout);
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no lease release, no clean shutdown. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
