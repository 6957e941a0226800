package io.firegrid.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * The PUBLISHes of one connection on their way to the store: at most {@link MqttLimits#receiveMaximum()}
 * handed to the store at a time, QoS 0 included. A PUBLISH that arrives while the window is full
 * is held here and the adapter stops reading the socket, so at most the packet that was being read
 * when the window filled is held (the socket's own buffers and the client's TCP window hold the
 * rest, which slows the client and nobody else).
 *
 * <p>When the store refuses a reading for lack of room ({@link #waitForRoom()}), the reading is put
 * back first in line and readings stay held, in order, until {@link #roomAgain()}. Meanwhile the
 * socket is read on until the window holds {@code size} messages (held and handed over together),
 * and any other message read (an event, a command response) goes to the store at once: an event
 * sent behind held readings is not held with them unless it comes after a full window of them.
 *
 * <p>Confined to the connection's event loop; not thread-safe.
 */
final class PublishWindow {

    private final int size;
    private final Predicate<MqttPublishMessage> reading;
    private final ArrayDeque<MqttPublishMessage> held = new ArrayDeque<>(2);
    private int waiting;
    private int unacknowledged;
    private boolean waitingForRoom;
    private long holdTimer = -1;

    /** A window of {@code size}; {@code reading} tells the messages that wait for room in the store's telemetry lane. */
    PublishWindow(int size, Predicate<MqttPublishMessage> reading) {
        this.size = size;
        this.reading = reading;
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

    /** Puts back {@code msg}, refused by the store, as the oldest message held. */
    void putBack(MqttPublishMessage msg) {
        held.addFirst(msg);
    }

    /**
     * The next message to hand to the store, if the window has room for it; else null. While
     * waiting for room, readings stay held and the oldest other message is taken.
     */
    MqttPublishMessage next() {
        if (full()) {
            return null;
        }
        if (!waitingForRoom) {
            return held.poll();
        }
        for (Iterator<MqttPublishMessage> it = held.iterator(); it.hasNext(); ) {
            MqttPublishMessage m = it.next();
            if (!reading.test(m)) {
                it.remove();
                return m;
            }
        }
        return null;
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** The oldest message held, or null. */
    MqttPublishMessage oldestHeld() {
        return held.peek();
    }

    /** True while the socket may be read: the window has room for what is read next. */
    boolean readable() {
        return waitingForRoom ? waiting + held.size() < size && held.size() < MqttLimits.MAX_HELD : waiting < size && held.isEmpty();
    }

    /** The store had no room for a reading: hold readings until {@link #roomAgain()}; false if already waiting. */
    boolean waitForRoom() {
        boolean started = !waitingForRoom;
        waitingForRoom = true;
        return started;
    }

    /** The store may have room again: readings held are handed over again, oldest first. */
    void roomAgain() {
        waitingForRoom = false;
    }

    boolean waitingForRoom() {
        return waitingForRoom;
    }

    /** The timer that ends this connection's hold, -1 when none runs. */
    long holdTimer() {
        return holdTimer;
    }

    void holdTimer(long id) {
        this.holdTimer = id;
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
