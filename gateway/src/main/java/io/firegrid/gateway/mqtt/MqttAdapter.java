package io.firegrid.gateway.mqtt;

import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.DeviceLogins;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.endpoint.BindFailure;
import io.firegrid.gateway.endpoint.Server;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.gateway.tls.ServerTls;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.protocol.ConnectProperties;
import io.firegrid.protocol.settings.Setting;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint (3.1.1 and 5) for devices, on vertx-mqtt.
 *
 * <p>A device connects as {@code {device}@{tenant}} with its password, publishes readings to
 * {@code telemetry} (QoS 0 or 1) and events to {@code event} (QoS 1), only for itself, and may
 * subscribe only to its own command topic. Each PUBLISH is parsed into a protocol record, handed to
 * the {@link IngestService}, and acknowledged (PUBACK) only once the service reports it durably
 * stored. A refused PUBLISH is counted ({@code firegrid_refused_total{protocol="mqtt",code=...}}),
 * logged at debug, and answered: MQTT 5 QoS 1 with a PUBACK reason code and reason string; MQTT 5
 * QoS 0 with a DISCONNECT reason code; MQTT 3.1.1, which has no way to refuse a message, by closing
 * the connection. Nothing one device sends can affect another device's connection.
 *
 * <p>Bounds, from {@link MqttLimits}: sockets beyond the connection limits are closed before
 * anything is read, and a socket must send a small CONNECT in time ({@link MqttListener},
 * {@link ConnectGuard}); CONNECTs beyond the connection rate get CONNACK 0x9F (MQTT 5) or 3
 * (3.1.1), and CONNECTs the password pool cannot take get 0x89 or 3. Passwords are checked through
 * {@link DeviceLogins}: after failed logins of a name or from an address a CONNACK comes late, and
 * a blocked name or address gets 0x8A (3.1.1: 5) at once, before the connection rate. At most
 * {@link MqttLimits#receiveMaximum()} messages of a connection wait for the store; while they do,
 * its socket is not read ({@link PublishWindow}), so a flooding device slows only itself. MQTT 5
 * clients are told that number as Receive Maximum and are disconnected with 0x93 when they send
 * more unacknowledged QoS 1 messages. A device has one connection: a second CONNECT closes the
 * first (MQTT 5: DISCONNECT 0x8E, session taken over) and the device stays connected. Open
 * connections are the gauge {@code firegrid_mqtt_connections}, messages waiting for the store
 * {@code firegrid_mqtt_in_flight}.
 *
 * <p>A reading the store refuses for lack of room ({@code store-busy} on its telemetry lane) is not
 * refused to the device when {@link #holdReadings} is wired and {@link MqttLimits#holdSeconds()} is
 * above 0: the connection holds it and its later readings, in order, is read only until its window
 * is full, and hands them over again when the lane has room ({@link RoomWaiters}); the client is
 * slowed by TCP, and a PUBACK still goes out only after the reading is stored. Events read meanwhile
 * go to the store at once. A hold that lasts {@link MqttLimits#holdSeconds()} ends as a refusal did
 * before: DISCONNECT 0x89 (3.1.1: closed). Counted: {@code firegrid_mqtt_paused_total} (holds
 * begun), {@code firegrid_mqtt_resumed_total}, {@code firegrid_mqtt_hold_expired_total}, and the
 * gauge {@code firegrid_mqtt_paused_connections} (connections holding now).
 */
public final class MqttAdapter implements CommandService.Transport, Server {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);

    /** The IANA port of MQTT without TLS. */
    public static final int DEFAULT_PORT = 1883;
    /** Plain MQTT's port; its bind failure names this variable. */
    public static final Setting<Integer> PORT = Setting.port("FIREGRID_MQTT_PORT", DEFAULT_PORT,
            "MQTT for devices").describedDefault(DEFAULT_PORT + "; -1 in production");
    /** The protocol name stored with every message this adapter accepts. */
    public static final String PROTOCOL = "mqtt";

    /**
     * The MQTT 5 CONNECT user property by which a client says it holds an event to send; such a
     * CONNECT has a small lane of its own in the connection rate (docs/overload.md, "Reconnect storms").
     */
    public static final String EVENT_WAITING = ConnectProperties.EVENT_WAITING;

    /**
     * Largest MQTT packet the decoder reads after CONNECT. Larger than the 16 KiB body limit on
     * purpose, so an oversized body is refused with a reason instead of a dropped connection.
     * Before CONNECT the far smaller {@link MqttLimits#maxConnectBytes()} applies.
     */
    public static final int DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

    /** One authenticated connection of a device. */
    private record Session(DeviceId device, MqttEndpoint endpoint, MqttListener.MqttConnection connection,
                           PublishWindow window, DeviceRegistry.Link link) {
        boolean v5() {
            return endpoint.protocolVersion() >= 5;
        }
    }

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final MqttLimits limits;
    private final DeviceRegistry registry;
    private final DeviceLogins logins;
    private final IngestService ingest;
    private final MessageCodec codec;
    private final MeterRegistry meters;
    private final CommandService commands;
    private final MqttAdmission admission;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DistributionSummary waitingPerConnection;
    private final Map<DeviceId, MqttEndpoint> commandSubscribers = new ConcurrentHashMap<>();
    private final Map<DeviceId, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger paused = new AtomicInteger();
    private final Counter holdsBegun;
    private final Counter holdsResumed;
    private final Counter holdsExpired;
    private final Counter connectsQueued;
    private RoomWaiters<Session> waiters;
    private int securePort = -1;
    private ServerTls tls;
    private MqttListener listener;
    private MqttListener secureListener;

    public MqttAdapter(Vertx vertx, String host, int port, MqttLimits limits, DeviceRegistry registry, DeviceLogins logins,
                       IngestService ingest, MessageCodec codec, MeterRegistry meters, CommandService commands) {
        this.logins = logins;
        this.commands = commands;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.registry = registry;
        this.ingest = ingest;
        this.codec = codec;
        this.meters = meters;
        this.admission = new MqttAdmission(limits, System::nanoTime);
        Gauge.builder("firegrid.mqtt.connections", admission, MqttAdmission::open).strongReference(true)
                .description("MQTT sockets open, those before their CONNECT included").register(meters);
        Gauge.builder("firegrid.mqtt.in.flight", inFlight, AtomicInteger::get).strongReference(true)
                .description("MQTT messages handed to the store and not yet answered").register(meters);
        this.waitingPerConnection = DistributionSummary.builder("firegrid.mqtt.connection.waiting")
                .description("messages of one connection waiting for the store, as each is handed over "
                        + "(bounded by FIREGRID_MQTT_RECEIVE_MAXIMUM)").register(meters);
        Gauge.builder("firegrid.mqtt.paused.connections", paused, AtomicInteger::get).strongReference(true)
                .description("MQTT connections holding a reading the store had no room for, not read meanwhile")
                .register(meters);
        this.holdsBegun = Counter.builder("firegrid.mqtt.paused").description("holds begun: a connection's reading "
                + "refused store-busy was kept and the connection paused instead of disconnected").register(meters);
        this.holdsResumed = Counter.builder("firegrid.mqtt.resumed").description("holds ended by the store "
                + "taking the held reading").register(meters);
        this.holdsExpired = Counter.builder("firegrid.mqtt.hold.expired").description("holds that lasted "
                + MqttLimits.HOLD_SECONDS.name() + ", ended with DISCONNECT 0x89 (3.1.1: closed)").register(meters);
        this.connectsQueued = Counter.builder("firegrid.mqtt.connect.queued").description("CONNECTs beyond the "
                + "connection rate answered after waiting their turn instead of refused 0x9F").register(meters);
        registry.lifecycle().revocations().listen(this::revoked);
    }

    /**
     * Closes the connection of a device that was decommissioned or whose password was revoked at
     * once: MQTT 5 DISCONNECT 0x87 (not authorized) with the reason, 3.1.1 closed. Counted as
     * {@code firegrid_connections_closed_total{protocol="mqtt",code=...}}.
     */
    private void revoked(io.firegrid.gateway.device.Revocations.Revoked r) {
        if (r.scope() == io.firegrid.gateway.device.Revocations.Scope.PSK_IDENTITY) {
            return;
        }
        Session session = sessions.get(r.device());
        if (session == null) {
            return;
        }
        session.connection().run(() -> {
            if (!session.endpoint().isConnected()) {
                return;
            }
            meters.counter("firegrid.connections.closed", "protocol", PROTOCOL, "code", r.reason().code()).increment();
            LOG.info("connection closed [device: {}, address: {}, code: {}]", r.device(), session.connection().address(),
                    r.reason().code());
            if (session.v5()) {
                session.endpoint().disconnect(MqttErrors.disconnectCode(r.reason()), reasonString(r.reason()));
            } else {
                session.endpoint().close();
            }
        });
    }

    /**
     * Has readings refused {@code store-busy} held until {@code room} says the store's telemetry lane
     * has room again, for at most {@link MqttLimits#holdSeconds()}; call before {@link #start()}.
     * Without it (or with 0 s) such a reading is refused at once.
     */
    public MqttAdapter holdReadings(StoreRoom room) {
        this.waiters = limits.holdSeconds() == 0 ? null : new RoomWaiters<>(room, (session, done) ->
                session.connection().run(() -> {
                    try {
                        roomAgain(session);
                    } finally {
                        done.run();
                    }
                }));
        return this;
    }

    /**
     * Has {@link #startTls()} bind MQTT over TLS on {@code securePort} (0: any free port, -1: off)
     * with the certificates of {@code tls}; call before it. Without it MQTT over TLS is off.
     */
    public MqttAdapter tls(int securePort, ServerTls tls) {
        this.securePort = securePort;
        this.tls = securePort < 0 ? null : java.util.Objects.requireNonNull(tls, "tls");
        return this;
    }

    /** Binds the endpoint; completes with the bound port, or -1 without binding when the port is -1 (off). */
    @Override
    public Future<Integer> start() {
        if (port < 0) {
            return Future.succeededFuture(-1);
        }
        listener = listener(options(port), null);
        return BindFailure.explain(listener.listen(), "MQTT", port, PORT.name()).map(bound -> {
            LOG.info("MQTT endpoint listening [host: {}, port: {}, limits: {}]", host, bound, limits);
            return bound;
        });
    }

    /**
     * Binds MQTT over TLS on the port set by {@link #tls}, with the same admission, limits
     * and authentication as the plain endpoint (one connection count for both; a socket is admitted
     * before its TLS handshake, so one beyond the bounds costs none), and a device's client
     * certificate as a further way to authenticate ({@link ClientCertificate}). Certificates
     * reloaded by the {@link ServerTls} apply to the next handshake. Completes with the bound port,
     * or -1 without binding when it is off.
     */
    @Override
    public Future<Integer> startTls() {
        if (securePort < 0) {
            return Future.succeededFuture(-1);
        }
        secureListener = listener(options(securePort), tls.serverContext(true));
        return BindFailure.explain(secureListener.listen(), "MQTT over TLS", securePort, TlsOptions.MQTTS_PORT.name()).map(bound -> {
            LOG.info("MQTT over TLS listening [host: {}, port: {}]", host, bound);
            return bound;
        });
    }

    private MqttServerOptions options(int bindPort) {
        return new MqttServerOptions().setHost(host).setPort(bindPort)
                .setMaxMessageSize(DEFAULT_MAX_PACKET_BYTES).setTimeoutOnConnect(limits.connectTimeoutSeconds());
    }

    private MqttListener listener(MqttServerOptions options, SslContext sslContext) {
        return new MqttListener(vertx, options, sslContext, limits, admission, this::onConnect, (e, address) -> {
            count(e);
            LOG.debug("connection closed before CONNECT [address: {}, code: {}, reason: {}]", address, e.code(), e.reason());
        }, t -> {
            if (!(t instanceof java.io.IOException)) { // a reset or a broken pipe is no packet
                count(new FireGridException(FireGridException.Status.BAD_REQUEST, "bad-packet", String.valueOf(t.getMessage())));
            }
            LOG.debug("MQTT connection failed before CONNECT completed", t);
        });
    }

    @Override
    public Future<Void> stop() {
        return Future.join(listener == null ? Future.succeededFuture() : listener.close(),
                secureListener == null ? Future.succeededFuture() : secureListener.close()).mapEmpty();
    }

    private void onConnect(MqttEndpoint endpoint, MqttListener.MqttConnection connection) {
        // nothing more is read from a socket until its credentials are checked
        connection.pauseReading();
        DeviceId claimed = null;
        try {
            if (endpoint.auth() == null && connection.certificateName() == null) {
                throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "no-credentials",
                        "no username/password: connect as {device}@{tenant} with the device's password");
            }
            claimed = DeviceId.parse(connection.certificateName() != null ? connection.certificateName()
                    : endpoint.auth().getUsername());
            if (connection.certificateName() == null) {
                // before the connection rate: a blocked client retrying as fast as it is refused must not use it up
                FireGridException blocked = logins.refusalIfBlocked(claimed, endpoint.auth().getPassword(),
                        connection.address());
                if (blocked != null) {
                    throw blocked;
                }
            }
            long wait = admission.reserve(eventWaiting(endpoint));
            if (wait < 0) {
                throw admission.overRate();
            }
            if (wait > 0) {
                // its turn comes within the queue's bound: answered then, not refused to come back later
                connectsQueued.increment();
                DeviceId device = claimed;
                vertx.setTimer(Math.max(1, wait / 1_000_000), id -> {
                    if (connection.isOpen()) {
                        authenticate(endpoint, connection, device);
                    }
                });
                return;
            }
        } catch (FireGridException e) {
            refuseConnect(endpoint, connection, claimed, e);
            return;
        }
        authenticate(endpoint, connection, claimed);
    }

    /**
     * Whether the CONNECT says its client holds an event to send: the MQTT 5 user property
     * {@value #EVENT_WAITING} (any value), as the edge agent sends it while a smoke alarm waits in its outbox.
     */
    private static boolean eventWaiting(MqttEndpoint endpoint) {
        MqttProperties props = endpoint.connectProperties();
        if (props == null) {
            return false;
        }
        for (MqttProperties.MqttProperty<?> p : props.listAll()) {
            if (p instanceof MqttProperties.UserProperties users) {
                for (MqttProperties.StringPair pair : users.value()) {
                    if (EVENT_WAITING.equals(pair.key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Checks the credentials of a CONNECT the rate has let through, then accepts or refuses it. */
    private void authenticate(MqttEndpoint endpoint, MqttListener.MqttConnection connection, DeviceId claimed) {
        DeviceId device = claimed;
        (connection.certificateName() != null ? byCertificate(endpoint, device)
                : logins.login(claimed, endpoint.auth().getPassword(), connection.address(), connection::isOpen)
                        .<Void>mapEmpty()).onComplete(ar -> {
            if (ar.failed()) {
                refuseConnect(endpoint, connection, device, FireGridException.from(ar.cause()));
                return;
            }
            if (!connection.isOpen()) {
                return;
            }
            accept(device, endpoint, connection);
        });
    }

    /**
     * A device whose client certificate the TLS handshake verified (against the client CA, in its
     * validity) is who its CN says, without a password, if it is registered and does not claim
     * another name as its username.
     */
    private Future<Void> byCertificate(MqttEndpoint endpoint, DeviceId device) {
        if (endpoint.auth() != null && endpoint.auth().getUsername() != null
                && !endpoint.auth().getUsername().equals(device.toString())) {
            return Future.failedFuture(FireGridException.forbidden("certificate-mismatch", "the client certificate is "
                    + device + " but the username is " + endpoint.auth().getUsername()));
        }
        if (registry.find(device).isEmpty()) {
            return Future.failedFuture(FireGridException.forbidden("certificate-not-registered", "the client certificate names "
                    + device + ", which is not registered"));
        }
        return Future.succeededFuture();
    }

    private void accept(DeviceId device, MqttEndpoint endpoint, MqttListener.MqttConnection connection) {
        // the registry's current connection and this adapter's session change together, so that
        // two connections of one device authenticated at once cannot leave them naming different ones
        Session[] previous = new Session[1];
        Session session = sessions.compute(device, (k, before) -> {
            previous[0] = before;
            return new Session(device, endpoint, connection, new PublishWindow(limits.receiveMaximum(),
                    MqttAdapter::isReading), registry.connected(device, PROTOCOL));
        });
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(msg -> onPublish(session, msg));
        endpoint.subscribeHandler(sub -> onSubscribe(endpoint, device, sub));
        endpoint.unsubscribeHandler(unsub -> endpoint.unsubscribeAcknowledge(unsub.messageId()));
        endpoint.pingHandler(v -> { });
        endpoint.exceptionHandler(t -> LOG.debug("connection error [device: {}]", device, t));
        endpoint.closeHandler(v -> {
            commandSubscribers.remove(device, endpoint);
            if (session.window().holdTimer() >= 0) {
                endHold(session);
            }
            // a connection that was taken over is no longer the device's: the new one keeps it connected
            sessions.remove(device, session);
            registry.disconnected(session.link());
            LOG.debug("device disconnected [device: {}]", device);
        });
        MqttProperties props = new MqttProperties();
        if (session.v5()) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
                    limits.receiveMaximum()));
        }
        endpoint.accept(false, props);
        if (previous[0] != null) {
            takeOver(previous[0]);
        }
        session.connection().resumeReading();
        LOG.debug("device connected [device: {}, mqtt: {}, address: {}]", device, endpoint.protocolVersion(),
                session.connection().address());
    }

    /** Closes a device's older connection when a newer one has authenticated (MQTT 3.1.4-2). */
    private void takeOver(Session previous) {
        FireGridException e = new FireGridException(FireGridException.Status.CONFLICT, "session-taken-over",
                "another connection of device " + previous.device() + " took over");
        previous.connection().run(() -> {
            if (!previous.endpoint().isConnected()) {
                return;
            }
            LOG.debug("connection taken over [device: {}, address: {}]", previous.device(), previous.connection().address());
            if (previous.v5()) {
                previous.endpoint().disconnect(MqttErrors.disconnectCode(e), reasonString(e));
            } else {
                previous.endpoint().close();
            }
        });
    }

    private void refuseConnect(MqttEndpoint endpoint, MqttListener.MqttConnection connection, DeviceId claimed,
                               FireGridException e) {
        count(e);
        LOG.debug("connection refused [device: {}, address: {}, code: {}, reason: {}]", claimed, connection.address(),
                e.code(), e.reason());
        if (!connection.isOpen()) {
            return;
        }
        MqttProperties props = new MqttProperties();
        if (endpoint.protocolVersion() >= 5) {
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), e.reason()));
        }
        endpoint.reject(MqttErrors.connectCode(e, endpoint.protocolVersion()), props);
    }

    private void onPublish(Session session, MqttPublishMessage msg) {
        PublishWindow window = session.window();
        if (session.v5() && window.exceedsReceiveMaximum(msg)) {
            FireGridException e = FireGridException.badRequest("receive-maximum-exceeded", "more than "
                    + limits.receiveMaximum() + " QoS 1 messages without PUBACK (the Receive Maximum in the CONNACK)");
            count(e);
            LOG.debug("message refused [device: {}, topic: {}, code: {}]", session.device(), msg.topicName(), e.code());
            session.endpoint().disconnect(MqttErrors.disconnectCode(e), reasonString(e));
            return;
        }
        window.hold(msg);
        drain(session);
    }

    private void handle(Session session, MqttPublishMessage msg) {
        MqttEndpoint endpoint = session.endpoint();
        DeviceId authenticated = session.device();
        byte[] body;
        DeviceMessage message;
        DeviceId device;
        try {
            Topic topic = Topic.parse(msg.topicName());
            if (topic instanceof Topic.CommandResponse res) {
                DeviceId from = topic.resolve(authenticated);
                if (!commands.answered(from, res.requestId(), res.status(), msg.payload().getBytes())) {
                    throw FireGridException.notFound("unknown-command",
                            "no command is waiting for a response on " + msg.topicName() + " (answered already, or timed out)");
                }
                if (msg.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    endpoint.publishAcknowledge(msg.messageId());
                }
                return;
            }
            Topic.Upstream up = (Topic.Upstream) topic;
            device = topic.resolve(authenticated);
            if (msg.qosLevel() == MqttQoS.EXACTLY_ONCE) {
                throw FireGridException.badRequest("bad-qos", "QoS 2 is not supported: publish with QoS 1");
            }
            if (up.endpoint() == Endpoint.EVENT && msg.qosLevel() != MqttQoS.AT_LEAST_ONCE) {
                throw FireGridException.badRequest("bad-qos", "events must be published with QoS 1 (at least once)");
            }
            body = msg.payload().getBytes();
            message = codec.decode(up.endpoint(), body);
        } catch (FireGridException e) {
            refusePublish(endpoint, authenticated, msg, e);
            return;
        }
        PublishWindow window = session.window();
        waitingPerConnection.record(window.started(msg.qosLevel()));
        inFlight.incrementAndGet();
        boolean reading = message.endpoint() == Endpoint.TELEMETRY;
        ingest.accept(device, message, body, PROTOCOL).onComplete(ar -> {
            window.finished(msg.qosLevel());
            inFlight.decrementAndGet();
            if (ar.succeeded()) {
                if (msg.qosLevel() == MqttQoS.AT_LEAST_ONCE && endpoint.isConnected()) {
                    session.connection().acknowledge(msg.messageId());
                }
            } else {
                FireGridException e = FireGridException.from(ar.cause());
                if (reading && waiters != null && e.code().equals("store-busy") && endpoint.isConnected()) {
                    waitForRoom(session, msg);
                } else {
                    refusePublish(endpoint, authenticated, msg, e);
                }
            }
            drain(session);
        });
    }

    /**
     * Hands held messages to the store while the window has room, then reads the socket again if it
     * has room for more; stops reading once a message read had to be held. A full window alone does
     * not stop reading: an MQTT 5 client sending beyond its Receive Maximum is then disconnected
     * (0x93) rather than silently slowed.
     */
    private void drain(Session session) {
        PublishWindow window = session.window();
        MqttPublishMessage next;
        while (session.endpoint().isConnected() && (next = window.next()) != null) {
            handle(session, next);
        }
        if (window.readable()) {
            session.connection().resumeReading();
        } else if (window.holding()) {
            session.connection().pauseReading();
        }
    }

    /**
     * The store had no room for the reading {@code msg}: it is held, first in line, with the
     * connection's later readings, until the lane has room; the first such refusal begins a hold that
     * ends when the store takes it, or after {@link MqttLimits#holdSeconds()} with a refusal.
     */
    private void waitForRoom(Session session, MqttPublishMessage msg) {
        PublishWindow window = session.window();
        window.putBack(msg);
        if (!window.waitForRoom()) {
            return;
        }
        if (window.holdTimer() < 0) {
            paused.incrementAndGet();
            holdsBegun.increment();
            window.holdTimer(vertx.setTimer(limits.holdSeconds() * 1000L, id -> holdExpired(session)));
            LOG.debug("reading held, connection paused until the store has room [device: {}]", session.device());
        }
        waiters.add(session);
    }

    /** Woken by {@link RoomWaiters}, on the connection's event loop: hands its held readings over again. */
    private void roomAgain(Session session) {
        PublishWindow window = session.window();
        if (!window.waitingForRoom() || !session.endpoint().isConnected()) {
            return;
        }
        window.roomAgain();
        drain(session);
        if (!window.waitingForRoom() && window.holdTimer() >= 0) {
            endHold(session);
            holdsResumed.increment();
            LOG.debug("held reading taken by the store, connection resumed [device: {}]", session.device());
        }
    }

    /** The hold lasted as long as it may: the connection is refused as a reading without room was before holds. */
    private void holdExpired(Session session) {
        PublishWindow window = session.window();
        window.holdTimer(-1);
        if (!window.waitingForRoom()) {
            return;
        }
        waiters.remove(session);
        paused.decrementAndGet();
        holdsExpired.increment();
        FireGridException e = new FireGridException(FireGridException.Status.UNAVAILABLE, "store-busy", "the store "
                + "has had no room for this connection's readings for " + limits.holdSeconds() + " s ("
                + MqttLimits.HOLD_SECONDS.name() + "): send them again later; if this lasts, see the gateway's /health");
        refusePublish(session.endpoint(), session.device(), window.oldestHeld(), e);
    }

    private void endHold(Session session) {
        PublishWindow window = session.window();
        vertx.cancelTimer(window.holdTimer());
        window.holdTimer(-1);
        paused.decrementAndGet();
        if (waiters != null) {
            waiters.remove(session);
        }
    }

    /** True for a PUBLISH to a telemetry topic: a reading, which may be held while the store has no room. */
    private static boolean isReading(MqttPublishMessage msg) {
        try {
            return Topic.parse(msg.topicName()) instanceof Topic.Upstream up && up.endpoint() == Endpoint.TELEMETRY;
        } catch (FireGridException e) {
            return false;
        }
    }

    private void refusePublish(MqttEndpoint endpoint, DeviceId device, MqttPublishMessage msg, FireGridException e) {
        count(e);
        LOG.debug("message refused [device: {}, topic: {}, code: {}, reason: {}]", device, msg.topicName(), e.code(), e.reason());
        if (!endpoint.isConnected()) {
            return;
        }
        boolean v5 = endpoint.protocolVersion() >= 5;
        if (v5 && msg.qosLevel() == MqttQoS.AT_LEAST_ONCE && !MqttErrors.isRetryable(e)) {
            endpoint.publishAcknowledge(msg.messageId(), MqttErrors.pubAckCode(e), reasonString(e));
        } else if (v5) {
            endpoint.disconnect(MqttErrors.disconnectCode(e), reasonString(e));
        } else {
            endpoint.close();
        }
    }

    private void onSubscribe(MqttEndpoint endpoint, DeviceId device, MqttSubscribeMessage sub) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>();
        List<MqttQoS> granted = new ArrayList<>();
        for (MqttTopicSubscription s : sub.topicSubscriptions()) {
            if (Topic.isOwnCommandSubscription(s.topicName(), device)) {
                commandSubscribers.put(device, endpoint);
                MqttQoS qos = s.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
                granted.add(qos);
                codes.add(qos == MqttQoS.AT_MOST_ONCE ? MqttSubAckReasonCode.GRANTED_QOS0 : MqttSubAckReasonCode.GRANTED_QOS1);
            } else {
                count(FireGridException.forbidden("bad-subscription", "not this device's command topic"));
                LOG.debug("subscription refused [device: {}, filter: {}]", device, s.topicName());
                granted.add(MqttQoS.FAILURE);
                codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED);
            }
        }
        if (endpoint.protocolVersion() >= 5) {
            endpoint.subscribeAcknowledge(sub.messageId(), codes, MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.subscribeAcknowledge(sub.messageId(), granted);
        }
    }

    /** Publishes a command to the device's connection, if it is connected and subscribed. */
    @Override
    public boolean send(DeviceId device, String requestId, String name, byte[] body) {
        MqttEndpoint endpoint = commandSubscribers.get(device);
        if (endpoint == null || !endpoint.isConnected()) {
            return false;
        }
        endpoint.publish(Topic.commandRequest(requestId, name), Buffer.buffer(body), MqttQoS.AT_LEAST_ONCE, false, false);
        return true;
    }

    private static MqttProperties reasonString(FireGridException e) {
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), e.reason()));
        return props;
    }

    private void count(FireGridException e) {
        meters.counter("firegrid.refused", "protocol", PROTOCOL, "code", e.code()).increment();
    }
}
