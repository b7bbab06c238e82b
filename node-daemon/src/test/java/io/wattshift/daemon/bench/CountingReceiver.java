package io.wattshift.daemon.bench;

import io.vertx.core.Vertx;
import io.wattshift.wire.SampleBatch;
import io.wattshift.wire.WireCodec;
import io.wattshift.wire.WireMessage;
import io.wattshift.wire.WirePaths;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in scheduler for scripts/bench-daemon.sh: accepts the daemon's telemetry WebSocket (any bearer token),
 * decodes every frame and counts samples, so the daemon under measurement streams as it would in a cluster.
 * Prints {@code port=N} once listening and {@code samples=N} on exit.
 */
public final class CountingReceiver {
    private CountingReceiver() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        AtomicLong samples = new AtomicLong();
        AtomicLong frames = new AtomicLong();
        Vertx vertx = Vertx.vertx();
        var server = vertx.createHttpServer().requestHandler(req -> {
            if (!WirePaths.TELEMETRY.equals(req.path()) || req.getHeader("Authorization") == null) {
                req.response().setStatusCode(401).end();
                return;
            }
            req.toWebSocket().onSuccess(ws -> ws.binaryMessageHandler(b -> {
                WireMessage m = WireCodec.decode(b.getBytes());
                frames.incrementAndGet();
                if (m instanceof SampleBatch batch) {
                    samples.addAndGet(batch.samples().size());
                }
            }));
        }).listen(port, "127.0.0.1").await();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("samples=" + samples.get() + " frames=" + frames.get())));
        System.out.println("port=" + server.actualPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
