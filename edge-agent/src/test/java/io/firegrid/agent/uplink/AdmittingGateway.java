package io.firegrid.agent.uplink;

import io.firegrid.protocol.Event;
import io.firegrid.protocol.MessageCodec;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a gateway under admission control: a real MQTT 5 server (vertx-mqtt, the library
 * the gateway's MQTT endpoint is built on) on loopback port 0 that refuses the next CONNECTs with
 * a chosen CONNACK reason code, or closes the connections it holds with a DISCONNECT, and
 * otherwise accepts, acknowledges every QoS 1 PUBLISH and keeps the events it got. Records when
 * each CONNECT arrived and when it sent each DISCONNECT, in {@link System#nanoTime()}.
 */
final class AdmittingGateway implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final MessageCodec codec = new MessageCodec();
    private final MqttServer server;
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private volatile MqttConnectReturnCode refusal = MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY;
    private final List<Long> connects = new CopyOnWriteArrayList<>();
    private final List<Long> disconnects = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<MqttEndpoint> accepted = new CopyOnWriteArrayList<>();

    AdmittingGateway() throws Exception {
        server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
        server.endpointHandler(this::connect);
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.actualPort();
    }

    /** The next {@code times} CONNECTs are answered with a CONNACK of {@code code}. */
    AdmittingGateway refusesNextConnects(int times, MqttConnectReturnCode code) {
        refusal = code;
        refusalsLeft.set(times);
        return this;
    }

    /** Sends DISCONNECT with {@code code} on every connection it accepted and holds. */
    void disconnectsEveryone(MqttDisconnectReasonCode code) {
        vertx.runOnContext(v -> {
            for (MqttEndpoint e : accepted) {
                if (e.isConnected()) {
                    disconnects.add(System.nanoTime());
                    e.disconnect(code, MqttProperties.NO_PROPERTIES);
                }
            }
        });
    }

    /** Closes every connection it holds without a word, as a gateway that crashed or lost its network. */
    void dropsEveryone() {
        vertx.runOnContext(v -> {
            for (MqttEndpoint e : accepted) {
                if (e.isConnected()) {
                    disconnects.add(System.nanoTime());
                    e.close();
                }
            }
        });
    }

    /** When each CONNECT arrived, refused or not. */
    List<Long> connects() {
        return connects;
    }

    /** When each DISCONNECT (or silent close) was sent. */
    List<Long> disconnects() {
        return disconnects;
    }

    /** Events received, in order, copies included. */
    List<Event> events() {
        return events;
    }

    private void connect(MqttEndpoint endpoint) {
        connects.add(System.nanoTime());
        if (refusalsLeft.getAndDecrement() > 0) {
            endpoint.reject(refusal);
            return;
        }
        endpoint.publishHandler(m -> {
            if (m.topicName().startsWith("event")) {
                events.add(codec.decodeEvent(m.payload().getBytes()));
            }
            if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                endpoint.publishAcknowledge(m.messageId());
            }
        });
        endpoint.subscribeHandler(s -> endpoint.subscribeAcknowledge(s.messageId(),
                s.topicSubscriptions().stream().map(t -> MqttSubAckReasonCode.qosGranted(t.qualityOfService())).toList(),
                MqttProperties.NO_PROPERTIES));
        endpoint.accept(false);
        accepted.add(endpoint);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
