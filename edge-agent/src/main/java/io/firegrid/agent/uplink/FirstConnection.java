package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the uplink's Paho client connected the first time. Paho reconnects by itself only once a
 * connection has been up, so until then this retries: after 1 s, doubling up to the configured
 * maximum, logging each failure with what to check. Also runs the uplink's own small tasks, on
 * the same single thread, so they never run on Paho's callback thread.
 */
final class FirstConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final MqttUplinkOptions options;
    private final DeviceId device;
    private final ScheduledExecutorService thread;
    private volatile boolean closed;
    private int failedAttempts;

    FirstConnection(MqttAsyncClient client, MqttConnectionOptions connectOptions, MqttUplinkOptions options) {
        this.client = client;
        this.connectOptions = connectOptions;
        this.options = options;
        this.device = options.device();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-connect-" + device));
    }

    void start() {
        execute(this::connect);
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

    /** Runs {@code task} on this thread after {@code delayMs}, unless closed by then. */
    void schedule(Runnable task, long delayMs) {
        if (closed) {
            return;
        }
        try {
            thread.schedule(() -> execute(task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, task dropped [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    /** Stops retrying; an attempt in flight may still complete. */
    void close() {
        closed = true;
        thread.shutdownNow();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(connectOptions, null, PahoListeners.firstConnect(cause -> execute(() -> retryLater(cause))));
        } catch (MqttException e) {
            retryLater(e);
        }
    }

    private void retryLater(Throwable cause) {
        if (closed || client.isConnected()) {
            return;
        }
        long delay = Math.min(options.maxReconnectDelay().toMillis(), 1000L << Math.min(failedAttempts, 16));
        failedAttempts++;
        LOG.warn("cannot connect to {} [tenant: {}, device: {}]: {}; next attempt in {} ms", options.serverUri(),
                device.tenant(), device.device(), PahoSettings.describe(cause, options.tls()), delay);
        thread.schedule(() -> execute(this::connect), delay, TimeUnit.MILLISECONDS);
    }
}
