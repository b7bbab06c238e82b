package io.wattshift.daemon.stream;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import io.wattshift.daemon.metrics.DaemonMetrics;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.GpuSample;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WireFormatException;
import io.wattshift.wire.WireMessage;
import io.wattshift.wire.WirePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of the telemetry stream: one WebSocket (HTTP/1.1 upgrade) to the scheduler's
 * {@link WirePaths#TELEMETRY}, authenticated with {@code Authorization: Bearer <ServiceAccount token>}, carrying
 * binary {@link WireCodec} frames: {@link Hello} first, then {@link SampleBatch}es; the scheduler sends
 * {@link CapRequest}s back on the same socket and gets a {@link CapResult} for each.
 *
 * <p>While the scheduler is unreachable samples wait in a bounded {@link SampleBuffer}; the stream reconnects
 * with exponential backoff and jitter, and drains the backlog in batches of at most
 * {@link WireCodec#MAX_SAMPLES_PER_BATCH} samples, respecting the socket's write queue.
 *
 * <p>A {@code 503} with {@code Retry-After} is the scheduler's standby saying "not the leader": routine, since the
 * Service balances connections over both replicas. The stream retries after that many seconds (within
 * {@code [minBackoff, maxBackoff]}, plus jitter) without growing the backoff, logging the first refusal of a run
 * at info and the rest at debug. Any other failure, a 503 without {@code Retry-After} included (the scheduler cannot
 * check tokens), is a fault: warned and backed off exponentially.
 *
 * <p>TLS: an {@code https://} URL streams over {@code wss://}, trusting {@link StreamConfig#caFile()} (else the JVM's
 * trust store) and verifying that the URL's host is among the certificate's subject alternative names. A refused
 * handshake is a fault like any other (warned, counted as {@code tls}, backed off), never a reason to fall back to
 * clear text.
 *
 * <p>Threading: all methods run on the Vert.x context that called {@link #start()} (an event loop); cap requests
 * are handed to {@code capHandler}, which must not block (it hops to the NVML worker).
 */
public final class TelemetryStream {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryStream.class);

    private final Vertx vertx;
    private final StreamConfig config;
    private final Hello hello;
    private final Function<CapRequest, Future<CapResult>> capHandler;
    private final DaemonMetrics metrics;
    private final SampleBuffer buffer;
    private final WebSocketClient client;
    private WebSocket socket;
    private long sequence;
    private long backoffMillis;
    private int refusalsInARow;
    private boolean closed;

    public TelemetryStream(Vertx vertx, StreamConfig config, Hello hello,
                           Function<CapRequest, Future<CapResult>> capHandler, DaemonMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.hello = hello;
        this.capHandler = capHandler;
        this.metrics = metrics;
        this.buffer = new SampleBuffer(config.bufferSamples());
        // default frame size (64 KiB): a full batch goes out as two frames, which a default Vert.x server reassembles
        WebSocketClientOptions options = new WebSocketClientOptions().setSsl(config.tls()).setVerifyHost(true)
                .setConnectTimeout(10_000)
                .setReadIdleTimeout((int) (3 * config.keepAlive().toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        config.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
        this.client = vertx.createWebSocketClient(options);
        this.backoffMillis = config.minBackoff().toMillis();
    }

    public void start() {
        if (config.cleartextOffHost()) {
            LOG.warn("streaming telemetry and the ServiceAccount token to {} in clear text (--allow-insecure-stream):"
                    + " anyone on that network can read the token; prefer an https:// scheduler URL", config.schedulerUrl());
        }
        connect();
    }

    /** Queues one tick of samples and sends what the socket takes. */
    public void offer(List<GpuSample> tick) {
        int dropped = buffer.add(tick);
        if (dropped > 0) {
            metrics.droppedSamples(dropped);
        }
        flush();
    }

    /** Samples waiting to be sent. */
    public int buffered() {
        return buffer.size();
    }

    public boolean connected() {
        return socket != null;
    }

    public Future<Void> close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        Future<Void> closing = ws == null ? Future.succeededFuture() : ws.close();
        return closing.eventually(client::close);
    }

    private void connect() {
        if (closed) {
            return;
        }
        String token;
        try {
            token = Files.readString(config.tokenFile()).trim();
        } catch (IOException e) {
            LOG.error("cannot read the ServiceAccount token {}: {}", config.tokenFile(), e.toString());
            retryLater();
            return;
        }
        String basePath = config.schedulerUrl().getRawPath() == null ? "" : config.schedulerUrl().getRawPath().replaceAll("/+$", "");
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(config.schedulerUrl().getHost())
                .setPort(config.port())
                .setSsl(config.tls())
                .setTimeout(10_000) // a handshake into a partition must not hang the reconnect loop
                .setURI(basePath + WirePaths.TELEMETRY)
                .setHeaders(MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        client.connect(options).onComplete(ar -> {
            if (ar.succeeded()) {
                opened(ar.result());
                return;
            }
            OptionalLong retryAfter = retryAfterSeconds(ar.cause());
            if (retryAfter.isPresent()) {
                refused((UpgradeRejectedException) ar.cause(), retryAfter.getAsLong());
            } else {
                refusalsInARow = 0;
                failed(ar.cause());
                retryLater();
            }
        });
    }

    /** The {@code Retry-After} seconds of a 503 upgrade refusal; empty for every other failure. */
    static OptionalLong retryAfterSeconds(Throwable failure) {
        if (!(failure instanceof UpgradeRejectedException rejected) || rejected.getStatus() != 503
                || rejected.getHeaders() == null) {
            return OptionalLong.empty();
        }
        String value = rejected.getHeaders().get(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException httpDate) {
            return OptionalLong.of(0); // the HTTP-date form: still "come back later"; the minimum backoff it is
        }
    }

    private void failed(Throwable cause) {
        if (isTlsFailure(cause)) {
            metrics.streamFailure(DaemonMetrics.STREAM_FAILURE_TLS);
            LOG.warn("telemetry stream to {}: TLS handshake failed ({}); check that --scheduler-ca-file holds the CA"
                    + " that signed the scheduler's certificate and that the certificate names host {}",
                    config.schedulerUrl(), rootCause(cause), config.schedulerUrl().getHost());
        } else {
            metrics.streamFailure(cause instanceof UpgradeRejectedException
                    ? DaemonMetrics.STREAM_FAILURE_REJECTED : DaemonMetrics.STREAM_FAILURE_NETWORK);
            LOG.warn("telemetry stream to {} failed: {}", config.schedulerUrl(), cause.getMessage());
        }
    }

    /**
     * The innermost message: Vert.x's own ("Failed to create SSL connection") says nothing about why. Cut short, since
     * Netty appends a hex dump of what a clear-text server answered ("not an SSL/TLS record: 485454...").
     */
    private static String rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return message.length() <= 120 ? message : message.substring(0, 120) + "...";
    }

    /** The TLS layer said no (wrapped by Netty or Vert.x at any depth). */
    static boolean isTlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private void refused(UpgradeRejectedException refusal, long retryAfterSeconds) {
        // the scheduler is reachable and answering: whatever grew the backoff is over
        backoffMillis = config.minBackoff().toMillis();
        long delay = Math.min(Math.max(retryAfterSeconds * 1000, backoffMillis), config.maxBackoff().toMillis());
        if (refusalsInARow++ == 0) {
            String body = refusal.getBody() == null ? "" : refusal.getBody().toString().trim();
            LOG.info("telemetry stream to {} turned away ({}: {}); retrying every ~{} ms until a scheduler takes it",
                    config.schedulerUrl(), refusal.getStatus(), body.isEmpty() ? "no reason given" : body, delay);
        } else {
            LOG.debug("telemetry stream to {} turned away again ({} in a row)", config.schedulerUrl(), refusalsInARow);
        }
        retryIn(delay);
    }

    private void opened(WebSocket ws) {
        if (closed) {
            ws.close();
            return;
        }
        LOG.info("telemetry stream to {} open", config.schedulerUrl());
        socket = ws;
        sequence = 0;
        backoffMillis = config.minBackoff().toMillis();
        refusalsInARow = 0;
        metrics.connected(true);
        ws.binaryMessageHandler(this::received);
        ws.drainHandler(v -> flush());
        ws.exceptionHandler(e -> LOG.warn("telemetry stream error: {}", e.toString()));
        ws.closeHandler(v -> {
            if (socket == ws) {
                socket = null;
                metrics.connected(false);
                LOG.warn("telemetry stream closed by the scheduler (status {} {})", ws.closeStatusCode(), ws.closeReason());
                retryLater();
            }
        });
        ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(hello)));
        flush();
        // the scheduler answers pings with pongs; silence beyond the read-idle timeout closes the socket
        vertx.setPeriodic(config.keepAlive().toMillis(), id -> {
            if (socket != ws) {
                vertx.cancelTimer(id);
            } else {
                ws.writePing(Buffer.buffer());
            }
        });
    }

    private void received(Buffer frame) {
        WireMessage message;
        try {
            message = WireCodec.decode(frame.getBytes());
        } catch (WireFormatException e) {
            LOG.warn("ignoring a bad frame from the scheduler: {}", e.getMessage());
            return;
        }
        if (!(message instanceof CapRequest request)) {
            LOG.warn("ignoring an unexpected {} from the scheduler", message.getClass().getSimpleName());
            return;
        }
        WebSocket ws = socket;
        capHandler.apply(request).onComplete(ar -> {
            CapResult result = ar.succeeded() ? ar.result() : new CapResult(request.requestId(), request.gpuIndex(),
                    CapResult.Outcome.FAILED, WireCodec.ABSENT, "daemon error: " + ar.cause());
            metrics.capResult(result);
            if (ws != null && socket == ws) {
                ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(result)));
            }
        });
    }

    private void flush() {
        WebSocket ws = socket;
        while (ws != null && !buffer.isEmpty() && !ws.writeQueueFull()) {
            List<GpuSample> batch = buffer.take(WireCodec.MAX_SAMPLES_PER_BATCH);
            ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(new SampleBatch(sequence++, batch))))
                    .onFailure(e -> buffer.putBack(batch));
        }
    }

    /** After a fault: the current backoff, doubled for the next one. */
    private void retryLater() {
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, config.maxBackoff().toMillis());
        retryIn(delay);
    }

    /** Reconnects after {@code millis} plus up to a quarter more, so daemons dropped together do not return together. */
    private void retryIn(long millis) {
        if (closed) {
            return;
        }
        metrics.reconnectAttempt();
        vertx.setTimer(millis + ThreadLocalRandom.current().nextLong(millis / 4 + 1), id -> connect());
    }
}
