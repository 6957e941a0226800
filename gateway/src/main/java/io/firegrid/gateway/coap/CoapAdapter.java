package io.firegrid.gateway.coap;

import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.PskIdentities;
import io.firegrid.gateway.device.Revocations;
import io.firegrid.gateway.endpoint.BindFailure;
import io.firegrid.gateway.endpoint.Server;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Endpoint;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.firegrid.protocol.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MalformedMessageInterceptor;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP endpoints for devices (RFC 7252, Californium): plain CoAP and CoAP over DTLS 1.2 with
 * pre-shared keys (Scandium), PSK identity {@code {device}@{tenant}}, in the URI layout of Eclipse
 * Hono's CoAP adapter.
 *
 * <pre>
 * POST /telemetry | /event                       authenticated device (DTLS)
 * POST|PUT /telemetry/{tenant}/{device}          the same device named (DTLS), or an unauthenticated
 *          /event/{tenant}/{device}              device on plain CoAP when allowed ({@link CoapOptions})
 * POST /command_response/{req-id}?hono-cmd-status=200   (also /command/res/{req-id})
 * POST /event?empty&amp;hono-ttd=30                   empty notification: no message, wait for a command
 * </pre>
 *
 * Each request is parsed into a protocol record and handed to the {@link IngestService}, exactly
 * as MQTT does; the answer is 2.04 only once the message is durably stored (a duplicate seq gets
 * 2.04 too, and changes nothing). A pending command for the device rides on that answer
 * (Location-Path {@code command_response/{req-id}}, Location-Query {@code hono-command={name}},
 * the command's body as payload). Refusals are mapped to CoAP codes by {@link CoapErrors}, counted
 * as {@code firegrid_refused_total{protocol="coap",code=...}} and logged at debug; so are datagrams
 * that are not CoAP and DTLS records that are dropped. Nothing one peer sends affects another.
 *
 * <p>Californium's deduplication is on ({@code PEERS_MARK_AND_SWEEP}, 64 exchanges per peer, for
 * {@code EXCHANGE_LIFETIME}, 247 s): a retransmitted CON gets the answer already given without
 * reaching the store again, and a flood from one peer cannot grow the table without bound. The
 * (tenant, device, seq) deduplication of the store catches everything older.
 *
 * <p>Thread model: Californium's UDP and DTLS threads receive datagrams, and its UDP sender thread
 * sends plain ones; everything between (DTLS decryption, parsing, deduplication, this adapter's
 * checks and decoding, the ingest call, its completion, the answer and its DTLS encryption and
 * send) runs on one Vert.x context, as for MQTT, with Californium's protocol stage and Scandium's
 * connection work on that context ({@link ContextExecutor}): a request costs no thread hop besides
 * the store's and, on plain CoAP, the sender's.
 */
