package io.firegrid.gateway.mqtt;

import io.firegrid.protocol.FireGridException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.impl.MqttServerConnection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The MQTT server socket, with admission before CONNECT: vertx-mqtt's protocol handling behind
 * FireGrid's own connection handling.
 *
 * <p>Why not {@code MqttServer.create}: vertx-mqtt 4.5.27 gives the application nothing before a
 * CONNECT is decoded (its server installs the decoder, with one size limit for every packet, in its
 * own connect handler) and no way to stop reading a connection ({@code NetSocket.pause()} does not
 * hold back decoded packets, which go straight to its message handler). So this class builds the
 * server from a Vert.x {@link NetServer} and does in its connect handler what
 * {@code MqttServerImpl.listen} does (the same pipeline handlers under the same names, then a
 * {@link MqttServerConnection} that decodes CONNECT and drives the {@link MqttEndpoint}), with
 * three additions: an admission check that closes sockets beyond the connection limits before
 * anything is read; a {@link ConnectGuard} in front of the decoder (CONNECT size and deadline); and a
 * Netty {@link FlowControlHandler} behind it, so that {@link MqttConnection#pauseReading()} holds
 * back packets already decoded as well as unread bytes. Over TLS the {@link NetServer} itself is
 * plain and this class adds the TLS handler in front of the others once the socket is admitted,
 * through a {@link HandshakeGate} (a few handshakes per event loop at a time), so the admission and
 * the CONNECT deadline hold from the TCP connection on, before any handshake work.
 *
 * <p>What this leans on beyond public API, all of it checked early: the public classes
 * {@code io.vertx.mqtt.impl.MqttServerConnection} (its constructor) and
 * {@code io.vertx.core.net.impl.NetSocketInternal} (the socket's Netty pipeline), and
 * {@code io.vertx.core.net.impl.ConnectionBase.writeToChannel} (the PUBACK of a stored reading,
 * {@link MqttConnection#acknowledge}), checked by the compiler; the pipeline names "handler", "idle" and "timeoutOnConnect", which every MQTT test
 * exercises; and one method handle to the package-private
 * {@code MqttServerConnection.handleMessage(Object)}, looked up when this class loads, so that a
 * vertx-mqtt upgrade without it stops the gateway at start with a message saying so instead of
 * misbehaving at run time. Chosen over a copy of the MQTT state machine (more code to keep right)
 * and over a proxy in front of vertx-mqtt (a second socket per device). Revisit on a Vert.x
 * upgrade: vertx-mqtt 5 may offer what is missing here. Websocket transport, which FireGrid does
 * not offer, is left out.
 *
 * <p>Thread model: one {@link NetServer} per Vert.x event loop (as many as
 * {@code VertxOptions.getEventLoopPoolSize()}, twice the cores by default), all listening on the
 * same host and port, each created on an event-loop context of its own, so that Vert.x hands the
 * accepted connections round-robin to them and the MQTT work of many devices uses every core
 * instead of one. A connection's handlers all run on the event loop of the server that accepted
 * it. What is shared between connections is thread-safe: the {@link MqttAdmission} (one count and
 * one connection rate for every server, plain and TLS), the adapter's session maps, the registry.
 * The contexts come from {@code VertxInternal.createEventLoopContext()}, one more internal API
 * this class leans on (each call takes the next event loop of the pool).
 */
final class MqttListener {

    private static final MethodHandle HANDLE_MESSAGE = handleMessage();
    /** The negative port each listener on a random port uses to share it among its servers. */
    private static final AtomicInteger RANDOM_PORT_SHARES = new AtomicInteger();

    /** What the adapter gets for each decoded CONNECT: the endpoint and its socket. */
    @FunctionalInterface
    interface EndpointHandler {
        void connected(MqttEndpoint endpoint, MqttConnection connection);
    }

    private final Vertx vertx;
    private final MqttServerOptions options;
    private final MqttLimits limits;
    private final MqttAdmission admission;
    private final EndpointHandler endpoints;
    private final BiConsumer<FireGridException, String> refused;
    private final Handler<Throwable> exceptions;
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    /** TLS of every socket, its handler added after admission; null for plain MQTT. */
    private final SslContext tls;
    /** The handshakes of each event loop's sockets, a few at a time (the handlers run on their socket's loop). */
    private final ThreadLocal<HandshakeGate> handshakes = ThreadLocal.withInitial(HandshakeGate::new);

    /**
     * @param tls TLS for every socket (null: plain MQTT); its handshake starts only after the
     *            admission check, so the connection bounds hold for sockets that never finish one too,
     *            and a refused socket costs no handshake
     * @param refused told of every socket closed before its CONNECT, with the remote address
     * @param exceptions told of protocol errors of connections (bad packets)
     */
    MqttListener(Vertx vertx, MqttServerOptions options, SslContext tls, MqttLimits limits, MqttAdmission admission,
                 EndpointHandler endpoints, BiConsumer<FireGridException, String> refused, Handler<Throwable> exceptions) {
        this.tls = tls;
        this.vertx = vertx;
        this.options = options;
        this.limits = limits;
        this.admission = admission;
        this.endpoints = endpoints;
        this.refused = refused;
        this.exceptions = exceptions;
    }

    /**
     * Binds one server per event loop on the same port (the configured one, or one free port
     * shared by all for 0); completes with the bound port.
     */
    Future<Integer> listen() {
        int loops = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        int count = Math.max(1, loops);
        // port 0 would give each server a port of its own: Vert.x shares a random port between
        // servers that listen on the same negative port instead, one number per listener (the
        // plain and the TLS listener must not end up on one port)
        int port = options.getPort() == 0 ? RANDOM_PORT_SHARES.decrementAndGet() : options.getPort();
        return listenOn(port).compose(bound -> {
            List<Future<Integer>> more = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                more.add(listenOn(port));
            }
            return Future.all(more).map(bound);
        });
    }

    /** One server on its own event-loop context, listening on {@code port}. */
    private Future<Integer> listenOn(int port) {
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        Promise<Integer> bound = context.promise();
        context.runOnContext(v -> {
            NetServer server = vertx.createNetServer(options);
            servers.add(server);
            server.connectHandler(this::onSocket);
            server.listen(port, options.getHost()).map(NetServer::actualPort).onComplete(bound);
        });
        return bound.future();
    }

    /** How many servers share the port (one per event loop once {@link #listen} completed). */
    int servers() {
        return servers.size();
    }

    Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (NetServer server : servers) {
            closing.add(server.close());
        }
        return Future.join(closing).mapEmpty();
    }

    private void onSocket(NetSocket socket) {
        String address = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        FireGridException over = admission.admit(address);
        if (over != null) {
            refused.accept(over, address);
            socket.close();
            return;
        }
        NetSocketInternal so = (NetSocketInternal) socket;
        Channel channel = so.channelHandlerContext().channel();
        channel.closeFuture().addListener(f -> admission.release(address));
        ChannelPipeline pipeline = so.channelHandlerContext().pipeline();
        // no byte has been read yet: the TLS handler goes first, and everything behind it sees clear text
        SslHandler ssl = tls == null ? null : tls.newHandler(channel.alloc());
        if (ssl != null) {
            ssl.setHandshakeTimeout(limits.connectTimeoutSeconds(), TimeUnit.SECONDS);
            handshakes.get().enter(channel, ssl);
        }
        // the names are vertx-mqtt's: MqttServerConnection removes "idle" and "timeoutOnConnect" at CONNECT
        pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
        pipeline.addBefore("handler", "idle", new IdleStateHandler(limits.connectTimeoutSeconds(), 0, 0));
        pipeline.addBefore("handler", ConnectGuard.NAME, new ConnectGuard(limits.maxConnectBytes(),
                limits.connectTimeoutSeconds(), e -> refused.accept(e, address)));
        pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(options.getMaxMessageSize(), options.getMaxClientIdLength()));
        pipeline.addBefore("handler", "flowControl", new FlowControlHandler());
        MqttConnection connection = new MqttConnection(so, vertx.getOrCreateContext(), address);
        if (ssl != null) {
            // completed on this event loop, before the first bytes the handshake decrypts go up the pipeline
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    connection.certificateName = ClientCertificate.commonName(ssl.engine().getSession());
                } else {
                    // an old protocol, no common suite, a foreign or expired client certificate, no handshake in time
                    refused.accept(new FireGridException(FireGridException.Status.UNAUTHORIZED, "tls-handshake",
                            String.valueOf(f.cause().getMessage())), address);
                }
            });
        }
        MqttServerConnection mqtt = new MqttServerConnection(so, endpoint -> {
            connection.handedOver = true;
            endpoints.connected(endpoint, connection);
        }, exceptions, options);
        so.eventHandler(ReferenceCountUtil::release);
        // a CONNECT the decoder cannot read fails the socket before vertx-mqtt sets its own handler
        // (at CONNECT); without this one Vert.x logs each at ERROR and nobody counts it
        // (a failed handshake is counted once, as tls-handshake, above)
        so.exceptionHandler(ssl == null ? exceptions : t -> {
            if (ssl.handshakeFuture().isSuccess()) {
                exceptions.handle(t);
            }
        });
        so.messageHandler(msg -> {
            synchronized (mqtt) {
                try {
                    deliver(mqtt, msg);
                } catch (IllegalStateException e) {
                    if (!isBeforeConnect(e)) {
                        throw e;
                    }
                    // a packet pipelined behind a CONNECT that vertx-mqtt refused itself (an empty client id
                    // without a clean session): the client was never accepted, so nothing it sends counts
                    // (vertx-mqtt has released the message's buffer already). Behind a connection the
                    // adapter refused or closed (its own refusal counted then), packets already on their
                    // way are no bad packets: dropped uncounted, as a closed socket would have
                    if (!connection.handedOver) {
                        exceptions.handle(e);
                    }
                    so.close();
                }
            }
        });
    }

    /** vertx-mqtt's refusal of a packet from a client whose CONNECT it did not accept. */
    private static boolean isBeforeConnect(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().contains("not connected client");
    }

    private static void deliver(MqttServerConnection connection, Object msg) {
        try {
            HANDLE_MESSAGE.invokeExact(connection, msg);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle handleMessage() {
        try {
            return MethodHandles.privateLookupIn(MqttServerConnection.class, MethodHandles.lookup())
                    .findVirtual(MqttServerConnection.class, "handleMessage", MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(new IllegalStateException("this vertx-mqtt has no "
                    + "MqttServerConnection.handleMessage(Object): FireGrid's MQTT endpoint is built for vertx-mqtt 4.5.x", e));
        }
    }

    /**
     * The socket of one MQTT connection, to stop and restart reading it and to acknowledge a stored
     * PUBLISH; its context runs its handlers.
     */
    static final class MqttConnection {

        /** PUBACK's fixed header: packet type 4, no flags; remaining length 2 (the packet id alone). */
        private static final int PUBACK_TYPE = 0x40;
        private static final int PUBACK_REMAINING = 0x02;

        private final Channel channel;
        private final ConnectionBase socket;
        private final ChannelHandlerContext handler;
        private final Context context;
        private final String address;

        /** Set when the TLS handshake completes, before any packet is decoded (on the connection's event loop only). */
        private String certificateName;
        /** Its CONNECT was handed to the adapter (on the connection's event loop only). */
        private boolean handedOver;

        MqttConnection(NetSocketInternal socket, Context context, String address) {
            this.handler = socket.channelHandlerContext();
            this.channel = handler.channel();
            this.socket = (ConnectionBase) socket;
            this.context = context;
            this.address = address;
        }

        /** The CN of the client certificate the TLS handshake verified, null without one. */
        String certificateName() {
            return certificateName;
        }

        /**
         * Sends a PUBACK with reason Success for {@code messageId}: the four bytes {@code 40 02 id id},
         * the same packet for MQTT 3.1.1 and 5 (MQTT 5, 3.4.2.1: reason code and properties are left
         * out for Success without properties, which is also what Netty's {@code MqttEncoder} sends).
         *
         * <p>Why not {@code MqttEndpoint.publishAcknowledge}: for each PUBACK it builds a fixed header,
         * a variable header, a message and a promise with its future, takes the socket's lock and runs
         * the message through {@code MqttEncoder}; for the one packet sent per reading that was a tenth
         * of the event loops' samples. This writes the encoded bytes through Vert.x's own write path
         * (the socket's {@link ConnectionBase#writeToChannel}), so the order against the endpoint's
         * other writes and Vert.x's flushing at the end of a read are kept. A write that fails (the
         * socket closed meanwhile) reaches the socket's exception handler, as the endpoint's would.
         * Call on the connection's event loop, after checking that the endpoint is connected.
         */
        void acknowledge(int messageId) {
            ByteBuf packet = channel.alloc().ioBuffer(4, 4);
            packet.writeByte(PUBACK_TYPE).writeByte(PUBACK_REMAINING).writeShort(messageId);
            socket.writeToChannel(packet, handler.voidPromise());
        }

        /** Stops reading the socket; packets already decoded are held back too. */
        void pauseReading() {
            channel.config().setAutoRead(false);
        }

        /** Reads the socket again, starting with the packets held back. */
        void resumeReading() {
            channel.config().setAutoRead(true);
        }

        boolean isOpen() {
            return channel.isActive();
        }

        /** Runs {@code action} on the connection's own context. */
        void run(Runnable action) {
            context.runOnContext(v -> action.run());
        }

        /** The remote IP address. */
        String address() {
            return address;
        }
    }
}
