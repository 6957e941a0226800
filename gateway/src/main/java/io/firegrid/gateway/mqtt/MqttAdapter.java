package io.firegrid.gateway.mqtt;

import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 */
public final class MqttAdapter implements CommandService.Transport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);
    /** The protocol name stored with every message this adapter accepts. */
    public static final String PROTOCOL = "mqtt";

    /**
     * Largest MQTT packet the decoder reads. Larger than the 16 KiB body limit on purpose, so an
     * oversized body is refused with a reason instead of a dropped connection.
     */
    public static final int DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final DeviceRegistry registry;
    private final IngestService ingest;
    private final MessageCodec codec;
    private final MeterRegistry meters;
    private final CommandService commands;
    private final Map<DeviceId, MqttEndpoint> commandSubscribers = new ConcurrentHashMap<>();
    private MqttServer server;

    public MqttAdapter(Vertx vertx, String host, int port, DeviceRegistry registry, IngestService ingest,
                       MessageCodec codec, MeterRegistry meters, CommandService commands) {
        this.commands = commands;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.ingest = ingest;
        this.codec = codec;
        this.meters = meters;
    }

    /** Binds the endpoint; completes with the bound port. */
    public Future<Integer> start() {
        MqttServerOptions options = new MqttServerOptions().setHost(host).setPort(port)
                .setMaxMessageSize(DEFAULT_MAX_PACKET_BYTES).setTimeoutOnConnect(30);
        server = MqttServer.create(vertx, options);
        server.endpointHandler(this::onConnect);
        server.exceptionHandler(t -> {
            count(new FireGridException(FireGridException.Status.BAD_REQUEST, "bad-packet", String.valueOf(t.getMessage())));
            LOG.debug("MQTT connection failed before CONNECT completed", t);
        });
        return server.listen().map(s -> {
            LOG.info("MQTT endpoint listening [host: {}, port: {}]", host, s.actualPort());
            return s.actualPort();
        });
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void onConnect(MqttEndpoint endpoint) {
        DeviceId claimed;
        try {
            if (endpoint.auth() == null) {
                throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "no-credentials",
                        "no username/password: connect as {device}@{tenant} with the device's password");
            }
            claimed = DeviceId.parse(endpoint.auth().getUsername());
        } catch (FireGridException e) {
            refuseConnect(endpoint, null, e);
            return;
        }
        registry.authenticate(claimed, endpoint.auth().getPassword()).onComplete(ar -> {
            if (ar.failed()) {
                refuseConnect(endpoint, claimed, FireGridException.from(ar.cause()));
                return;
            }
            DeviceId device = ar.result().id();
            endpoint.publishAutoAck(false);
            endpoint.subscriptionAutoAck(false);
            endpoint.publishHandler(msg -> onPublish(endpoint, device, msg));
            endpoint.subscribeHandler(sub -> onSubscribe(endpoint, device, sub));
            endpoint.unsubscribeHandler(unsub -> endpoint.unsubscribeAcknowledge(unsub.messageId()));
            endpoint.pingHandler(v -> { });
            endpoint.exceptionHandler(t -> LOG.debug("connection error [device: {}]", device, t));
            endpoint.closeHandler(v -> {
                commandSubscribers.remove(device, endpoint);
                registry.disconnected(device);
                LOG.debug("device disconnected [device: {}]", device);
            });
            endpoint.accept(false);
            registry.connected(device, PROTOCOL);
            LOG.debug("device connected [device: {}, mqtt: {}]", device, endpoint.protocolVersion());
        });
    }

    private void refuseConnect(MqttEndpoint endpoint, DeviceId claimed, FireGridException e) {
        count(e);
        LOG.debug("connection refused [device: {}, code: {}, reason: {}]", claimed, e.code(), e.reason());
        MqttProperties props = new MqttProperties();
        if (endpoint.protocolVersion() >= 5) {
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), e.reason()));
        }
        endpoint.reject(MqttErrors.connectCode(e, endpoint.protocolVersion()), props);
    }

    private void onPublish(MqttEndpoint endpoint, DeviceId authenticated, MqttPublishMessage msg) {
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
        ingest.accept(device, message, body, PROTOCOL).onComplete(ar -> {
            if (ar.succeeded()) {
                if (msg.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    endpoint.publishAcknowledge(msg.messageId());
                }
            } else {
                refusePublish(endpoint, authenticated, msg, FireGridException.from(ar.cause()));
            }
        });
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
