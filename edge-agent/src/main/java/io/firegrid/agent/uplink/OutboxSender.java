package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is in the {@link Outbox}, in its order, with at most {@link #WINDOW} messages
 * awaiting the gateway's PUBACK or their removal from the outbox. A message leaves the outbox only
 * once the gateway answered it: with success, or with a refusal the gateway marks as final (reason
 * code 0x80 and up). After every (re)connection the whole window is sent again: a message whose
 * PUBACK was lost with the connection goes out twice and the gateway drops the copy by its
 * {@code seq}.
 *
 * <p>Answers are removed from the outbox in groups: the first answer schedules one removal on the
 * uplink's thread, and every answer that arrives before it runs joins it, so one fsync covers all
 * the PUBACKs that came in while the previous one was being forced (a replay of a long outage is
 * bound by the disk's fsync rate otherwise). A crash before the removal costs copies, not messages.
 *
 * <p>The window is {@value #WINDOW}, the gateway's default Receive Maximum. A server that announces
 * a smaller one (Mosquitto: 20), or Paho still resending the previous connection's messages, makes
 * Paho refuse the extra PUBLISHes; they wait for the next answer, and when none of this sender's
 * messages is in flight to bring one, sending is tried again after {@value #RETRY_MS} ms.
 *
 * <p>Not thread-safe: every method runs on the uplink's own thread.
 */
final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** Messages awaiting PUBACK or removal: the gateway's default Receive Maximum. */
    static final int WINDOW = 32;

    /** Wait before trying again when Paho refused a PUBLISH and no answer is due to trigger the next. */
    static final long RETRY_MS = 200;

    /** Runs a task on the uplink's thread after a delay. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayMs);
    }

    /** Hands one message to MQTT; {@code connection} identifies the connection it is sent on. */
    @FunctionalInterface
    interface Publisher {
        void publish(Outbox.Message message, int connection) throws MqttException;
    }

    private final DeviceId device;
    private final Outbox outbox;
    private final Publisher publisher;
    private final BooleanSupplier connected;
    private final Executor later;
    private final Scheduler scheduler;
    private boolean retryScheduled;
    /** seq -> the connection it was last sent on. */
    private final Map<Long, Integer> inFlight = new HashMap<>();
    /** Answered, not yet removed from the outbox: not to be sent again meanwhile. */
    private final Set<Long> answered = new LinkedHashSet<>();
    /** Answered with success, not yet removed: what {@link #delivered} is told before the removal. */
    private final Set<Long> succeeded = new LinkedHashSet<>();
    private java.util.function.Consumer<Set<Long>> delivered = seqs -> { };
    private int connection;
    private long removals;

    /**
     * @param later     runs a task on the uplink's thread after the tasks already queued there; the
     *                  removal of answered messages is scheduled through it
     * @param scheduler runs a task on the uplink's thread after a delay: the retry of a refused PUBLISH
     */
    OutboxSender(DeviceId device, Outbox outbox, Publisher publisher, BooleanSupplier connected, Executor later,
                 Scheduler scheduler) {
        this.device = device;
        this.outbox = outbox;
        this.publisher = publisher;
        this.connected = connected;
        this.later = later;
        this.scheduler = scheduler;
    }

    /**
     * Told, on the uplink's thread, of every group of messages the gateway accepted, before they are
     * removed from the outbox: a second reporting path withdraws its copies first, so that a crash
     * between the two writes costs a copy on this path, never a second alarm elsewhere.
     */
    void delivered(java.util.function.Consumer<Set<Long>> listener) {
        this.delivered = listener;
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
        for (Outbox.Message m : outbox.peek(WINDOW + answered.size())) {
            if (inFlight.size() + answered.size() >= WINDOW) {
                return;
            }
            if (inFlight.containsKey(m.seq()) || answered.contains(m.seq())) {
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
                if (inFlight.isEmpty() && answered.isEmpty() && !retryScheduled) {
                    // no answer of ours is due to call send() again: Paho's slots are taken by
                    // messages it resends on its own, or the connection just dropped
                    retryScheduled = true;
                    scheduler.schedule(this::retry, RETRY_MS);
                }
                return;
            }
        }
    }

    /** The gateway answered message {@code seq} with {@code reasonCode}; it is removed with the next group. */
    void answered(long seq, int reasonCode) {
        inFlight.remove(seq);
        if (reasonCode >= 0x80) {
            LOG.error("gateway refused message, not sent again [tenant: {}, device: {}, seq: {}, reason: 0x{}]",
                    device.tenant(), device.device(), seq, Integer.toHexString(reasonCode));
        } else {
            LOG.debug("delivered [tenant: {}, device: {}, seq: {}]", device.tenant(), device.device(), seq);
            succeeded.add(seq);
        }
        if (answered.add(seq) && answered.size() == 1) {
            later.execute(this::removeAnswered);
        }
    }

    /** Removes every answered message with one write, then fills the window again. */
    private void removeAnswered() {
        if (answered.isEmpty()) {
            return;
        }
        try {
            if (!succeeded.isEmpty()) {
                delivered.accept(Set.copyOf(succeeded));
            }
        } catch (RuntimeException e) {
            LOG.warn("delivery listener failed [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
        succeeded.clear();
        try {
            outbox.acked(answered);
            removals++;
        } catch (FireGridException e) {
            LOG.warn("cannot remove {} delivered message(s) from the outbox; they will be sent again [tenant: {}, "
                    + "device: {}]", answered.size(), device.tenant(), device.device(), e);
        }
        answered.clear();
        send();
    }

    /** Message {@code seq}, sent on {@code sentOn}, went unanswered: it is sent again on the next connection. */
    void unanswered(long seq, int sentOn) {
        if (inFlight.getOrDefault(seq, -1) == sentOn) {
            inFlight.remove(seq);
        }
        send();
    }

    private void retry() {
        retryScheduled = false;
        send();
    }

    /** Messages awaiting PUBACK. */
    int inFlight() {
        return inFlight.size();
    }

    /** Writes to the outbox that removed answered messages, one fsync each, since this sender was made. */
    long removals() {
        return removals;
    }
}
