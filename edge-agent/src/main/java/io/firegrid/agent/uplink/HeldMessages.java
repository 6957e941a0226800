package io.firegrid.agent.uplink;

import io.firegrid.protocol.FireGridException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages Paho would not take yet, in order: before the first connection (when Paho has no
 * disconnected buffer in use) and while the gateway's receive maximum is reached. Once anything
 * is held, later messages queue behind it so the order stays the order of {@code seq}.
 * In memory only; a durable outbox replaces this.
 *
 * <p>Thread-safe.
 */
final class HeldMessages {

    private static final Logger LOG = LoggerFactory.getLogger(HeldMessages.class);

    /** One encoded message waiting for Paho. */
    record Pending(String topic, byte[] body, long seq) {
    }

    /** Hands a message to Paho. */
    @FunctionalInterface
    interface Publisher {
        void publish(Pending p) throws MqttException;
    }

    private final int capacity;
    private final Publisher publisher;
    private final BooleanSupplier connected;
    private final Deque<Pending> queue = new ArrayDeque<>();

    HeldMessages(int capacity, Publisher publisher, BooleanSupplier connected) {
        this.capacity = capacity;
        this.publisher = publisher;
        this.connected = connected;
    }

    /**
     * Publishes {@code p}, or holds it if Paho cannot take it yet.
     *
     * @throws FireGridException {@code UNAVAILABLE/uplink-full} when Paho's buffer or this queue is full
     */
    synchronized void send(Pending p) {
        if (queue.isEmpty()) {
            try {
                publisher.publish(p);
                return;
            } catch (MqttException e) {
                if (!isTransient(e)) {
                    throw refused(p, e);
                }
            }
        }
        if (queue.size() >= capacity) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-full",
                    "uplink holds " + capacity + " messages already; seq " + p.seq() + " not sent");
        }
        queue.add(p);
        if (connected.getAsBoolean()) {
            flush();
        }
    }

    /** Hands held messages to Paho, oldest first, until it refuses one for a passing reason. */
    synchronized void flush() {
        while (!queue.isEmpty()) {
            Pending p = queue.peek();
            try {
                publisher.publish(p);
            } catch (MqttException e) {
                if (isTransient(e)) {
                    return;
                }
                LOG.error("dropping held message [seq: {}, topic: {}]", p.seq(), p.topic(), e);
            }
            queue.poll();
        }
    }

    synchronized int size() {
        return queue.size();
    }

    private static boolean isTransient(MqttException e) {
        return e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                || e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
    }

    private static FireGridException refused(Pending p, MqttException e) {
        String code = e.getReasonCode() == MqttClientException.REASON_CODE_DISCONNECTED_BUFFER_FULL
                ? "uplink-full" : "uplink-failed";
        return new FireGridException(FireGridException.Status.UNAVAILABLE, code,
                "MQTT refused seq " + p.seq() + ": " + e.getMessage() + " (" + e.getReasonCode() + ")", e);
    }
}