public final class CoapAdapter implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(CoapAdapter.class);
    static final String PROTOCOL = "coap";

    /** Largest request body Californium assembles from blocks: above the 16 KiB body limit, so an oversized body is refused with a reason. */
    public static final int DEFAULT_MAX_RESOURCE_BODY_BYTES = 64 * 1024;
    /** Exchanges remembered per peer for deduplication. */
    public static final int DEFAULT_DEDUP_EXCHANGES_PER_PEER = 64;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final Vertx vertx;
    private final Context context;
    private final String host;
    private final CoapOptions options;
    private final DeviceRegistry registry;
    private final IngestService ingest;
    private final MessageCodec codec;
    private final MeterRegistry meters;
    private final CommandService commands;
    private final SleepyCommands sleepy;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Configuration config = configuration();
    private final MalformedCounter malformed = new MalformedCounter();
    private final Consumer<CoapExchange> handler = this::handle;
    /** Californium's protocol stage and Scandium's connection work, on the context; made again after a stop. */
    private volatile ContextExecutor stage;
    private CoapServer server;
    private volatile DTLSConnector dtlsConnector;

    public CoapAdapter(Vertx vertx, String host, CoapOptions options, DeviceRegistry registry, IngestService ingest,
                       MessageCodec codec, MeterRegistry meters, CommandService commands) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.host = host;
        this.options = options;
        this.registry = registry;
        this.ingest = ingest;
        this.codec = codec;
        this.meters = meters;
        this.commands = commands;
        this.sleepy = new SleepyCommands(commands::isPending);
        registry.lifecycle().revocations().listen(this::revoked);
    }

    /**
     * Drops the DTLS sessions a revocation names (every session of a decommissioned device, or
     * those made with a revoked key), so the next request needs a handshake, which is refused.
     * Counted as {@code firegrid_connections_closed_total{protocol="coap",code=...}}.
     */
    private void revoked(Revocations.Revoked r) {
        DTLSConnector dtls = dtlsConnector;
        if (dtls == null || r.scope() == Revocations.Scope.PASSWORD) {
            return;
        }
        Filter<Principal> revoked = p -> {
            if (!(p instanceof PreSharedKeyIdentity psk)) {
                return false;
            }
            boolean match = r.scope() == Revocations.Scope.PSK_IDENTITY ? psk.getIdentity().equals(r.pskIdentity())
                    : sameDevice(psk.getIdentity(), r.device());
            if (match) {
                meters.counter("firegrid.connections.closed", "protocol", PROTOCOL, "code", r.reason().code()).increment();
                LOG.info("DTLS session dropped [device: {}, identity: {}, code: {}]", r.device(), psk.getIdentity(), r.reason().code());
            }
            return match;
        };
        dtls.startTerminateConnectionsForPrincipal(revoked, true);
    }

    private static boolean sameDevice(String identity, DeviceId device) {
        try {
            return PskIdentities.deviceOf(identity).equals(device);
        } catch (FireGridException e) {
            return false;
        }
    }

    /** Carries commands to CoAP devices on the answer to their next request. */
    public CommandService.Transport commandTransport() {
        return sleepy;
    }

    /**
     * Binds plain CoAP on {@link CoapOptions#port()}; completes with the bound port, or -1 without
     * binding when it is off.
     */
    @Override
    public Future<Integer> start() {
        if (options.port() < 0) {
            return Future.succeededFuture(-1);
        }
        return bind(new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(host, options.port())).build(), options.port(), CoapOptions.PORT.name())
                .map(bound -> {
                    LOG.info("CoAP endpoint listening [host: {}, port: {}, unauthenticated: {}]", host, bound,
                            options.allowUnauthenticated());
                    return bound;
                });
    }

    /**
     * Binds CoAP over DTLS 1.2 (pre-shared keys of the registered devices) on
     * {@link CoapOptions#securePort()}, after {@link #start()}; completes with the bound port, or -1
     * without binding when it is off.
     */
    @Override
    public Future<Integer> startTls() {
        if (options.securePort() < 0) {
            return Future.succeededFuture(-1);
        }
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(host, options.securePort()))
                .setAdvancedPskStore(new DevicePskStore(registry.lifecycle().psks(), this::count))
                .setHealthHandler(new DtlsRefusals(this::count))
                .build();
        dtlsConnector = new DTLSConnector(dtls);
        // records are decrypted, and answers encrypted and sent, on the context too: no hop to
        // Scandium's worker threads and back for each request (see docs/coap.md)
        dtlsConnector.setExecutor(stage());
        return bind(new CoapEndpoint.Builder().setConfiguration(config).setConnector(dtlsConnector).build(),
                options.securePort(), CoapOptions.SECURE_PORT.name()).map(bound -> {
                    LOG.info("CoAP over DTLS listening [host: {}, port: {}]", host, bound);
                    return bound;
                });
    }

    /**
     * Opens {@code endpoint} on the server, which is made with the first one: a server is never
     * started without an endpoint, since Californium would then open a default one on 5683.
     */
    private Future<Integer> bind(CoapEndpoint endpoint, int port, String variable) {
        return vertx.executeBlocking(() -> {
            endpoint.addPostProcessInterceptor(malformed);
            boolean first = server == null;
            if (first) {
                server = new CoapServer(config) {
                    @Override
                    protected Resource createRoot() {
                        return new DeviceResource("", handler); // every path: refused with a reason and counted if unknown
                    }
                };
                // the executors server.start() would make, set first so that each endpoint is started here
                // and its IOException says why it cannot bind (server.start() only logs it)
                // the protocol stage on the adapter's context (see ContextExecutor); Californium's
                // periodic housekeeping (the deduplication sweep among it) keeps its own thread
                server.setExecutors(stage(),
                        ExecutorsUtil.newDefaultSecondaryScheduler("CoapServer(secondary)#"), false);
            }
            server.addEndpoint(endpoint);
            try {
                endpoint.start();
            } catch (IOException e) {
                endpoint.destroy();
                if (first) {
                    server.destroy();
                    server = null;
                }
                throw BindFailure.of("CoAP", host + ":" + port + " (UDP)", variable, e);
            }
            server.start();
            return endpoint.getAddress().getPort();
        }, false);
    }

    private ContextExecutor stage() {
        ContextExecutor s = stage;
        if (s == null || s.isShutdown()) { // the server shuts it down when it is destroyed
            s = new ContextExecutor(vertx, context);
            stage = s;
        }
        return s;
    }

    private static Configuration configuration() {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, DEFAULT_MAX_RESOURCE_BODY_BYTES);
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        config.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEFAULT_DEDUP_EXCHANGES_PER_PEER);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        return config;
    }

    @Override
    public Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            server.destroy();
            server = null;
            return null;
        }, false);
    }

    private void handle(CoapExchange exchange) {
        DeviceId device;
        Topic topic;
        try {
            CoAP.Code method = exchange.getRequestCode();
            if (method != CoAP.Code.POST && method != CoAP.Code.PUT) {
                throw FireGridException.badRequest("bad-method", method + " is not supported: send POST (or PUT)");
            }
            topic = Topic.parse(topicOf(exchange));
            device = authenticate(exchange, topic);
        } catch (FireGridException e) {
            refuse(exchange, null, e);
            return;
        }
        if (topic instanceof Topic.CommandResponse res) {
            if (!commands.answered(device, res.requestId(), res.status(), exchange.getRequestPayload())) {
                refuse(exchange, device, FireGridException.notFound("unknown-command",
                        "no command is waiting for response " + res.requestId() + " (answered already, or timed out)"));
            } else {
                exchange.respond(ResponseCode.CHANGED);
            }
            return;
        }
        Endpoint endpoint = ((Topic.Upstream) topic).endpoint();
        byte[] body = exchange.getRequestPayload();
        if (body.length == 0 && query(exchange, "empty").isPresent()) {
            // an empty notification (Hono): nothing to store, the device only asks for its commands
            sleepy.heardFrom(device);
            answerStored(exchange, device, ttd(exchange));
            return;
        }
        DeviceMessage message;
        try {
            if (endpoint == Endpoint.EVENT && exchange.advanced().getRequest().getType() != CoAP.Type.CON) {
                throw FireGridException.badRequest("bad-type", "events must be sent confirmable (CON)");
            }
            message = codec.decode(endpoint, body);
        } catch (FireGridException e) {
            refuse(exchange, device, e);
            return;
        }
        if (inFlight.incrementAndGet() > options.maxInFlight()) {
            inFlight.decrementAndGet();
            refuse(exchange, device, new FireGridException(FireGridException.Status.UNAVAILABLE, "overloaded",
                    "the gateway has " + options.maxInFlight() + " messages waiting to be stored: retry after "
                            + CoapErrors.RETRY_AFTER_SECONDS + " s"));
            return;
        }
        int ttd = ttd(exchange);
        ingest.accept(device, message, body, PROTOCOL).onComplete(ar -> {
            inFlight.decrementAndGet();
            if (ar.failed()) {
                refuse(exchange, device, FireGridException.from(ar.cause()));
                return;
            }
            sleepy.heardFrom(device);
            answerStored(exchange, device, ttd);
        });
    }

    /** 2.04, with the device's next command if one waits, or once one comes within {@code ttd} seconds. */
    private void answerStored(CoapExchange exchange, DeviceId device, int ttd) {
        if (ttd <= 0) {
            exchange.respond(stored(sleepy.next(device)));
            return;
        }
        exchange.accept(); // an empty ACK now, so the device does not retransmit while it waits
        Consumer<Optional<SleepyCommands.Queued>> waiter = cmd -> exchange.respond(stored(cmd));
        sleepy.await(device, waiter);
        vertx.setTimer(ttd * 1000L, t -> sleepy.giveUp(device, waiter));
    }

    private static Response stored(Optional<SleepyCommands.Queued> command) {
        Response r = new Response(ResponseCode.CHANGED);
        command.ifPresent(c -> {
            r.getOptions().setLocationPath("command_response/" + c.requestId());
            r.getOptions().setLocationQuery("hono-command=" + c.name());
            r.setPayload(c.body());
            r.getOptions().setContentFormat(org.eclipse.californium.core.coap.MediaTypeRegistry.APPLICATION_JSON);
        });
        return r;
    }

    /** The request's path and query in the MQTT topic layout, so both adapters share one parser. */
    private static String topicOf(CoapExchange exchange) {
        List<String> path = exchange.getRequestOptions().getUriPath();
        String first = path.isEmpty() ? "" : path.get(0);
        boolean response = first.equals("command_response")
                || ((first.equals("command") || first.equals("c")) && path.size() >= 2
                        && (path.get(1).equals("res") || path.get(1).equals("s")));
        if (!response) {
            return String.join("/", path);
        }
        List<String> rest = path.subList(first.equals("command_response") ? 1 : 2, path.size());
        String status = query(exchange, "hono-cmd-status")
                .orElseThrow(() -> FireGridException.badRequest("bad-topic", "a command response needs ?hono-cmd-status={HTTP status}"));
        return switch (rest.size()) {
            case 1 -> "command///res/" + rest.get(0) + "/" + status;
            case 3 -> "command/" + rest.get(0) + "/" + rest.get(1) + "/res/" + rest.get(2) + "/" + status;
            default -> throw FireGridException.badRequest("bad-topic",
                    "expected /command_response/{req-id} or /command_response/{tenant}/{device}/{req-id}");
        };
    }

    private DeviceId authenticate(CoapExchange exchange, Topic topic) {
        Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        if (peer instanceof PreSharedKeyIdentity psk) {
            // a request over a session made with a new key revokes the device's previous key
            return topic.resolve(registry.lifecycle().psks().authenticated(psk.getIdentity()));
        }
        if (!options.allowUnauthenticated()) {
            throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "no-credentials",
                    "plain CoAP does not authenticate: use coaps:// (DTLS) with PSK identity {device}@{tenant}");
        }
        if (topic.tenant() == null || topic.device() == null) {
            throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "no-credentials",
                    "unauthenticated requests must name the device: /telemetry/{tenant}/{device} or /event/{tenant}/{device}");
        }
        DeviceId named = new DeviceId(topic.tenant(), topic.device());
        if (registry.find(named).isEmpty()) {
            throw new FireGridException(FireGridException.Status.UNAUTHORIZED, "unknown-device",
                    "device " + named + " is not registered with the gateway");
        }
        return named;
    }

    private int ttd(CoapExchange exchange) {
        Optional<String> v = query(exchange, "hono-ttd");
        if (v.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(options.maxTtdSeconds(), Integer.parseInt(v.get())));
        } catch (NumberFormatException e) {
            return 0; // a hint only: an unreadable one must not cost the message
        }
    }

    private static Optional<String> query(CoapExchange exchange, String key) {
        for (String q : exchange.getRequestOptions().getUriQuery()) {
            if (q.equals(key)) {
                return Optional.of("");
            }
            if (q.startsWith(key + "=")) {
                return Optional.of(q.substring(key.length() + 1));
            }
        }
        return Optional.empty();
    }

    private void refuse(CoapExchange exchange, DeviceId device, FireGridException e) {
        count(e);
        Request r = exchange.advanced().getRequest();
        LOG.debug("request refused [device: {}, peer: {}, path: {}, code: {}, reason: {}]", device,
                r.getSourceContext().getPeerAddress(), r.getOptions().getUriPathString(), e.code(), e.reason());
        exchange.respond(CoapErrors.response(e));
    }

    private void count(FireGridException e) {
        meters.counter("firegrid.refused", "protocol", PROTOCOL, "code", e.code()).increment();
    }

    /** Counts datagrams that are not CoAP messages; Californium drops them. */
    private final class MalformedCounter extends MessageInterceptorAdapter implements MalformedMessageInterceptor {
        @Override
        public void receivedMalformedMessage(RawData raw) {
            count(FireGridException.badRequest("malformed-datagram", "datagram is not a CoAP message"));
            LOG.debug("malformed datagram dropped [peer: {}, bytes: {}]", raw.getInetSocketAddress(), raw.getSize());
        }
    }
}
