package io.wattshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.wattshift.daemon.nvml.Nvml;
import io.wattshift.daemon.stream.StreamConfig;
import io.wattshift.daemon.stream.TelemetryStream;
import io.wattshift.scheduler.http.HttpEndpoints;
import io.wattshift.scheduler.http.ServerTls;
import io.wattshift.scheduler.telemetry.DaemonIdentity;
import io.wattshift.scheduler.telemetry.TelemetryEndpoint;
import io.wattshift.scheduler.telemetry.TelemetryMetrics;
import io.wattshift.scheduler.telemetry.TelemetryStore;
import io.wattshift.scheduler.telemetry.TokenRejectedException;
import io.wattshift.testbed.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The daemon's stream over real TLS on loopback to the scheduler's real HTTP server ({@link HttpEndpoints} with
 * {@link ServerTls}) and telemetry endpoint: certificates from a throwaway CA made at test time ({@link TestPki}).
 * Trust and host-name checks must refuse what they should, and a refused handshake must be retried, counted and
 * logged, never crash the daemon nor fall back to clear text.
 */
class TlsStreamTest {
    private static final String TOKEN = "sa-token-tls";
    /** The names the chart's Service gives the scheduler; what a production certificate carries. */
    private static final String SERVICE_DNS = "dns:wattshift-scheduler.wattshift-system.svc";

    @TempDir
    static Path pkiDir;
    private static TestPki ca;
    private static TestPki otherCa;
    private static TestPki.ServerCert loopbackCert;
    private static TestPki.ServerCert serviceOnlyCert;

