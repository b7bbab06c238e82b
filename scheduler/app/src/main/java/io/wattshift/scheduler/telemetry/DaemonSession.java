package io.wattshift.scheduler.telemetry;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.wattshift.wire.CapRequest;
import io.wattshift.wire.CapResult;
import io.wattshift.wire.Hello;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WireFormatException;
import io.wattshift.wire.WireMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated daemon connection: expects a {@link Hello} first, then feeds {@link SampleBatch}es to the sink
 * and matches {@link CapResult}s to the cap requests it sent. All state lives on the connection's event loop
 * ({@link #context}); {@link #sendCap} hops there.
 */
final class DaemonSession {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonSession.class);
    /** WebSocket close codes (RFC 6455). */
    private static final short POLICY_VIOLATION = 1008;
    private static final short UNSUPPORTED_DATA = 1003;
    private static final short NORMAL = 1000;
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final DaemonIdentity identity;
    private final TelemetryEndpoint endpoint;
    private final TelemetrySink sink;
    private final TelemetryMetrics metrics;
    private final Duration capTimeout;
    private final Context context;
    private final Map<Long, Promise<CapResult>> pending = new HashMap<>();
    private String node;
    private long helloTimer;
    private final long ageTimer;

    DaemonSession(Vertx vertx, ServerWebSocket ws, DaemonIdentity identity, TelemetryEndpoint endpoint, TelemetrySink sink,
                  TelemetryMetrics metrics, TelemetryEndpoint.Settings settings) {
        this.vertx = vertx;
        this.ws = ws;
        this.identity = identity;
        this.endpoint = endpoint;
        this.sink = sink;
        this.metrics = metrics;
        this.capTimeout = settings.capTimeout();
        this.context = vertx.getOrCreateContext();
        metrics.opened();
        ws.binaryMessageHandler(this::frame);
        ws.textMessageHandler(t -> violation(UNSUPPORTED_DATA, "text frames are not part of the telemetry protocol"));
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(e -> LOG.debug("telemetry stream from {} failed: {}", who(), e.toString()));
        Duration helloTimeout = settings.helloTimeout();
        helloTimer = vertx.setTimer(helloTimeout.toMillis(), id -> {
            if (node == null) {
                metrics.rejected("bad_hello");
                violation(POLICY_VIOLATION, "no hello within " + helloTimeout.toMillis() + " ms");
            }
        });
        ageTimer = vertx.setTimer(settings.maxSessionAge().toMillis(), id -> close("session age limit: reconnect and authenticate again"));
    }

    String node() {
        return node;
    }

    /** Sends a cap request; completes on this session's event loop. */
    Future<CapResult> sendCap(int gpuIndex, long milliwatts) {
        Promise<CapResult> promise = Promise.promise();
        context.runOnContext(v -> {
            long id = REQUEST_IDS.incrementAndGet();
            CapRequest request;
            try {
                request = new CapRequest(id, gpuIndex, milliwatts);
            } catch (IllegalArgumentException e) {
                promise.fail(e);
                return;
            }
            pending.put(id, promise);
            long timer = vertx.setTimer(capTimeout.toMillis(), t -> {
                Promise<CapResult> p = pending.remove(id);
                if (p != null) {
                    p.fail(new TimeoutException("node " + node + " did not answer cap request " + id + " within " + capTimeout));
                }
            });
            promise.future().onComplete(ar -> vertx.cancelTimer(timer));
            ws.writeBinaryMessage(Buffer.buffer(WireCodec.encode(request))).onFailure(e -> {
                Promise<CapResult> p = pending.remove(id);
                if (p != null) {
                    p.fail(e);
                }
            });
        });
        return promise.future();
    }

    void close(String reason) {
        ws.close(NORMAL, reason);
    }

    private void frame(Buffer frame) {
        WireMessage message;
        try {
            message = WireCodec.decode(frame.getBytes());
        } catch (WireFormatException e) {
            metrics.badFrame();
            violation(UNSUPPORTED_DATA, "bad frame: " + e.getMessage());
            return;
        }
        if (message instanceof Hello hello) {
            hello(hello);
        } else if (node == null) {
            metrics.rejected("bad_hello");
            violation(POLICY_VIOLATION, "the first message must be a hello");
        } else if (message instanceof SampleBatch batch) {
            sink.samples(node, batch);
            metrics.samples(batch.samples().size());
        } else if (message instanceof CapResult result) {
            Promise<CapResult> p = pending.remove(result.requestId());
            if (p != null) {
                p.complete(result);
            }
        } else {
            violation(POLICY_VIOLATION, "daemons do not send " + message.getClass().getSimpleName());
        }
    }

    private void hello(Hello hello) {
        if (node != null && !node.equals(hello.nodeName())) {
            violation(POLICY_VIOLATION, "one stream speaks for one node");
            return;
        }
        if (identity.boundNode().isPresent() && !identity.boundNode().get().equals(hello.nodeName())) {
            metrics.rejected("forbidden_node");
            LOG.warn("daemon on node {} claimed to be node {}: refused", identity.boundNode().get(), hello.nodeName());
            violation(POLICY_VIOLATION, "token is bound to node " + identity.boundNode().get() + ", not " + hello.nodeName());
            return;
        }
        vertx.cancelTimer(helloTimer);
        boolean first = node == null;
        node = hello.nodeName();
        if (first) {
            endpoint.register(this);
            metrics.node(node);
            LOG.info("telemetry stream from node {} ({} GPU(s), capping {})", node, hello.gpus().size(),
                    hello.cappingEnabled() ? "on" : "off");
        }
        sink.connected(hello);
    }

    private void violation(short code, String reason) {
        LOG.warn("closing telemetry stream from {}: {}", who(), reason);
        ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    }

    private void closed() {
        metrics.closed();
        vertx.cancelTimer(helloTimer);
        vertx.cancelTimer(ageTimer);
        pending.values().forEach(p -> p.tryFail(new NodeNotConnectedException(String.valueOf(node))));
        pending.clear();
        if (node != null && endpoint.unregister(this)) {
            sink.disconnected(node);
            LOG.info("telemetry stream from node {} closed", node);
        }
    }

    private String who() {
        return node != null ? "node " + node : ws.remoteAddress() + " (" + identity.username() + ")";
    }
}
