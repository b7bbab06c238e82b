package io.wattshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    @Test
    void durationsAcceptTheChartsShortFormsAndIso() {
        Main.DurationConverter c = new Main.DurationConverter();
        assertEquals(Duration.ofMillis(1000), c.convert("1000ms"));
        assertEquals(Duration.ofSeconds(2), c.convert("2s"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofSeconds(1), c.convert("PT1S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("soon"));
    }

    @Test
    void tlsFlagsParse() {
        Main plain = new Main();
        new CommandLine(plain).parseArgs("--node-name=n1");
        assertEquals(false, plain.allowInsecureStream, "clear text needs the explicit flag");
        Main insecure = new Main();
        new CommandLine(insecure).parseArgs("--allow-insecure-stream", "--scheduler-ca=/etc/ca.crt");
        assertTrue(insecure.allowInsecureStream);
        assertEquals(java.nio.file.Path.of("/etc/ca.crt"), insecure.schedulerCa, "the old name still works");
        Main tls = new Main();
        new CommandLine(tls).parseArgs("--scheduler-ca-file", "/etc/wattshift/ca.crt", "--allow-insecure-stream=false");
        assertEquals(java.nio.file.Path.of("/etc/wattshift/ca.crt"), tls.schedulerCa);
        assertEquals(false, tls.allowInsecureStream);
    }

    @Test
    void aClearTextSchedulerUrlToAnotherHostIsRefusedAtStartUp() {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true));
        try {
            FakeNvml.withGpus(1);
            int rc = new CommandLine(new Main()).execute("--node-name=n1", "--nvml-library=" + FakeNvml.path(),
                    "--label-node=false", "--capping=false", "--scheduler-url=http://wattshift-scheduler.wattshift-system.svc:8080");
            assertEquals(2, rc);
        } finally {
            System.setErr(old);
        }
        assertTrue(bytes.toString().startsWith("configuration error: refusing to send the ServiceAccount token in clear text"),
                bytes.toString());
    }

    @Test
    void aMissingNvmlLibraryExitsWithTheOperatorHint() {
        StringWriter err = new StringWriter();
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true));
        try {
            int rc = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute(
                    "--node-name=n1", "--nvml-library=/nonexistent/libnvidia-ml.so.1", "--once");
            assertEquals(2, rc);
        } finally {
            System.setErr(old);
        }
        assertTrue(bytes.toString().startsWith("NVML not found: is the NVIDIA driver installed / the runtime class set?"), bytes.toString());
    }
}
