package io.wattshift.daemon.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the daemon streams telemetry.
 *
 * @param schedulerUrl base URL of the scheduler's HTTP server ({@code http://} or {@code https://})
 * @param tokenFile the ServiceAccount token to present (re-read on every connect: projected tokens rotate)
 * @param caFile PEM trust for an {@code https://} scheduler; empty for the JVM's default trust. The scheduler's host
 *               name (the URL's host) must be among its certificate's subject alternative names
 * @param minBackoff first reconnect delay, doubled per failure up to {@code maxBackoff}
 * @param maxBackoff longest reconnect delay
 * @param bufferSamples samples kept while the scheduler is unreachable (oldest dropped beyond)
 * @param keepAlive ping period; a stream that reads nothing (no pong) for three periods is dropped and reconnected,
 *                  so a dead network path is noticed in seconds rather than at TCP's retransmission timeout
 * @param allowCleartext send the token over plain {@code http://} to a host other than loopback (where something
 *                       else protects the network: a service mesh, an encrypting CNI). Without it such a URL is
 *                       refused here, at start-up: the token would cross the pod network readable by anyone on it
 * @throws IllegalArgumentException for a URL that is not http(s), a CA file with an {@code http://} URL or that
 *                                  holds no PEM certificate, or clear text to another host without
 *                                  {@code allowCleartext}
 */
public record StreamConfig(URI schedulerUrl, Path tokenFile, Optional<Path> caFile, Duration minBackoff,
                           Duration maxBackoff, int bufferSamples, Duration keepAlive, boolean allowCleartext) {
    public StreamConfig {
        String scheme = schedulerUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheduler URL must be http:// or https://, got " + schedulerUrl);
        }
        if (schedulerUrl.getHost() == null) {
            throw new IllegalArgumentException("scheduler URL has no host: " + schedulerUrl);
        }
        if ("http".equals(scheme) && caFile.isPresent()) {
            throw new IllegalArgumentException("--scheduler-ca-file is for an https:// scheduler URL, got " + schedulerUrl);
        }
        if ("http".equals(scheme) && !allowCleartext && !isLoopback(schedulerUrl.getHost())) {
            throw new IllegalArgumentException("refusing to send the ServiceAccount token in clear text to " + schedulerUrl
                    + ": use an https:// scheduler URL (and --scheduler-ca-file), or pass --allow-insecure-stream where"
                    + " the network is protected otherwise (a service mesh, an encrypting CNI)");
        }
        caFile.ifPresent(StreamConfig::checkCaBundle);
    }

    /** Plain {@code http://} to loopback (local development, tests): the token never leaves the machine. */
    public StreamConfig(URI schedulerUrl, Path tokenFile, Optional<Path> caFile, Duration minBackoff,
                        Duration maxBackoff, int bufferSamples, Duration keepAlive) {
        this(schedulerUrl, tokenFile, caFile, minBackoff, maxBackoff, bufferSamples, keepAlive, false);
    }

    /** True for {@code localhost} and loopback IP literals; never resolves a name (no DNS at start-up). */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.contains(":") && !h.matches("[0-9.]+")) {
            return false; // a name: resolving it here would make the decision depend on DNS
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // an IP literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** At start-up rather than at every connect: a wrong mount is an operator error, not a network fault. */
    private static void checkCaBundle(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException("--scheduler-ca-file " + file + " holds no PEM certificate");
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("--scheduler-ca-file " + file + " is not a readable PEM CA bundle: " + e);
        }
    }

    /** True when the token crosses a network unencrypted (allowed with {@link #allowCleartext()}). */
    boolean cleartextOffHost() {
        return !tls() && !isLoopback(schedulerUrl.getHost());
    }

    boolean tls() {
        return "https".equals(schedulerUrl.getScheme());
    }

    int port() {
        return schedulerUrl.getPort() > 0 ? schedulerUrl.getPort() : (tls() ? 443 : 80);
    }
}
