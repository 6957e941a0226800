package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over MQTT 5 with Eclipse Paho: publishes events to {@code event} and readings to
 * {@code telemetry}, both with QoS 1, and subscribes to {@value #COMMAND_FILTER}.
 *
 * <p>Every message is first written to the {@link Outbox} under
 * {@link MqttUplinkOptions#persistenceDir()}, forced to disk before {@link #send} returns, and
 * leaves it only once the gateway has acknowledged it; the {@link OutboxSender} publishes from
 * there, events first, and sends again after every reconnection and restart what was not
 * acknowledged. Paho itself keeps nothing on disk and buffers nothing.
 *
 * <p>Connects as {@code {device}@{tenant}} with clean start off and a session expiry, so the
 * gateway keeps the session (and the command subscription) across outages. The {@link Connector}
 * connects and reconnects, with jittered waits that grow with failures and last 5-15 s or more after
 * the gateway answered 0x89 (server busy) or 0x9F (connection rate exceeded); Paho's own automatic
 * reconnect is off.
 *
 * <p>Commands are answered by the {@link CommandHandler} given to {@link #commands}, on the
 * uplink's own thread; without one, 501. Thread-safe.
 */
public final class MqttUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** The device's command subscription: requests for itself, any request id and name. */
    public static final String COMMAND_FILTER = "command///req/#";
    /** The gateway's command that hands the device new credentials (docs/lifecycle.md). */
    public static final String ROTATE_CREDENTIALS = "rotate-credentials";
    static final int QOS = 1;
    private static final long DISCONNECT_TIMEOUT_MS = 2_000;

    private final MqttUplinkOptions options;
    private final DeviceId device;
    private final MessageCodec codec = new MessageCodec();
    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final Connector connector;
    private final Outbox outbox;
    private final OutboxSender sender;
    /** Removes acknowledged messages from the outbox (write and fsync) off the uplink's thread. */
    private final ExecutorService remover;
    /** PUBACKs collected on Paho's callback thread, not yet handed to the uplink's thread. */
    private final java.util.Queue<OutboxSender.Answer> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean answersScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private volatile CommandHandler commandHandler;
    private final CredentialStore credentials;

    /**
     * Sets up the client and its persistence; does not connect yet.
     *
     * @throws FireGridException {@code UNAVAILABLE/uplink-init} if the MQTT client cannot be set up,
     *         {@code UNAVAILABLE/outbox-io} if the outbox cannot be opened in the persistence directory
     */
    public MqttUplink(MqttUplinkOptions options) {
        this(options, new java.security.SecureRandom());
    }

    /** As {@link #MqttUplink(MqttUplinkOptions)}, drawing the reconnect jitter from {@code random} (tests). */
    MqttUplink(MqttUplinkOptions options, java.util.random.RandomGenerator random) {
        this.options = options;
        this.device = options.device();
        try {
            client = new MqttAsyncClient(options.serverUri().toString(), device.authId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-init",
                    "cannot set up MQTT for " + device + ": " + e.getMessage(), e);
        }
        outbox = Outbox.open(new OutboxOptions(options.persistenceDir(), options.outboxMaxBytes()));
        connectOptions = PahoSettings.connectOptions(options);
        credentials = new CredentialStore(options.persistenceDir());
        credentials.load().ifPresent(c -> {
            connectOptions.setPassword(c.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            LOG.info("using the credentials the gateway rotated [tenant: {}, device: {}, file: {}]", device.tenant(),
                    device.device(), options.persistenceDir().resolve(CredentialStore.FILE_NAME));
        });
        connector = new Connector(client, connectOptions, options, () -> !outbox.queuedEvents().isEmpty(), random);
        remover = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "firegrid-outbox-" + device);
            t.setDaemon(true);
            return t;
        });
        sender = new OutboxSender(device, outbox, this::publish, client::isConnected, connector::execute,
                connector::schedule, remover);
        connector.onConnack(token -> {
            Integer receiveMaximum = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            connector.execute(() -> sender.receiveMaximum(receiveMaximum));
        });
        client.setCallback(new UplinkCallback(device, options.serverUri(), options.tls(), this::connected, this::commandArrived,
                reason -> {
                    if (!closed) {
                        connector.lost(reason);
                    }
                }));
    }

    @Override
    public void start() {
        LOG.info("connecting to {}{} [tenant: {}, device: {}]", options.serverUri(),
                options.tls() == null ? "" : " trusting only the site CA " + options.tls(), device.tenant(), device.device());
        connector.start();
    }

    @Override
    public void send(DeviceMessage message) {
        if (closed) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-closed",
                    "uplink of " + device + " is closed; seq " + message.seq() + " not sent");
        }
        outbox.append(message, codec.encode(message));
        connector.execute(sender::send);
        if (message instanceof io.firegrid.protocol.Event) {
            connector.urgent();
        }
    }

    /**
     * Queues {@code message}, encoded by another path's uplink, durably and sends it: an event handed
     * over to this path (docs/dual-path.md).
     *
     * @throws FireGridException as {@link #send}
     */
    public void forward(Outbox.Message message) {
        if (closed) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-closed",
                    "uplink of " + device + " is closed; seq " + message.seq() + " not sent");
        }
        outbox.append(message);
        connector.execute(sender::send);
        connector.urgent(); // only events are handed over between paths
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
        connector.execute(() -> {
            CommandHandler handler = commandHandler;
            CommandHandler.Reply reply;
            try {
                reply = ROTATE_CREDENTIALS.equals(name) ? rotate(body)
                        : handler == null ? new CommandHandler.Reply(501, "{\"error\":\"this device takes no commands\"}"
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
            if (ROTATE_CREDENTIALS.equals(name) && reply.status() == 200) {
                reconnect();
            }
        });
    }

    /**
     * {@code rotate-credentials} {@code {"password":"...","psk":"..."?}}: saves the new credentials
     * durably ({@link CredentialStore}) and answers 200; the uplink then reconnects with them. A body
     * without a usable password is answered 400, a save that fails 503; nothing changes then.
     */
    private CommandHandler.Reply rotate(byte[] body) {
        Optional<CredentialStore.Credentials> sent = CredentialStore.Credentials.fromCommand(body);
        if (sent.isEmpty()) {
            return reply(400, "{\"error\":\"bad-credentials\",\"detail\":\"rotate-credentials needs {\\\"password\\\": at least 8 characters}\"}");
        }
        CredentialStore.Credentials rotated = sent.get();
        try {
            credentials.save(rotated);
        } catch (FireGridException e) {
            LOG.warn("new credentials not saved, the old ones stay [tenant: {}, device: {}]: {}", device.tenant(),
                    device.device(), e.reason());
            return reply(503, "{\"error\":\"credentials-io\"}");
        }
        connectOptions.setPassword(rotated.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LOG.info("new credentials stored; reconnecting with them [tenant: {}, device: {}]", device.tenant(), device.device());
        return reply(200, "{\"stored\":true" + (rotated.psk() == null ? "" : ",\"psk\":\"from the next start\"") + "}");
    }

    /**
     * Closes the Paho client. Paho refuses while a CONNECT attempt is under way (32110), and a
     * client left open keeps its threads and its socket: the attempt's outcome is awaited (briefly:
     * the gateway answers or the socket fails) and the close tried again, after a disconnect if the
     * attempt connected. A server that never answers the CONNECT (hung, or a half-open link) gets
     * no outcome: after the wait the attempt is ended by force (its socket closed, its tokens
     * failed), and the client closed then.
     */
    private void closeClient() throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCONNECT_TIMEOUT_MS);
        boolean forced = false;
        while (true) {
            try {
                client.close(true);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_CONNECTED) {
                    client.disconnect(DISCONNECT_TIMEOUT_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS + 1000);
                } else if (e.getReasonCode() != MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
                        || forced && System.nanoTime() > deadline) {
                    throw e;
                } else if (!forced && System.nanoTime() > deadline) {
                    LOG.debug("CONNECT unanswered at close; ended by force [tenant: {}, device: {}]", device.tenant(),
                            device.device());
                    client.disconnectForcibly(0, 0, false);
                    forced = true;
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCONNECT_TIMEOUT_MS);
                    continue;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static CommandHandler.Reply reply(int status, String json) {
        return new CommandHandler.Reply(status, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * On the uplink's thread, after the answer to the rotation went out: a clean disconnect (what is
     * in flight completes first; what is not acknowledged stays in the outbox and is sent again) and
     * a new connection with the new password.
     */
    private void reconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_TIMEOUT_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS + 1000);
            }
        } catch (MqttException e) {
            LOG.warn("disconnect before the reconnection failed [tenant: {}, device: {}]: {}", device.tenant(),
                    device.device(), PahoSettings.describe(e));
        }
        connector.start();
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Tells {@code listener}, on the uplink's thread, of each group of messages the gateway accepted,
     * before they leave the outbox. Set it before {@link #start()}.
     */
    public void onDelivered(java.util.function.Consumer<java.util.Set<Long>> listener) {
        sender.delivered(listener);
    }

    /**
     * Removes {@code seqs} from the outbox because another reporting path delivered them; the log
     * records it, so they are not sent here after a restart either. Thread-safe.
     *
     * @return how many were still queued here
     */
    public int withdraw(java.util.Collection<Long> seqs) {
        int n = outbox.handledElsewhere(seqs);
        if (n > 0) {
            // Paho resends what it published on a connection that died unanswered when it reconnects
            // into the same session; a withdrawn event among them would reach this gateway after all.
            // The next connection starts a new session instead: the outbox resends whatever was not
            // withdrawn, and the command subscription is made again on every connection.
            connectOptions.setCleanStart(true);
        }
        return n;
    }

    /** The events in the outbox, oldest first: not yet acknowledged on this path nor withdrawn. */
    public java.util.List<Outbox.Message> queuedEvents() {
        return outbox.queuedEvents();
    }

    /** Events removed from the outbox because another path delivered them. */
    public long handledElsewhere() {
        return outbox.handledElsewhere();
    }

    /**
     * Publishes {@code message} with QoS 1 without keeping it in the outbox: a supervision heartbeat,
     * worthless once late. {@code onAnswer} runs when the gateway acknowledged it; nothing happens
     * when it did not or when the path is down.
     */
    public void probe(DeviceMessage message, Runnable onAnswer) {
        if (closed || !client.isConnected()) {
            return;
        }
        try {
            client.publish(message.endpoint().wireName(), new MqttMessage(codec.encode(message), QOS, false, null), null,
                    PahoListeners.delivery(device, reason -> {
                        if (reason < 0x80) {
                            onAnswer.run();
                        }
                    }, () -> { }));
        } catch (MqttException e) {
            LOG.debug("supervision heartbeat not sent [tenant: {}, device: {}]: {}", device.tenant(), device.device(),
                    PahoSettings.describe(e));
        }
    }

    /** Messages in the outbox: not yet acknowledged by the gateway, in flight or not. */
    public int undelivered() {
        return outbox.size();
    }

    /** Writes that removed acknowledged messages from the outbox since this uplink was made, one fsync each. */
    public long outboxRemovals() {
        return sender.removals();
    }

    /** Bytes the undelivered messages take in the outbox. */
    public long undeliveredBytes() {
        return outbox.bytes();
    }

    /** Telemetry the outbox dropped unsent to make room for newer messages, since the uplink was created. */
    public long droppedTelemetry() {
        return outbox.droppedTelemetry();
    }

    @Override
    public OutboxStats outboxStats() {
        return new OutboxStats(outbox.size(), outbox.bytes(), outbox.droppedTelemetry());
    }

    /**
     * On the uplink's thread: the stored bytes go out as they are. Paho's answers are collected on
     * its callback thread and handed back to the uplink's thread together, one task for all those
     * that came in while the previous ones were handled.
     */
    private void publish(Outbox.Message message, int connection) throws MqttException {
        MqttMessage m = new MqttMessage(message.body(), QOS, false, null);
        long seq = message.seq();
        client.publish(message.endpoint().wireName(), m, seq, PahoListeners.delivery(device,
                reason -> {
                    answers.add(new OutboxSender.Answer(seq, reason));
                    if (answersScheduled.compareAndSet(false, true)) {
                        connector.execute(this::handAnswers);
                    }
                },
                () -> connector.execute(() -> sender.unanswered(seq, connection))));
    }

    /** On the uplink's thread: every answer Paho collected so far, to the sender at once. */
    private void handAnswers() {
        answersScheduled.set(false);
        java.util.List<OutboxSender.Answer> batch = new java.util.ArrayList<>();
        for (OutboxSender.Answer a; (a = answers.poll()) != null; ) {
            batch.add(a);
        }
        if (!batch.isEmpty()) {
            sender.answered(batch);
        }
    }

    /** On every (re)connection, on Paho's callback thread. */
    private void connected() {
        connector.connected();
        connectOptions.setCleanStart(false);
        try {
            client.subscribe(COMMAND_FILTER, QOS, null, PahoListeners.subscription(device));
        } catch (MqttException e) {
            LOG.warn("cannot subscribe to {} [tenant: {}, device: {}]", COMMAND_FILTER, device.tenant(), device.device(), e);
        }
        connector.execute(sender::connected);
    }

    /**
     * Disconnects cleanly if connected and closes the client and the outbox. Messages not yet
     * acknowledged stay in the outbox and go out after the next start.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connector.close();
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_TIMEOUT_MS).waitForCompletion(DISCONNECT_TIMEOUT_MS + 1000);
            }
        } catch (MqttException e) {
            LOG.warn("clean disconnect failed [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
        try {
            closeClient();
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_CLOSED) {
                LOG.warn("cannot close MQTT client [tenant: {}, device: {}]", device.tenant(), device.device(), e);
            }
        }
        remover.shutdown();
        try {
            if (!remover.awaitTermination(DISCONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("removal of acknowledged messages still running at close; they are sent again after the next start "
                        + "[tenant: {}, device: {}]", device.tenant(), device.device());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = outbox.size();
        outbox.close();
        LOG.info("uplink closed [tenant: {}, device: {}, undelivered: {}]", device.tenant(), device.device(), left);
    }
}
