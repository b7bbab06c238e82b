package io.wattshift.scheduler.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scheduler run} refuses a half or broken TLS configuration before it touches the cluster. */
class RunCommandTest {
  @TempDir
  Path dir;

  private String run(int expectedExit, String... args) {
    StringWriter err = new StringWriter();
    int rc = new CommandLine(new RunCommand()).setErr(new PrintWriter(err, true)).execute(args);
    assertEquals(expectedExit, rc, err.toString());
    return err.toString();
  }

  @Test
  void onlyOneTlsFlagIsAUsageErrorNamingTheOther() throws Exception {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\n");
    String err = run(2, "--tls-cert-file", cert.toString());
    assertTrue(err.startsWith("--tls-cert-file and --tls-key-file go together"), err);
    assertTrue(err.contains("only --tls-cert-file was given"), err);
    assertTrue(err.contains("Usage: run"), "picocli's usage follows: " + err);
  }

  @Test
  void aMissingKubeconfigIsAUsageError() {
    Path missing = dir.resolve("nope.yaml");
    String err = run(2, "--kubeconfig", missing.toString());
    assertTrue(err.startsWith("--kubeconfig " + missing + ": no such readable file"), err);
  }

  @Test
  void theKubeconfigFileNamesTheCluster() throws Exception {
    Path file = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
          - name: site
            cluster: {server: "https://10.1.2.3:6443", insecure-skip-tls-verify: true}
        users:
          - name: ops
            user: {token: abc}
        contexts:
          - name: site
            context: {cluster: site, user: ops, namespace: wattshift-system}
        current-context: site
        """);
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs("--kubeconfig", file.toString());
    var config = command.clientConfig();
    assertEquals("https://10.1.2.3:6443/", config.getMasterUrl());
    assertEquals("wattshift-system", config.getNamespace());
  }

  @Test
  void aCertificateFileThatIsNotPemIsAUsageError() throws Exception {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "not pem");
    String err = run(2, "--tls-cert-file", cert.toString(), "--tls-key-file", dir.resolve("tls.key").toString());
    assertTrue(err.startsWith("--tls-cert-file " + cert + " holds no PEM certificate"), err);
  }
}
