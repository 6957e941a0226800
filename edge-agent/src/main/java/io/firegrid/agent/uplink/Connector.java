package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the uplink's Paho client connected: connects at start and again after every failed
 * attempt and every lost connection, waiting a {@link Backoff} with jitter in between, so the
 * agents of a community that all lost a restarted gateway at once come back spread out rather than
 * in lock-step. Paho's own automatic reconnect is off (see {@link PahoSettings#connectOptions}).
 *
 * <p>The gateway's refusals are honoured: after server busy (0x89) or connection rate exceeded
 * (0x9F), in a CONNACK or a DISCONNECT, or quota exceeded (0x97) in a CONNACK, the next attempt
 * waits at least {@link MqttUplinkOptions#busyBackoff()} plus the jitter. Refused credentials are
 * retried with the ordinary backoff, logged with what to check. Every wait is logged with its
 * reason and what it means for the installer.
 *
 * <p>One attempt at a time. Runs on a single thread of its own, which also runs the uplink's other
 * small tasks ({@link #execute}), so nothing runs on Paho's callback thread; the connection never
 * touches the siren, which the agent drives before it hands a message to the uplink.
 */
final class Connector {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final MqttUplinkOptions options;
    private final DeviceId device;
    private final Backoff backoff;
    private final ScheduledExecutorService thread;
    private volatile boolean closed;
    /** A connect is in flight; on the thread only. */
    private boolean attempting;
    /** The next attempt, while waiting for it; on the thread only. */
    private ScheduledFuture<?> next;

    Connector(MqttAsyncClient client, MqttConnectionOptions connectOptions, MqttUplinkOptions options) {
        this.client = client;
        this.connectOptions = connectOptions;
        this.options = options;
        this.device = options.device();
        this.backoff = new Backoff(options.reconnectBase(), options.maxReconnectDelay(), options.busyBackoff(),
                new SplittableRandom(seed(options.device())));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-connect-" + device));
    }

    /**
     * Agents that boot together after a power cut start their JVMs at nearly the same moment; the
     * device's name in the seed keeps their draws apart even if their clocks agree.
     */
    private static long seed(DeviceId device) {
        return System.nanoTime() ^ (device.authId().hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** Connects now, on this thread. */
    void start() {
        execute(this::attempt);
    }

    /** Runs {@code task} on this thread, unless closed. */
    void execute(Runnable task) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, task dropped [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    /** On Paho's callback thread, once connected: the next loss starts from the first backoff window again. */
    void connected() {
        execute(() -> {
            attempting = false;
            backoff.reset();
        });
    }

    /** On Paho's callback thread, when a connection that was up is lost or closed by the gateway. */
    void lost(MqttDisconnectResponse response) {
        execute(() -> reconnectLater(response));
    }

    /** The window the next wait is drawn from; from any thread. */
    Duration window() {
        return backoff.window();
    }

    /**
     * Stops reconnecting: no attempt starts after this returns (a task running on the thread is
     * given a second to finish). An attempt already handed to Paho may still be in flight: the
     * uplink aborts it when it closes the client.
     */
    void close() {
        closed = true;
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("uplink connector still busy after close [tenant: {}, device: {}]", device.tenant(), device.device());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("uplink task failed [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    private void attempt() {
        next = null;
        if (closed || attempting || client.isConnected()) {
            return;
        }
        attempting = true;
        try {
            client.connect(connectOptions, null, PahoListeners.connect(cause -> execute(() -> retryLater(cause))));
        } catch (MqttException e) {
            retryLater(e);
        }
    }

    /** A connection attempt failed. */
    private void retryLater(Throwable cause) {
        attempting = false;
        if (closed || client.isConnected()) {
            return;
        }
        Refusal refusal = Refusal.ofConnect(cause);
        if (refusal.isBusy()) {
            Duration wait = backoff.afterBusy();
            LOG.warn("gateway {} refused the connection [tenant: {}, device: {}, reason: 0x{}]: {}; next attempt in {} ms",
                    options.serverUri(), device.tenant(), device.device(), reasonHex(cause), refusal.meaning(), wait.toMillis());
            schedule(wait);
        } else {
            Duration wait = backoff.afterFailure();
            LOG.warn("cannot connect to {} [tenant: {}, device: {}]: {}; next attempt in {} ms", options.serverUri(),
                    device.tenant(), device.device(), PahoSettings.describe(cause), wait.toMillis());
            schedule(wait);
        }
    }

    /** A connection that was up is gone. */
    private void reconnectLater(MqttDisconnectResponse response) {
        attempting = false;
        if (closed) {
            return;
        }
        MqttException e = response.getException();
        // Paho reports the gateway's DISCONNECT with its reason code and no exception
        Refusal refusal = e == null ? Refusal.ofDisconnect(response.getReturnCode()) : Refusal.NONE;
        if (refusal.isBusy()) {
            Duration wait = backoff.afterBusy();
            LOG.warn("gateway {} closed the connection [tenant: {}, device: {}, reason: 0x{}]: {}; next attempt in {} ms",
                    options.serverUri(), device.tenant(), device.device(), Integer.toHexString(response.getReturnCode()),
                    refusal.meaning(), wait.toMillis());
            schedule(wait);
        } else {
            String why = e != null ? PahoSettings.describe(e)
                    : response.getReasonString() != null
                            ? response.getReasonString() + " [reason 0x" + Integer.toHexString(response.getReturnCode()) + "]"
                            : "the gateway closed the connection [reason 0x" + Integer.toHexString(response.getReturnCode()) + "]";
            Duration wait = backoff.afterFailure();
            LOG.info("disconnected from {} [tenant: {}, device: {}]: {}; next attempt in {} ms, messages wait in the outbox",
                    options.serverUri(), device.tenant(), device.device(), why, wait.toMillis());
            schedule(wait);
        }
    }

    private void schedule(Duration wait) {
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = thread.schedule(() -> run(this::attempt), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, no further attempt [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    private static String reasonHex(Throwable cause) {
        return cause instanceof MqttException e ? Integer.toHexString(e.getReasonCode()) : "?";
    }
}
