package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over MQTT 5 with Eclipse Paho: publishes events to {@code event} and readings to
 * {@code telemetry}, both with QoS 1, and subscribes to {@value #COMMAND_FILTER}.
 *
 * <p>Connects as {@code {device}@{tenant}} with clean start off and a session expiry, so the
 * gateway keeps the session across outages; Paho keeps in-flight messages in file persistence
 * under {@link MqttUplinkOptions#persistenceDir()} and resends them after a restart. Once
 * connected, Paho reconnects by itself and holds messages sent meanwhile in its disconnected
 * buffer, persisted to disk. Before the first connection Paho neither retries nor buffers: the
 * {@link FirstConnection} retries and {@link HeldMessages} keeps messages in memory until then.
 *
 * <p>Commands are not handled yet: they are logged at debug and dropped. Thread-safe.
 */
public final class MqttUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** The device's command subscription: requests for itself, any request id and name. */
    public static final String COMMAND_FILTER = "command///req/#";
    static final int QOS = 1;
    private static final long DISCONNECT_TIMEOUT_MS = 2_000;

    private final MqttUplinkOptions options;
    private final DeviceId device;
    private final MessageCodec codec = new MessageCodec();
    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final FirstConnection firstConnection;
    private final HeldMessages held;
    private volatile boolean closed;
    private volatile CommandHandler commandHandler;

    /**
     * Sets up the client and its persistence; does not connect yet.
     *
     * @throws FireGridException {@code UNAVAILABLE/uplink-init} if the persistence directory cannot be used
     */
    public MqttUplink(MqttUplinkOptions options) {
        this.options = options;
        this.device = options.device();
        try {
            Files.createDirectories(options.persistenceDir());
            client = new MqttAsyncClient(options.serverUri().toString(), device.authId(),
                    new MqttDefaultFilePersistence(options.persistenceDir().toString()));
        } catch (IOException | MqttException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-init",
                    "cannot set up MQTT for " + device + " in " + options.persistenceDir() + ": " + e.getMessage(), e);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setPersistBuffer(true);
        buffer.setBufferSize(options.bufferSize());
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        connectOptions = PahoSettings.connectOptions(options);
        firstConnection = new FirstConnection(client, connectOptions, options);
        held = new HeldMessages(options.bufferSize(), this::publish, client::isConnected);
        client.setCallback(new UplinkCallback(device, options.serverUri(), this::connected, this::commandArrived));
    }

    @Override
    public void start() {
        LOG.info("connecting to {} [tenant: {}, device: {}]", options.serverUri(), device.tenant(), device.device());
        firstConnection.start();
    }

    @Override
    public void send(DeviceMessage message) {
        if (closed) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-closed",
                    "uplink of " + device + " is closed; seq " + message.seq() + " not sent");
        }
        held.send(new HeldMessages.Pending(message.endpoint().wireName(), codec.encode(message), message.seq()));
    }

    @Override
    public void commands(CommandHandler handler) {
        this.commandHandler = handler;
    }

    /** On Paho's callback thread: answered on the uplink's own thread, so Paho is never blocked. */
    private void commandArrived(String topic, byte[] body) {
        String[] s = topic.split("/", -1);
        if (s.length != 6 || !(s[0].equals("command") || s[0].equals("c")) || !(s[3].equals("req") || s[3].equals("q"))) {
            LOG.debug("message on an unexpected topic ignored [tenant: {}, device: {}, topic: {}]",
                    device.tenant(), device.device(), topic);
            return;
        }
        String requestId = s[4];
        String name = s[5];
        firstConnection.execute(() -> {
            CommandHandler handler = commandHandler;
            CommandHandler.Reply reply;
            try {
                reply = handler == null ? new CommandHandler.Reply(501, "{\"error\":\"this device takes no commands\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)) : handler.handle(name, body);
            } catch (RuntimeException e) {
                LOG.warn("command failed [tenant: {}, device: {}, command: {}]", device.tenant(), device.device(), name, e);
                reply = new CommandHandler.Reply(500, ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            LOG.info("command {} answered {} [tenant: {}, device: {}]", name, reply.status(), device.tenant(), device.device());
            try {
                client.publish("command///res/" + requestId + "/" + reply.status(), new MqttMessage(reply.body(), QOS, false, null));
            } catch (MqttException e) {
                LOG.warn("cannot answer command {} [tenant: {}, device: {}]: {}", name, device.tenant(), device.device(),
                        PahoSettings.describe(e));
            }
        });
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Messages not yet acknowledged: held, buffered while disconnected, or in flight. */
    public int undelivered() {
        return held.size() + client.getBufferedMessageCount() + client.getInFlightMessageCount();
    }

    private void publish(HeldMessages.Pending p) throws MqttException {
        MqttMessage m = new MqttMessage(p.body(), QOS, false, null);
        client.publish(p.topic(), m, p.seq(), PahoListeners.delivery(device, this::flushLater));
    }

    /** On every (re)connection, on Paho's callback thread. */
    private void connected() {
        try {
            client.subscribe(COMMAND_FILTER, QOS, null, PahoListeners.subscription(device));
        } catch (MqttException e) {
            LOG.warn("cannot subscribe to {} [tenant: {}, device: {}]", COMMAND_FILTER, device.tenant(), device.device(), e);
        }
        flushLater();
    }

    private void flushLater() {
        if (held.size() > 0) {
            firstConnection.execute(held::flush);
        }
    }

    /**
     * Disconnects cleanly if connected and closes the client and its persistence. Messages Paho
     * buffered stay on disk and go out after the next start; messages held before a first
     * connection are lost, and counted in the log.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        firstConnection.close();
        if (held.size() > 0) {
            LOG.warn("closing with {} message(s) never handed to MQTT [tenant: {}, device: {}]",
                    held.size(), device.tenant(), device.device());
        }
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_TIMEOUT_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS + 1000);
            }
        } catch (MqttException e) {
            LOG.warn("clean disconnect failed [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
        PahoSettings.stopReconnectTimer(client, connectOptions, device);
        try {
            client.close(true);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_CLOSED) {
                LOG.warn("cannot close MQTT client [tenant: {}, device: {}]", device.tenant(), device.device(), e);
            }
        }
        LOG.info("uplink closed [tenant: {}, device: {}]", device.tenant(), device.device());
    }
}