    @TempDir
    Path dir;
    private Vertx vertx;
    private Nvml nvml;
    private TelemetryStore store;
    private TelemetryEndpoint endpoint;
    private PrometheusMeterRegistry daemonRegistry;
    private final AtomicInteger tokensPresented = new AtomicInteger();
    private final List<ILoggingEvent> logs = new CopyOnWriteArrayList<>();
    private AppenderBase<ILoggingEvent> appender;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestPki.create(pkiDir.resolve("ca"));
        otherCa = TestPki.create(pkiDir.resolve("other-ca"));
        loopbackCert = ca.issue("loopback", SERVICE_DNS, "dns:localhost", "ip:127.0.0.1");
        serviceOnlyCert = ca.issue("service-only", SERVICE_DNS);
    }

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        FakeNvml.withGpus(2);
        nvml = Nvml.open(Optional.of(FakeNvml.path()));
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        store = new TelemetryStore(Clock.systemUTC(), Duration.ofSeconds(30));
        endpoint = new TelemetryEndpoint(vertx, () -> true, token -> tokensPresented.incrementAndGet() > 0 && TOKEN.equals(token)
                ? Future.succeededFuture(new DaemonIdentity("system:serviceaccount:ws:daemon", Optional.of("gpu-node-1")))
                : Future.failedFuture(new TokenRejectedException("not authenticated")),
                store, new TelemetryMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), store, Clock.systemUTC()));
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                logs.add(event);
            }
        };
        appender.start();
        ((Logger) LoggerFactory.getLogger(TelemetryStream.class)).addAppender(appender);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger(TelemetryStream.class)).detachAppender(appender);
        vertx.close().await(10, TimeUnit.SECONDS);
        nvml.close();
    }

    /** The scheduler's HTTP server as {@code scheduler run --tls-cert-file --tls-key-file} starts it. */
    private int startScheduler(TestPki.ServerCert cert) throws Exception {
        Optional<ServerTls> tls = ServerTls.fromFlags(cert.certFile(), cert.keyFile());
        return HttpEndpoints.start(vertx, 0, tls, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true,
                List.of(endpoint::mount)).await(10, TimeUnit.SECONDS).actualPort();
    }

    private Daemon deploy(String schedulerUrl, Path trustedCa) throws Exception {
        StreamConfig stream = new StreamConfig(URI.create(schedulerUrl), dir.resolve("token"), Optional.of(trustedCa),
                Duration.ofMillis(50), Duration.ofMillis(200), 1000, Duration.ofMillis(200));
        DaemonConfig config = new DaemonConfig("gpu-node-1", Optional.of(stream), Duration.ofMillis(100), "127.0.0.1", 0,
                true, dir.resolve("caps.properties"), false);
        daemonRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Daemon daemon = new Daemon(nvml, config, daemonRegistry, Optional.empty(), Clock.systemUTC());
        vertx.deployVerticle(daemon).await(10, TimeUnit.SECONDS);
        return daemon;
    }

    private double streamFailures(String reason) {
        return daemonRegistry.get("wattshift.daemon.stream.failures").tag("reason", reason).counter().count();
    }

    private boolean samplesArrived() {
        return store.node("gpu-node-1").map(v -> v.samples() > 0).orElse(false);
    }

    @Test
    void telemetryStreamsOverTlsAndTheProbesAnswerOnTheSamePortOverHttpsOnly() throws Exception {
        int port = startScheduler(loopbackCert);
        deploy("https://localhost:" + port, ca.caCert);

        Await.until("samples over wss:// in the scheduler's store", Duration.ofSeconds(10), this::samplesArrived);
        assertEquals(List.of("gpu-node-1"), List.copyOf(endpoint.connectedNodes()));
        assertEquals(1.0, daemonRegistry.get("wattshift.daemon.stream.connected").gauge().value());
        assertTrue(logs.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                "no clear-text warning, no failure: " + logs.stream().map(ILoggingEvent::getFormattedMessage).toList());

        // a kubelet probe with scheme: HTTPS (it does not verify; this client does, by IP SAN)
        int health = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caCert.toString())))
                .request(HttpMethod.GET, port, "127.0.0.1", "/readyz").compose(r -> r.send())
                .await(5, TimeUnit.SECONDS).statusCode();
        assertEquals(200, health);
        // nothing is served in clear text on the TLS port
        Future<Integer> plain = vertx.createHttpClient().request(HttpMethod.GET, port, "127.0.0.1", "/healthz")
                .compose(r -> r.send()).map(r -> r.statusCode());
        assertTrue(plain.transform(ar -> Future.succeededFuture(ar.failed())).await(5, TimeUnit.SECONDS),
                "plain HTTP on the TLS port must fail, got " + plain.result());
    }

    @Test
    void aSchedulerCertificateFromAnotherCaIsRefusedRetriedAndCountedWithoutCrashing() throws Exception {
        int port = startScheduler(loopbackCert);
        Daemon daemon = deploy("https://localhost:" + port, otherCa.caCert);

        Await.until("several refused handshakes, retried", Duration.ofSeconds(10), () -> streamFailures("tls") >= 3);
        assertTrue(store.node("gpu-node-1").isEmpty(), "no telemetry without a trusted handshake");
        assertEquals(0, tokensPresented.get(), "no token sent to an untrusted server");
        assertTrue(endpoint.connectedNodes().isEmpty());
        assertEquals(0.0, daemonRegistry.get("wattshift.daemon.stream.connected").gauge().value());
        assertEquals(0.0, streamFailures("network"));
        assertTrue(daemonRegistry.get("wattshift.daemon.stream.reconnects").counter().count() >= 3);
        // the daemon lives on: still sampling, its health endpoint answers
        double samples = daemonRegistry.get("wattshift.daemon.samples").counter().count();
        Await.until("sampling goes on", Duration.ofSeconds(5),
                () -> daemonRegistry.get("wattshift.daemon.samples").counter().count() > samples);
        int health = vertx.createHttpClient().request(HttpMethod.GET, daemon.httpPort(), "127.0.0.1", "/healthz")
                .compose(r -> r.send()).await(5, TimeUnit.SECONDS).statusCode();
        assertEquals(200, health);
        String warning = logs.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("TLS handshake failed")).findFirst().orElse("none");
        assertTrue(warning.contains("--scheduler-ca-file"), warning);
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
        // signed by the trusted CA, but only for the Service's name: the daemon dials 127.0.0.1
        int port = startScheduler(serviceOnlyCert);
        deploy("https://127.0.0.1:" + port, ca.caCert);

        Await.until("refused handshakes", Duration.ofSeconds(10), () -> streamFailures("tls") >= 2);
        assertTrue(store.node("gpu-node-1").isEmpty());
        String warning = logs.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("TLS handshake failed")).findFirst().orElse("none");
        assertTrue(warning.contains("names host 127.0.0.1"), warning);
        assertTrue(warning.toLowerCase().contains("subject alternative name"), "the JDK's reason is passed on: " + warning);
    }

    @Test
    void aSchedulerServingPlainHttpIsAHandshakeFailureNotAFallback() throws Exception {
        int port = HttpEndpoints.start(vertx, 0, Optional.empty(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true, List.of(endpoint::mount)).await(10, TimeUnit.SECONDS).actualPort();
        deploy("https://localhost:" + port, ca.caCert);

        Await.until("refused handshakes", Duration.ofSeconds(10), () -> streamFailures("tls") >= 2);
        assertEquals(0, tokensPresented.get(), "the token never went out in clear text");
        assertTrue(store.node("gpu-node-1").isEmpty());
    }
}
