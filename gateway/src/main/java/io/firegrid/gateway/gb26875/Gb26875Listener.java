package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.endpoint.BindFailure;
import io.firegrid.gateway.endpoint.Server;
import io.firegrid.protocol.gb26875.Frame;
import io.firegrid.protocol.gb26875.FrameReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GB/T 26875.3 endpoint: a TCP listener where UITDs connect and send frames. Each connection
 * gets a {@link FrameReader} (frames split or joined by TCP come out whole; bad bytes are skipped
 * and counted, the connection goes on) and handles its frames one after the other, in order,
 * through {@link UitdFrames}, writing each answer as soon as it is decided.
 *
 * <p>Bounds ({@link Gb26875Options}): connections, frames per second per connection, frames
 * waiting per connection (the socket is paused), idle time. No TLS: the standard has none; run it
 * over a VPN or a TLS tunnel (docs/gb26875.md), so {@link #startTls()} completes with -1.
 */
public final class Gb26875Listener implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(Gb26875Listener.class);

    private final Vertx vertx;
    private final String host;
    private final Gb26875Options options;
    private final UitdFrames frames;
    private final MeterRegistry meters;
    private final AtomicInteger open = new AtomicInteger();
    private final Timer answered;
    private NetServer server;

    public Gb26875Listener(Vertx vertx, String host, Gb26875Options options, UitdFrames frames, MeterRegistry meters) {
        this.vertx = vertx;
        this.host = host;
        this.options = options;
        this.frames = frames;
        this.meters = meters;
        Gauge.builder("firegrid.gb26875.connections", open, AtomicInteger::get)
                .description("GB/T 26875.3 connections open").register(meters);
        this.answered = Timer.builder("firegrid.gb26875.answer")
                .description("from a frame's last byte read to its answer written (a confirm after the store's commit)")
                .register(meters);
    }

    @Override
    public Future<Integer> start() {
        if (options.port() < 0) {
            return Future.succeededFuture(-1);
        }
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(options.port())
                .setIdleTimeout(options.idleSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS).setTcpNoDelay(true));
        server.connectHandler(this::connected);
        return BindFailure.explain(server.listen().map(NetServer::actualPort), "GB/T 26875.3", options.port(),
                Gb26875Options.PORT.name()).map(bound -> {
                    LOG.info("GB/T 26875.3 listening [host: {}, port: {}]", host, bound);
                    return bound;
                });
    }

    @Override
    public Future<Integer> startTls() {
        return Future.succeededFuture(-1);
    }

    @Override
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void connected(NetSocket socket) {
        if (open.incrementAndGet() > options.maxConnections()) {
            open.decrementAndGet();
            frames.refused("too-many-connections");
            LOG.debug("GB/T 26875.3 connection refused, {} open [from: {}]", options.maxConnections(), socket.remoteAddress());
            socket.close();
            return;
        }
        new Session(socket, Vertx.currentContext());
    }

    /** One connection: reads frames, answers them one at a time, in order. Runs on its event loop. */
    private final class Session {
        private final NetSocket socket;
        private final Context context;
        private final InetAddress from;
        private final FrameReader reader = new FrameReader();
        private final Deque<Frame> waiting = new ArrayDeque<>();
        private final Deque<Long> readAt = new ArrayDeque<>();
        private boolean busy;
        private boolean paused;
        private boolean closed;
        private double tokens;
        private long refilledAt = System.nanoTime();

        Session(NetSocket socket, Context context) {
            this.socket = socket;
            this.context = context;
            this.from = inet(socket.remoteAddress().hostAddress());
            this.tokens = options.framesPerSecond();
            socket.handler(this::read);
            socket.closeHandler(v -> closed());
            socket.exceptionHandler(t -> LOG.debug("GB/T 26875.3 connection error [from: {}]: {}", from, t.getMessage()));
            LOG.debug("GB/T 26875.3 connection [from: {}]", from);
        }

        private void read(Buffer buffer) {
            for (FrameReader.Result r : reader.feed(buffer.getBytes())) {
                if (r instanceof FrameReader.Problem p) {
                    // no answer: the addresses of a damaged frame are not sure; the UITD sends it again after its timeout
                    frames.refused(p.code());
                    LOG.debug("GB/T 26875.3 bytes skipped [from: {}, code: {}, bytes: {}]: {}", from, p.code(), p.bytes(),
                            p.reason());
                } else if (!takeToken()) {
                    socket.write(Buffer.buffer(frames.refuse(((FrameReader.Decoded) r).frame(), "rate").encode()));
                } else {
                    waiting.add(((FrameReader.Decoded) r).frame());
                    readAt.add(System.nanoTime());
                }
            }
            if (!paused && waiting.size() >= options.maxPending()) {
                paused = true;
                socket.pause();
            }
            next();
        }

        private void next() {
            if (busy || closed || waiting.isEmpty()) {
                return;
            }
            busy = true;
            Frame frame = waiting.poll();
            long t0 = readAt.poll();
            frames.onFrame(from, frame).onComplete(ar -> context.runOnContext(v -> {
                busy = false;
                if (ar.succeeded() && ar.result().isPresent() && !closed) {
                    socket.write(Buffer.buffer(ar.result().get().encode()));
                    answered.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                } else if (ar.failed()) {
                    LOG.warn("GB/T 26875.3 frame not answered [from: {}, serial: {}]", from, frame.serial(), ar.cause());
                }
                if (paused && waiting.size() < options.maxPending()) {
                    paused = false;
                    socket.resume();
                }
                next();
            }));
        }

        private boolean takeToken() {
            long now = System.nanoTime();
            tokens = Math.min(options.framesPerSecond(), tokens + (now - refilledAt) / 1e9 * options.framesPerSecond());
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        private void closed() {
            closed = true;
            open.decrementAndGet();
            FrameReader.Problem p = reader.finish();
            if (p != null) {
                frames.refused(p.code());
            }
            LOG.debug("GB/T 26875.3 connection closed [from: {}, unanswered: {}]", from, waiting.size());
        }
    }

    private static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + literal, e);
        }
    }
}
