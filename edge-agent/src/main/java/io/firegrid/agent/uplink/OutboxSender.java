package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is in the {@link Outbox}, in its order, with at most {@link #WINDOW} messages
 * awaiting the gateway's PUBACK. A message leaves the outbox only once the gateway answered it:
 * with success, or with a refusal the gateway marks as final (reason code 0x80 and up). After
 * every (re)connection the whole window is sent again: a message whose PUBACK was lost with the
 * connection goes out twice and the gateway drops the copy by its {@code seq}.
 *
 * <p>Not thread-safe: every method runs on the uplink's own thread.
 */
final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** Messages awaiting PUBACK; twice this stays within mosquitto's default receive maximum (20). */
    static final int WINDOW = 10;

    /** Hands one message to MQTT; {@code connection} identifies the connection it is sent on. */
    @FunctionalInterface
    interface Publisher {
        void publish(Outbox.Message message, int connection) throws MqttException;
    }

    private final DeviceId device;
    private final Outbox outbox;
    private final Publisher publisher;
    private final BooleanSupplier connected;
    /** seq -> the connection it was last sent on. */
    private final Map<Long, Integer> inFlight = new HashMap<>();
    private int connection;

    OutboxSender(DeviceId device, Outbox outbox, Publisher publisher, BooleanSupplier connected) {
        this.device = device;
        this.outbox = outbox;
        this.publisher = publisher;
        this.connected = connected;
    }

    /** On every (re)connection: forget what was in flight and send from the head of the outbox again. */
    void connected() {
        connection++;
        inFlight.clear();
        send();
    }

    /** Sends the next messages not yet in flight, while the window has room. */
    void send() {
        if (!connected.getAsBoolean()) {
            return;
        }
        for (Outbox.Message m : outbox.peek(WINDOW)) {
            if (inFlight.size() >= WINDOW) {
                return;
            }
            if (inFlight.containsKey(m.seq())) {
                continue;
            }
            try {
                publisher.publish(m, connection);
                inFlight.put(m.seq(), connection);
            } catch (MqttException e) {
                // not connected any more, or the gateway's receive maximum reached: the next
                // connection or PUBACK sends again
                LOG.debug("publish deferred [tenant: {}, device: {}, seq: {}]: {}", device.tenant(), device.device(),
                        m.seq(), PahoSettings.describe(e));
                return;
            }
        }
    }

    /** The gateway answered message {@code seq} with {@code reasonCode}. */
    void answered(long seq, int reasonCode) {
        inFlight.remove(seq);
        if (reasonCode >= 0x80) {
            LOG.error("gateway refused message, not sent again [tenant: {}, device: {}, seq: {}, reason: 0x{}]",
                    device.tenant(), device.device(), seq, Integer.toHexString(reasonCode));
        } else {
            LOG.debug("delivered [tenant: {}, device: {}, seq: {}]", device.tenant(), device.device(), seq);
        }
        try {
            outbox.acked(seq);
        } catch (FireGridException e) {
            LOG.warn("cannot remove delivered message from the outbox; it will be sent again [tenant: {}, device: {}, seq: {}]",
                    device.tenant(), device.device(), seq, e);
        }
        send();
    }

    /** Message {@code seq}, sent on {@code sentOn}, went unanswered: it is sent again on the next connection. */
    void unanswered(long seq, int sentOn) {
        if (inFlight.getOrDefault(seq, -1) == sentOn) {
            inFlight.remove(seq);
        }
        send();
    }

    /** Messages awaiting PUBACK. */
    int inFlight() {
        return inFlight.size();
    }
}
