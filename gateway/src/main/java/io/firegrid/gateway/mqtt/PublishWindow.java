package io.firegrid.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;

/**
 * The PUBLISHes of one connection on their way to the store: at most {@link MqttLimits#receiveMaximum()}
 * handed to the store at a time, QoS 0 included. A PUBLISH that arrives while the window is full
 * is held here and the adapter stops reading the socket, so at most the packet that was being read
 * when the window filled is held (the socket's own buffers and the client's TCP window hold the
 * rest, which slows the client and nobody else).
 *
 * <p>Confined to the connection's event loop; not thread-safe.
 */
final class PublishWindow {

    private final int size;
    private final ArrayDeque<MqttPublishMessage> held = new ArrayDeque<>(2);
    private int waiting;
    private int unacknowledged;

    PublishWindow(int size) {
        this.size = size;
    }

    /** True when as many messages wait for the store as the window allows. */
    boolean full() {
        return waiting >= size;
    }

    /**
     * True if taking {@code msg} would leave the client with more unacknowledged QoS 1 PUBLISHes
     * than the Receive Maximum announced to it.
     */
    boolean exceedsReceiveMaximum(MqttPublishMessage msg) {
        return msg.qosLevel() == MqttQoS.AT_LEAST_ONCE && unacknowledged + heldQos1() >= size;
    }

    /** Keeps {@code msg} until the window has room. */
    void hold(MqttPublishMessage msg) {
        held.add(msg);
    }

    /** The oldest message held, if the window has room for it; else null. */
    MqttPublishMessage next() {
        return full() ? null : held.poll();
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** {@code qos} message handed to the store; returns how many of this connection's messages wait for it now. */
    int started(MqttQoS qos) {
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            unacknowledged++;
        }
        return ++waiting;
    }

    /** A message handed to the store has its answer (and, for QoS 1, is being acknowledged). */
    void finished(MqttQoS qos) {
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            unacknowledged--;
        }
        waiting--;
    }

    /** Messages of this connection waiting for the store. */
    int waiting() {
        return waiting;
    }

    private int heldQos1() {
        int n = 0;
        for (MqttPublishMessage m : held) {
            if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                n++;
            }
        }
        return n;
    }
}
