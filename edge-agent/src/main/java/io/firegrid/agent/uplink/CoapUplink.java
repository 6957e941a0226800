package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.Outbox;
import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over CoAP with Eclipse Californium: each message is a confirmable
 * {@code POST /event} or {@code POST /telemetry}, over DTLS with the device's pre-shared key
 * ({@code coaps://}) or plain ({@code coap://}).
 *
 * <p>Messages go through the same durable {@link Outbox} as on MQTT, with the same {@code seq}:
 * written and forced to disk before {@link #send} returns, removed only when the gateway answers
 * 2.04 (stored) or refuses them for good (4.xx, logged as an error). One message is in flight at a
 * time: UDP may reorder datagrams, and a detector's alarm must not overtake its earlier restore.
 * No answer (Californium's CON retransmissions exhausted, a failed handshake) or a 5.xx: the same
 * message is sent again after 1 s, doubling up to {@link CoapUplinkOptions#maxRetryDelay()}; the
 * DTLS session is dropped first so a restarted gateway gets a fresh handshake. The gateway drops
 * a copy it already stored by its {@code seq}.
 *
 * <p>A command the gateway piggybacks on an answer (Location-Path {@code command_response/{req-id}},
 * Location-Query {@code hono-command={name}}) is handed to the {@link CommandHandler} and its reply
 * posted back. Besides the answers to its messages, the agent keeps one request open at the
 * gateway for commands ({@code POST /event?empty&hono-ttd=N}, {@link CoapUplinkOptions#commandWait()}),
 * sent again as soon as it is answered, so a command reaches an idle agent within a round trip.
 *
 * <p>The command {@code rotate-credentials} {@code {"password", "psk"?, "pskIdentity"?}} is taken by
 * the uplink itself, as on MQTT: the new credentials are saved durably ({@link CredentialStore}),
 * the DTLS session is dropped and the next request (the command's answer first) makes a new
 * handshake with the new key; from then on the saved key is used at every start. A 4.01 answer
 * (credentials refused) keeps the message in the outbox and sends it again after a new handshake:
 * a key revoked under an exchange in flight costs no message.
 *
 * <p>Thread model: one thread of its own sends, handles answers and runs commands.
 */
public final class CoapUplink implements Uplink {

    private static final Logger LOG = LoggerFactory.getLogger(CoapUplink.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final CoapUplinkOptions options;
    private final DeviceId device;
    private final MessageCodec codec = new MessageCodec();
    private final Outbox outbox;
    private final CoapEndpoint endpoint;
    private final DTLSConnector dtls;
    private final DevicePskKey pskKey;
    private final CredentialStore credentials;
    private final ScheduledExecutorService thread;
    private volatile boolean closed;
    private volatile boolean answering;
    private volatile CommandHandler commandHandler;
    private boolean inFlight;
    private int failures;
    private long pollGeneration;
    private boolean polling;

    /**
     * Sets up the endpoint and opens the outbox; sends nothing yet.
     *
     * @throws FireGridException {@code UNAVAILABLE/outbox-io} if the outbox cannot be opened
     */
    public CoapUplink(CoapUplinkOptions options) {
        this.options = options;
        this.device = options.device();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(CoapConfig.ACK_TIMEOUT, options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, options.maxRetransmit());
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, options.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        credentials = new CredentialStore(options.persistenceDir());
        if (options.serverUri().getScheme().equals("coaps")) {
            CredentialStore.Credentials saved = credentials.load().filter(c -> c.psk() != null).orElse(null);
            if (saved != null) {
                LOG.info("using the PSK the gateway rotated [tenant: {}, device: {}, identity: {}, file: {}]", device.tenant(),
                        device.device(), identity(saved), options.persistenceDir().resolve(CredentialStore.FILE_NAME));
            }
            pskKey = saved == null ? new DevicePskKey(device.authId(), options.psk()) : new DevicePskKey(identity(saved), saved.psk());
            dtls = new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAddress(new InetSocketAddress(0))
                    .setAdvancedPskStore(pskKey)
                    .build());
            endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(dtls).build();
        } else {
            dtls = null;
            pskKey = null;
            endpoint = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(0)).build();
        }
        outbox = Outbox.open(new OutboxOptions(options.persistenceDir(), options.outboxMaxBytes()));
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-coap-" + device));
    }

    @Override
    public void start() {
        LOG.info("sending to {} [tenant: {}, device: {}, undelivered: {}]", options.serverUri(), device.tenant(),
                device.device(), outbox.size());
        execute(this::sendNext);
        execute(this::poll);
    }

    @Override
    public void send(DeviceMessage message) {
        if (closed) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "uplink-closed",
                    "uplink of " + device + " is closed; seq " + message.seq() + " not sent");
        }
        outbox.append(message, codec.encode(message));
        execute(this::sendNext);
    }

    @Override
    public void commands(CommandHandler handler) {
        this.commandHandler = handler;
    }

    /** True while the gateway answered the latest request; CoAP itself has no connection. */
    @Override
    public boolean isConnected() {
        return answering;
    }

    /** Messages in the outbox: not yet answered by the gateway. */
    public int undelivered() {
        return outbox.size();
    }

    private void sendNext() {
        if (closed || inFlight) {
            return;
        }
        List<Outbox.Message> head = outbox.peek(1);
        if (head.isEmpty()) {
            return;
        }
        Outbox.Message m = head.get(0);
        inFlight = true;
        Request request = Request.newPost();
        request.setType(CoAP.Type.CON);
        request.setPayload(m.body());
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        client("/" + m.endpoint().wireName()).advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                execute(() -> answered(m.seq(), response));
            }

            @Override
            public void onError() {
                execute(() -> unanswered(m.seq()));
            }
        }, request);
    }

    /** Keeps one empty notification open at the gateway, so commands reach the agent while it is idle. */
    private void poll() {
        long wait = options.commandWait().toSeconds();
        if (closed || polling || wait == 0) {
            return;
        }
        polling = true;
        long generation = ++pollGeneration;
        Request request = Request.newPost();
        request.setType(CoAP.Type.CON);
        client("/event?empty&hono-ttd=" + wait).advanced(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                execute(() -> polled(generation, response));
            }

            @Override
            public void onError() {
                execute(() -> polled(generation, null));
            }
        }, request);
        // a gateway that restarted while holding the request never answers it: give up and ask again
        long giveUpMs = (wait + 10) * 1000L + options.ackTimeout().toMillis() * 8;
        try {
            thread.schedule(() -> execute(() -> {
                if (polling && pollGeneration == generation) {
                    request.cancel();
                    polled(generation, null);
                }
            }), giveUpMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing [tenant: {}, device: {}]", device.tenant(), device.device());
        }
    }

    private void polled(long generation, CoapResponse response) {
        if (generation != pollGeneration || !polling) {
            return; // an answer to a request given up on
        }
        polling = false;
        if (response != null && response.isSuccess()) {
            answering = true;
            commandIn(response);
            poll();
            return;
        }
        if (response != null) {
            LOG.warn("gateway refused the wait for commands [tenant: {}, device: {}, code: {}, reason: {}]",
                    device.tenant(), device.device(), response.getCode(), response.getResponseText());
        }
        try {
            thread.schedule(() -> execute(this::poll), options.maxRetryDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing [tenant: {}, device: {}]", device.tenant(), device.device());
        }
    }

    private String identity(CredentialStore.Credentials c) {
        return c.pskIdentity() != null ? c.pskIdentity() : device.authId();
    }

    private void answered(long seq, CoapResponse response) {
        CoAP.ResponseCode code = response.getCode();
        if (code == CoAP.ResponseCode.UNAUTHORIZED) {
            LOG.warn("gateway refused the credentials [tenant: {}, device: {}, seq: {}, reason: {}]; kept, sent again after a new handshake",
                    device.tenant(), device.device(), seq, response.getResponseText());
            unanswered(seq);
            return;
        }
        inFlight = false;
        answering = true;
        if (code.isServerError()) {
            LOG.warn("gateway busy, sending again [tenant: {}, device: {}, seq: {}, code: {}, reason: {}]",
                    device.tenant(), device.device(), seq, code, response.getResponseText());
            retryLater(Math.max(1, response.getOptions().getMaxAge()) * 1000L);
            return;
        }
        failures = 0;
        if (code.isSuccess()) {
            LOG.debug("delivered [tenant: {}, device: {}, seq: {}]", device.tenant(), device.device(), seq);
        } else {
            LOG.error("gateway refused message, not sent again [tenant: {}, device: {}, seq: {}, code: {}, reason: {}]",
                    device.tenant(), device.device(), seq, code, response.getResponseText());
        }
        try {
            outbox.acked(seq);
        } catch (FireGridException e) {
            LOG.warn("cannot remove delivered message from the outbox; it will be sent again [tenant: {}, device: {}, seq: {}]",
                    device.tenant(), device.device(), seq, e);
        }
        if (code.isSuccess()) {
            commandIn(response);
        }
        sendNext();
    }

    private void unanswered(long seq) {
        inFlight = false;
        answering = false;
        if (dtls != null) {
            dtls.clearConnectionState(); // the gateway may have restarted: handshake afresh
        }
        long delay = Math.min(options.maxRetryDelay().toMillis(), 1000L << Math.min(failures, 16));
        failures++;
        LOG.warn("no answer from {} [tenant: {}, device: {}, seq: {}]; sending again in {} ms", options.serverUri(),
                device.tenant(), device.device(), seq, delay);
        retryLater(delay);
    }

    private void retryLater(long millis) {
        try {
            thread.schedule(() -> execute(this::sendNext), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink closing, retry dropped [tenant: {}, device: {}]", device.tenant(), device.device());
        }
    }

    /** Runs a command the gateway piggybacked on an answer and posts its reply. */
    private void commandIn(CoapResponse response) {
        String path = response.getOptions().getLocationPathString();
        String query = response.getOptions().getLocationQueryString();
        if (path.isEmpty() || !query.startsWith("hono-command=")) {
            return;
        }
        String name = query.substring("hono-command=".length());
        CommandHandler handler = commandHandler;
        CommandHandler.Reply reply;
        try {
            reply = MqttUplink.ROTATE_CREDENTIALS.equals(name) ? rotate(response.getPayload()) : handler == null ? new CommandHandler.Reply(501, "{\"error\":\"this device takes no commands\"}"
                    .getBytes(StandardCharsets.UTF_8)) : handler.handle(name, response.getPayload());
        } catch (RuntimeException e) {
            LOG.warn("command failed [tenant: {}, device: {}, command: {}]", device.tenant(), device.device(), name, e);
            reply = new CommandHandler.Reply(500, ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        LOG.info("command {} answered {} [tenant: {}, device: {}]", name, reply.status(), device.tenant(), device.device());
        CommandHandler.Reply answer = reply;
        client("/" + path + "?hono-cmd-status=" + reply.status()).post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                if (!r.isSuccess()) {
                    LOG.warn("command reply refused [tenant: {}, device: {}, command: {}, code: {}, reason: {}]",
                            device.tenant(), device.device(), name, r.getCode(), r.getResponseText());
                }
            }

            @Override
            public void onError() {
                LOG.warn("command reply {} not answered [tenant: {}, device: {}, command: {}]", answer.status(),
                        device.tenant(), device.device(), name);
            }
        }, answer.body(), MediaTypeRegistry.APPLICATION_JSON);
    }

    /**
     * {@code rotate-credentials}: saves the new credentials durably and, with a new PSK, drops the
     * DTLS session so that the next request, the answer to this command, makes the handshake with
     * the new key (which revokes the old one at the gateway). A body without a usable password is
     * answered 400, a save that fails 503; nothing changes then.
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
        if (rotated.psk() != null && pskKey != null) {
            pskKey.use(rotated.pskIdentity() != null ? rotated.pskIdentity() : device.authId(), rotated.psk());
            dtls.clearConnectionState();
            LOG.info("new PSK stored; handshaking with it [tenant: {}, device: {}, identity: {}]", device.tenant(),
                    device.device(), pskKey.identity());
        } else {
            LOG.info("new credentials stored [tenant: {}, device: {}]", device.tenant(), device.device());
        }
        return reply(200, "{\"stored\":true}");
    }

    private static CommandHandler.Reply reply(int status, String json) {
        return new CommandHandler.Reply(status, json.getBytes(StandardCharsets.UTF_8));
    }

    private CoapClient client(String path) {
        CoapClient client = new CoapClient(options.serverUri().toString().replaceAll("/+$", "") + path);
        client.setEndpoint(endpoint);
        return client;
    }

    private void execute(Runnable task) {
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
            LOG.debug("uplink closing, task dropped [tenant: {}, device: {}]", device.tenant(), device.device());
        }
    }

    /** Stops sending and closes the outbox; messages not yet answered go out after the next start. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.destroy();
        int left = outbox.size();
        outbox.close();
        LOG.info("uplink closed [tenant: {}, device: {}, undelivered: {}]", device.tenant(), device.device(), left);
    }
}
