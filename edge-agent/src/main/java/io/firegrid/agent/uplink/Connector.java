package io.firegrid.agent.uplink;

import io.firegrid.protocol.ConnectProperties;
import io.firegrid.protocol.DeviceId;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the uplink's Paho client connected, the first time and after every lost connection, with
 * the waits of a {@link ReconnectBackoff}: jittered, growing with failures, 5-15 s and more after
 * the gateway answered 0x89 (server busy) or 0x9F (connection rate exceeded). Paho's own automatic
 * reconnect is off: it neither jitters nor reads the gateway's answer, and it left its timer thread
 * behind when the client was closed while the gateway was away (eclipse-paho/paho.mqtt.java#425).
 * Here every attempt is a task on this class's one thread, which {@link #close()} ends.
 *
 * <p>Also runs the uplink's own small tasks, on the same thread, so they never run on Paho's
 * callback thread. Thread-safe.
 */
final class Connector {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final MqttAsyncClient client;
    /** The CONNECT user property saying an event waits in the outbox. */
    static final String EVENT_WAITING = ConnectProperties.EVENT_WAITING;

    private final MqttConnectionOptions connectOptions;
    private final MqttUplinkOptions options;
    private final DeviceId device;
    private final ScheduledExecutorService thread;
    private final ReconnectBackoff backoff;
    private final BooleanSupplier eventWaiting;
    private volatile boolean closed;
    /** An attempt's CONNECT is out and its outcome not told yet; this thread only. */
    private boolean inFlight;
    /** A loss was told since the current attempt began; this thread only. */
    private boolean lostSinceAttempt;
    /** The current attempt's number: an outcome Paho tells for an earlier one is ignored; this thread only. */
    private long attempt;
    /** The next attempt, when one is scheduled, and when it is due (ms, nanoTime based); this thread only. */
    private ScheduledFuture<?> next;
    private long nextDueMs;
    /** Told of every CONNACK, on Paho's callback thread. */
    private volatile Consumer<IMqttToken> connack = token -> { };

    /** @param eventWaiting whether an event waits in the outbox: the waits are then short ({@link ReconnectBackoff#urgent()}) */
    Connector(MqttAsyncClient client, MqttConnectionOptions connectOptions, MqttUplinkOptions options,
              BooleanSupplier eventWaiting) {
        this(client, connectOptions, options, eventWaiting, new SecureRandom());
    }

    Connector(MqttAsyncClient client, MqttConnectionOptions connectOptions, MqttUplinkOptions options,
              BooleanSupplier eventWaiting, RandomGenerator random) {
        this.client = client;
        this.eventWaiting = eventWaiting;
        this.connectOptions = connectOptions;
        this.options = options;
        this.device = options.device();
        this.backoff = new ReconnectBackoff(options.maxReconnectDelay(), random);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-connect-" + device));
    }

    /** Tells {@code listener}, on Paho's callback thread, of every successful connection's CONNACK. */
    void onConnack(Consumer<IMqttToken> listener) {
        this.connack = listener;
    }

    /** Connects now, unless an attempt is already scheduled or under way. */
    void start() {
        execute(() -> {
            if (!inFlight && !scheduled()) {
                connect();
            }
        });
    }

    /**
     * The connection was lost, with the gateway's DISCONNECT reason code ({@code -1}: none, the
     * socket closed): the next attempt follows the backoff.
     *
     * <p>Paho tells a loss on its receiver thread and an attempt's success on its callback thread: a
     * gateway that closes a connection at once (a full disk refusing what the outbox sends first)
     * can have the loss told first, while the attempt's outcome is still on its way. The loss then
     * leaves it to the attempt, and the attempt's success schedules the next one ({@link #succeeded}):
     * whichever comes first, a next attempt is scheduled. The loss is believed as told: Paho tells a
     * gateway's DISCONNECT before its client stops counting itself connected, and an attempt whose
     * connection the gateway closed at once may never be told to succeed or fail. A loss told while
     * an attempt is under way therefore ends that attempt (its late outcome is ignored) and schedules
     * the next; at worst that one finds the client connected and does nothing.
     */
    void lost(int reasonCode) {
        execute(() -> {
            lostSinceAttempt = true;
            if (closed || scheduled()) {
                return;
            }
            if (inFlight) {
                attempt++;
                inFlight = false;
            }
            later(reasonCode, null);
        });
    }

    /**
     * An event was queued: if the next attempt is further away than {@link ReconnectBackoff#URGENT_MAX}
     * (a busy wait), it is brought forward to a short one.
     */
    void urgent() {
        execute(() -> {
            long now = System.nanoTime() / 1_000_000;
            if (scheduled() && nextDueMs - now > ReconnectBackoff.URGENT_MAX.toMillis() && next.cancel(false)) {
                long delay = backoff.urgent();
                LOG.info("an event is waiting: reconnecting to {} in {} ms, not {} ms [tenant: {}, device: {}]",
                        options.serverUri(), delay, nextDueMs - now, device.tenant(), device.device());
                at(delay);
            }
        });
    }

    /** A connection is up: the next failure waits as the first one did. */
    void connected() {
        backoff.reset();
    }

    /** An attempt is scheduled and has not started yet; this thread only. */
    private boolean scheduled() {
        return next != null && !next.isDone();
    }

    /** Runs {@code task} on this thread, unless closed. */
    void execute(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("uplink task failed [tenant: {}, device: {}]", device.tenant(), device.device(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, task dropped [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    /** Runs {@code task} on this thread after {@code delayMs}, unless closed by then; the future, or null when closed. */
    ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        if (closed) {
            return null;
        }
        try {
            return thread.schedule(() -> execute(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, task dropped [tenant: {}, device: {}]", device.tenant(), device.device(), e);
            return null;
        }
    }

    /** The next attempt in {@code delayMs}; on this thread. */
    private void at(long delayMs) {
        nextDueMs = System.nanoTime() / 1_000_000 + delayMs;
        next = schedule(this::connect, delayMs);
    }

    /** Stops connecting; an attempt in flight may still complete. */
    void close() {
        closed = true;
        thread.shutdownNow();
    }

    private void connect() {
        if (closed) {
            return;
        }
        if (client.isConnected() || inFlight) {
            return;
        }
        inFlight = true;
        lostSinceAttempt = false;
        long id = ++attempt;
        try {
            // the gateway lets a device holding an alarm in past the crowd of a reconnect storm
            connectOptions.setUserProperties(eventWaiting.getAsBoolean()
                    ? List.of(new UserProperty(EVENT_WAITING, "1")) : List.of());
            client.connect(connectOptions, null, PahoListeners.firstConnect(token -> {
                execute(() -> succeeded(id));
                connack.accept(token);
            }, cause -> execute(() -> {
                if (id == attempt) {
                    inFlight = false;
                    failed(cause);
                }
            })));
        } catch (MqttException e) {
            inFlight = false;
            failed(e);
        }
    }

    /** On this thread: the attempt got its CONNACK; if its connection was lost meanwhile, the next attempt. */
    private void succeeded(long id) {
        if (id != attempt) {
            return;
        }
        inFlight = false;
        if (lostSinceAttempt && !closed && !scheduled()) {
            later(-1, null);
        }
    }

    private void failed(Throwable cause) {
        if (closed) {
            return;
        }
        if (client.isConnected() || scheduled()) {
            return;
        }
        later(cause instanceof MqttException e ? e.getReasonCode() : -1, cause);
    }

    private void later(int reasonCode, Throwable cause) {
        long delay = backoff.next(reasonCode);
        if (delay > ReconnectBackoff.URGENT_MAX.toMillis() && eventWaiting.getAsBoolean()) {
            delay = backoff.urgent(); // an alarm does not sit out a busy wait
        }
        if (cause == null) {
            LOG.info("reconnecting to {} in {} ms [tenant: {}, device: {}]", options.serverUri(), delay, device.tenant(),
                    device.device());
        } else if (ReconnectBackoff.isBusy(reasonCode)) {
            LOG.warn("{} is busy [tenant: {}, device: {}]: {}; it asked for room, next attempt in {} ms", options.serverUri(),
                    device.tenant(), device.device(), PahoSettings.describe(cause, options.tls()), delay);
        } else {
            LOG.warn("cannot connect to {} [tenant: {}, device: {}]: {}; next attempt in {} ms", options.serverUri(),
                    device.tenant(), device.device(), PahoSettings.describe(cause, options.tls()), delay);
        }
        at(delay);
    }
}
