package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is in the {@link Outbox}, in its order. A message leaves the outbox only once the
 * gateway answered it: with success, or with a refusal the gateway marks as final (reason code
 * 0x80 and up). After every (re)connection everything sent and not answered is sent again: a
 * message whose PUBACK was lost with the connection goes out twice and the gateway drops the copy
 * by its {@code seq}.
 *
 * <p><b>Two bounds.</b> At most the server's Receive Maximum (from its CONNACK; the gateway's
 * default, {@value #DEFAULT_RECEIVE_MAXIMUM}, until one arrives) await a PUBACK, as MQTT 5 asks
 * and Paho enforces. At most {@value #WINDOW} are sent and not yet removed from the outbox:
 * awaiting a PUBACK, or answered and awaiting their removal. That is also the most a crash can
 * cost in copies sent again.
 *
 * <p><b>Removals in groups, off this thread.</b> Answered messages are removed from the outbox by
 * a thread of their own ({@code remover}), one write and one fsync for every answer that arrived
 * while the previous removal was being forced, so sending goes on at the pace of the PUBACKs
 * while the disk forces the bookkeeping behind it. An answered message is not sent again while
 * its removal is pending, and a crash before the removal costs a copy, never a message. Before a
 * group is handed over, {@link #delivered} hears of its successes (a second path withdraws its
 * copies first).
 *
 * <p>A server that refuses a PUBLISH anyway (Paho still resending the previous connection's
 * messages) makes it wait for the next answer, and when none of this sender's messages is in
 * flight to bring one, sending is tried again after {@value #RETRY_MS} ms.
 *
 * <p>Not thread-safe: every method runs on the uplink's own thread.
 */
final class OutboxSender {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** Messages sent and not yet removed from the outbox: awaiting PUBACK, or answered and awaiting removal. */
    static final int WINDOW = 256;

    /** Messages awaiting PUBACK before the server's CONNACK said how many it takes: the gateway's default Receive Maximum. */
    static final int DEFAULT_RECEIVE_MAXIMUM = 128;

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
    private final Executor remover;
    private boolean retryScheduled;
    /** seq -> the connection it was last sent on. */
    private final Map<Long, Integer> inFlight = new HashMap<>();
    /** Answered, not yet removed from the outbox (waiting for a group, or in the group being removed): not sent again. */
    private final Set<Long> answered = new HashSet<>();
    /** Answered, not yet handed to a removal. */
    private final List<Long> waiting = new ArrayList<>();
    /** Answered with success among {@link #waiting}: what {@link #delivered} is told before their removal. */
    private final Set<Long> succeeded = new LinkedHashSet<>();
    private Consumer<Set<Long>> delivered = seqs -> { };
    private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
    private boolean removalScheduled;
    private boolean removing;
    private int connection;
    private final AtomicLong removals = new AtomicLong();

    /**
     * @param later     runs a task on the uplink's thread after the tasks already queued there
     * @param scheduler runs a task on the uplink's thread after a delay: the retry of a refused PUBLISH
     * @param remover   runs the removal of answered messages (their write and fsync), one at a time,
     *                  off the uplink's thread
     */
    OutboxSender(DeviceId device, Outbox outbox, Publisher publisher, BooleanSupplier connected, Executor later,
                 Scheduler scheduler, Executor remover) {
        this.device = device;
        this.outbox = outbox;
        this.publisher = publisher;
        this.connected = connected;
        this.later = later;
        this.scheduler = scheduler;
        this.remover = remover;
    }

    /**
     * Told, on the uplink's thread, of every group of messages the gateway accepted, before they are
     * removed from the outbox: a second reporting path withdraws its copies first, so that a crash
     * between the two writes costs a copy on this path, never a second alarm elsewhere.
     */
    void delivered(Consumer<Set<Long>> listener) {
        this.delivered = listener;
    }

    /**
     * The Receive Maximum of the server's CONNACK (null when it sent none: 65,535, as MQTT 5 says).
     * Sends nothing itself: Paho reports the CONNACK before the connection, and a message sent
     * now would be sent again by {@link #connected()}; the next answer fills a larger window.
     */
    void receiveMaximum(Integer fromConnack) {
        receiveMaximum = fromConnack == null ? 65_535 : Math.max(1, fromConnack);
    }

    /** On every (re)connection: forget what was in flight and send from the head of the outbox again. */
    void connected() {
        connection++;
        inFlight.clear();
        send();
    }

    /** Sends the next messages not yet in flight, while both bounds leave room. */
    void send() {
        if (!connected.getAsBoolean()) {
            return;
        }
        int room = Math.min(receiveMaximum - inFlight.size(), WINDOW - inFlight.size() - answered.size());
        if (room <= 0) {
            return;
        }
        for (Outbox.Message m : outbox.peek(room, seq -> inFlight.containsKey(seq) || answered.contains(seq))) {
            try {
                publisher.publish(m, connection);
                inFlight.put(m.seq(), connection);
            } catch (MqttException e) {
                // not connected any more, or the server's receive maximum reached: the next
                // connection or PUBACK sends again
                if (LOG.isDebugEnabled()) {
                    LOG.debug("publish deferred [tenant: {}, device: {}, seq: {}]: {}", device.tenant(), device.device(),
                            m.seq(), PahoSettings.describe(e));
                }
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

    /** The gateway's answer to one message: its {@code seq} and the PUBACK's reason code. */
    record Answer(long seq, int reasonCode) {
    }

    /** The gateway answered message {@code seq} with {@code reasonCode}; it is removed with the next group. */
    void answered(long seq, int reasonCode) {
        answered(List.of(new Answer(seq, reasonCode)));
    }

    /**
     * The gateway answered these messages (the PUBACKs Paho handed over since the last call); they
     * are removed with the next group, and the places they leave are filled with one look at the outbox.
     */
    void answered(List<Answer> answers) {
        for (Answer a : answers) {
            long seq = a.seq();
            inFlight.remove(seq);
            if (a.reasonCode() >= 0x80) {
                LOG.error("gateway refused message, not sent again [tenant: {}, device: {}, seq: {}, reason: 0x{}]",
                        device.tenant(), device.device(), seq, Integer.toHexString(a.reasonCode()));
            } else {
                succeeded.add(seq);
            }
            if (answered.add(seq)) {
                waiting.add(seq);
            }
        }
        if (!removing && !removalScheduled && !waiting.isEmpty()) {
            // after the answers already queued on this thread, so that they join the group
            removalScheduled = true;
            later.execute(this::removeWaiting);
        }
        send();
    }

    /** Hands every answer not yet in a group to the remover, as one group; one at a time. */
    private void removeWaiting() {
        removalScheduled = false;
        if (removing || waiting.isEmpty()) {
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
        List<Long> group = List.copyOf(waiting);
        waiting.clear();
        removing = true;
        try {
            remover.execute(() -> {
                try {
                    outbox.acked(group);
                    removals.incrementAndGet();
                } catch (FireGridException e) {
                    LOG.warn("cannot remove {} delivered message(s) from the outbox; they will be sent again [tenant: {}, "
                            + "device: {}]", group.size(), device.tenant(), device.device(), e);
                }
                later.execute(() -> removed(group));
            });
        } catch (RejectedExecutionException closing) {
            removing = false; // the uplink is closing: what is not removed is sent again after the next start
        }
    }

    /** On the uplink's thread once {@code group}'s removal was forced (or failed: then they are sent again). */
    private void removed(List<Long> group) {
        removing = false;
        group.forEach(answered::remove);
        if (!waiting.isEmpty()) {
            removeWaiting();
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

    private void retry() {
        retryScheduled = false;
        send();
    }

    /** Messages awaiting PUBACK. */
    int inFlight() {
        return inFlight.size();
    }

    /** Messages answered and not yet removed from the outbox. */
    int awaitingRemoval() {
        return answered.size();
    }

    /** Writes to the outbox that removed answered messages, one fsync each, since this sender was made. */
    long removals() {
        return removals.get();
    }
}
