package io.firegrid.gateway.hono;

import io.firegrid.gateway.hono.HonoOutbox.Kind;
import io.firegrid.gateway.hono.HonoOutbox.Outgoing;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonSender;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;
import org.eclipse.hono.client.amqp.connection.HonoConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered messages to Hono's AMQP adapter on one anonymous sender link (AT_LEAST_ONCE,
 * unsettled until Hono's disposition), each addressed with {@code to} = {@code telemetry/{tenant}/{device}}
 * or {@code event/{tenant}/{device}}, as Hono's own {@code AmqpAdapterClient} builds them
 * (creation time, content type, the body as one Data section).
 *
 * <p>Credit-aware: a message is transferred only while the link has credit; the others wait here,
 * in order, until Hono grants more (so a window larger than Hono's credit queues instead of
 * failing). One link for telemetry and events keeps the order they were handed in: events and
 * alarms, read first from the buffer, go out before readings.
 *
 * <p>Each message ends with one {@link Outcome}: {@code SENT} (accepted), {@code REJECTED} (refused
 * for good: rejected, or modified as undeliverable here) or {@code RETRY} (released, modified, no
 * disposition within {@link HonoConnector#SEND_TIMEOUT_MS}, the link or the connection lost). One
 * periodic check, not a timer per message, enforces the timeout.
 *
 * <p>Thread model: {@link #send} runs its work on the connection's Vert.x context (through
 * {@link HonoConnection#executeOnContext}); {@link #connectionLost} is called on it; outcomes are
 * reported on it.
 */
final class HonoSender {

    private static final Logger LOG = LoggerFactory.getLogger(HonoSender.class);

    enum Outcome {
        SENT, REJECTED, RETRY
    }

    /** Where outcomes go, with Hono's reason for a refusal or a failure (null when sent). */
    interface Listener {
        void ended(Outgoing message, Outcome outcome, String reason);
    }

    private static final class Pending {
        final Outgoing message;
        long sentAt;
        boolean done;

        Pending(Outgoing message) {
            this.message = message;
        }
    }

    private final Vertx vertx;
    private final HonoConnection connection;
    private final Listener listener;
    private final long timeoutMs;
    /** Handed in, not transferred yet (no link, or no credit). */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Transferred, in the order sent; ended ones are taken off the head lazily. */
    private final ArrayDeque<Pending> unsettled = new ArrayDeque<>();
    private ProtonSender sender;
    private boolean opening;
    private long sweepTimer = -1;

    HonoSender(Vertx vertx, HonoConnection connection, long timeoutMs, Listener listener) {
        this.vertx = vertx;
        this.connection = connection;
        this.timeoutMs = timeoutMs;
        this.listener = listener;
    }

    /** Sends {@code messages} in their order, as credit allows; each one's outcome goes to the listener. */
    void send(List<Outgoing> messages) {
        connection.executeOnContext(p -> {
            for (Outgoing o : messages) {
                waiting.add(new Pending(o));
            }
            transfer();
            p.complete();
        }).onFailure(t -> {
            // not connected: nothing can go
            for (Outgoing o : messages) {
                listener.ended(o, Outcome.RETRY, t.getMessage());
            }
        });
    }

    /**
     * The connection is gone: every message handed in and not settled ends as {@code RETRY}. Called
     * from the connection's disconnect listener, on its context (which no longer accepts work).
     */
    void connectionLost() {
        sender = null;
        failAll("connection lost");
    }

    private void transfer() {
        if (sender == null || !sender.isOpen()) {
            open();
            return;
        }
        long now = System.nanoTime();
        while (!waiting.isEmpty() && !sender.sendQueueFull()) {
            Pending p = waiting.poll();
            Message m = message(p.message);
            p.sentAt = now;
            unsettled.add(p);
            sender.send(m, d -> settled(p, d));
        }
        if (!unsettled.isEmpty() && sweepTimer == -1) {
            sweepTimer = vertx.setPeriodic(Math.max(100, timeoutMs / 10), id -> sweep());
        }
    }

    private void open() {
        if (opening) {
            return;
        }
        opening = true;
        connection.createSender(null, ProtonQoS.AT_LEAST_ONCE, address -> {
            // the peer closed the link: what was on it is sent again on a new one
            LOG.info("Hono closed the sender link, opening another");
            sender = null;
            failAll("Hono closed the sender link");
        }).onComplete(ar -> {
            opening = false;
            if (ar.failed()) {
                LOG.debug("cannot open a sender link to Hono: {}", ar.cause().getMessage());
                failAll("cannot open a sender link: " + ar.cause().getMessage());
                return;
            }
            sender = ar.result();
            sender.sendQueueDrainHandler(s -> transfer());
            transfer();
        });
    }

    private static Message message(Outgoing o) {
        Message m = ProtonHelper.message();
        m.setAddress((o.kind() == Kind.TELEMETRY ? "telemetry/" : "event/") + o.device().tenant() + "/" + o.device().device());
        m.setMessageId("firegrid-" + o.id());
        m.setCreationTime(System.currentTimeMillis());
        m.setContentType(o.contentType());
        m.setBody(new Data(new Binary(o.body())));
        return m;
    }

    private void settled(Pending p, ProtonDelivery d) {
        if (p.done) {
            return; // timed out already
        }
        DeliveryState state = d.getRemoteState();
        if (state instanceof Accepted) {
            end(p, Outcome.SENT, null);
        } else if (state instanceof Rejected r) {
            end(p, Outcome.REJECTED, r.getError() == null ? "rejected" : r.getError().getCondition() + ": "
                    + r.getError().getDescription());
        } else if (state instanceof Modified m && Boolean.TRUE.equals(m.getUndeliverableHere())) {
            end(p, Outcome.REJECTED, "undeliverable here");
        } else {
            end(p, Outcome.RETRY, "not accepted: " + state);
        }
    }

    private void end(Pending p, Outcome outcome, String reason) {
        p.done = true;
        listener.ended(p.message, outcome, reason);
    }

    /** Ends as {@code RETRY} what waited for its disposition longer than the timeout. */
    private void sweep() {
        long limit = System.nanoTime() - timeoutMs * 1_000_000L;
        while (!unsettled.isEmpty() && (unsettled.peek().done || unsettled.peek().sentAt < limit)) {
            Pending p = unsettled.poll();
            if (!p.done) {
                end(p, Outcome.RETRY, "no disposition from Hono within " + timeoutMs + " ms");
            }
        }
        if (unsettled.isEmpty() && sweepTimer != -1) {
            vertx.cancelTimer(sweepTimer);
            sweepTimer = -1;
        }
    }

    private void failAll(String reason) {
        Pending p;
        while ((p = unsettled.poll()) != null) {
            if (!p.done) {
                end(p, Outcome.RETRY, reason);
            }
        }
        while ((p = waiting.poll()) != null) {
            end(p, Outcome.RETRY, reason);
        }
    }
}
