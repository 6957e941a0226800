package io.firegrid.gateway.app;

import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.gateway.alarm.AlarmPorts;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.Thresholds;
import io.firegrid.gateway.coap.CoapAdapter;
import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.CredentialCache;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceLogins;
import io.firegrid.gateway.device.LoginThrottle;
import io.firegrid.gateway.device.KeyDerivationPool;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.device.SecretBox;
import io.firegrid.gateway.device.SecretKeyFile;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.dispatch.DispatchService;
import io.firegrid.gateway.dispatch.RetryPolicy;
import io.firegrid.gateway.http.CertificateRoutes;
import io.firegrid.gateway.http.CommandRoutes;
import io.firegrid.gateway.http.DispatchRoutes;
import io.firegrid.gateway.http.DrillRoutes;
import io.firegrid.gateway.http.HttpApi;
import io.firegrid.gateway.http.LoginRoutes;
import io.firegrid.gateway.http.PanelRoutes;
import io.firegrid.gateway.http.PlaceRoutes;
import io.firegrid.gateway.http.ReportRoutes;
import io.firegrid.gateway.siren.SirenChannel;
import io.firegrid.gateway.siren.StationPanels;
import io.firegrid.gateway.command.GatewayCommands;
import io.firegrid.gateway.hono.HonoCommands;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.hono.HonoConnector;
import io.firegrid.gateway.hono.HonoJournal;
import io.firegrid.gateway.health.DiskWatch;
import io.firegrid.gateway.health.GatewayHealth;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.gateway.mqtt.MqttAdapter;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.PrivateFiles;
import io.firegrid.gateway.http.SensorThresholds;
import io.firegrid.gateway.http.TelemetryRoutes;
import io.firegrid.gateway.telemetry.HistoryStore;
import io.firegrid.gateway.telemetry.InfluxSink;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import io.firegrid.gateway.telemetry.TelemetryRecorder;
import io.firegrid.gateway.telemetry.TelemetrySink;
import io.firegrid.gateway.webhook.TargetGuard;
import io.firegrid.gateway.tls.ServerTls;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.gateway.webhook.WebhookChannel;
import io.firegrid.gateway.webhook.WebhookRegistry;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.MessageCodec;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the composition root that builds the store, services and endpoints from a
 * {@link GatewayConfig}, and the handle that tells the bound ports and stops it all.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** Interval of the time-based work (rule timers, escalations). */
    public static final long DEFAULT_TICK_MS = 1_000;
    /** Interval at which readings older than the retention are deleted. */
    public static final long DEFAULT_RETENTION_PERIOD_MS = 600_000;

    private final Vertx vertx;
    private final Database db;
    private final AlarmService alarms;
    private final DispatchService dispatch;
    private final Places places;
    private final long tickTimer;
    private final long retentionTimer;
    private final Supplier<Future<Integer>> deleteOldReadings;
    private final DiskWatch diskWatch;
    private final MqttAdapter mqtt;
    private final CoapAdapter coap;
    private final HttpApi http;
    private final int httpPort;
    private final int mqttPort;
    private final String adminToken;
    private final Path dataDir;
    private final TelemetrySink telemetry;
    private final HonoConnector hono;
    private final KeyDerivationPool derivations;
    private final int mqttsPort;
    private final int httpsPort;
    private final ServerTls tls;

    private Gateway(Vertx vertx, Database db, AlarmService alarms, DispatchService dispatch, Places places,
                    MqttAdapter mqtt, CoapAdapter coap, HttpApi http, int httpPort, int mqttPort, String adminToken,
                    Path dataDir, TelemetrySink telemetry, HonoConnector hono, Supplier<Future<Integer>> deleteOldReadings,
                    DiskWatch diskWatch, KeyDerivationPool derivations, int mqttsPort, int httpsPort, ServerTls tls) {
        this.derivations = derivations;
        this.mqttsPort = mqttsPort;
        this.httpsPort = httpsPort;
        this.tls = tls;
        this.diskWatch = diskWatch;
        this.deleteOldReadings = deleteOldReadings;
        this.retentionTimer = vertx.setPeriodic(DEFAULT_RETENTION_PERIOD_MS, id -> deleteOldReadings()
                .onSuccess(n -> LOG.debug("old readings deleted [count: {}]", n))
                .onFailure(t -> LOG.debug("old readings not deleted this time: {}", t.getMessage())));
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.db = db;
        this.alarms = alarms;
        this.dispatch = dispatch;
        this.places = places;
        this.tickTimer = vertx.setPeriodic(DEFAULT_TICK_MS, id -> tick().onFailure(t -> LOG.warn("time-based work failed", t)));
        this.mqtt = mqtt;
        this.coap = coap;
        this.http = http;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.adminToken = adminToken;
        this.dataDir = dataDir;
        this.hono = hono;
    }

    /**
     * Starts a gateway and returns once its endpoints are bound and {@code ports.json} is written.
     * Telemetry goes where {@link GatewayConfig#telemetry()} says (InfluxDB, or the embedded history
     * store when it names no server), northbound to Hono when {@link GatewayConfig#hono()} is switched
     * on, and the rules and timers read {@link GatewayConfig#clock()}; in production time-based work
     * runs every {@value #DEFAULT_TICK_MS} ms, tests move their clock and call {@link #tick()}.
     *
     * @throws FireGridException when a port is taken or the store cannot be opened; the reason says which
     */
    public static Gateway start(GatewayConfig config) {
        TelemetryConfig telemetryConfig = config.telemetry();
        HonoConfig honoConfig = config.hono();
        Clock clock = config.clock();
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        Path dataDir = config.dataDir().toAbsolutePath();
        secureDataDir(dataDir);
        String token = adminToken(config, dataDir);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<String> schema = new ArrayList<>();
        schema.addAll(DeviceRegistry.schema());
        schema.addAll(AlarmService.schema());
        schema.addAll(IngestService.schema());
        schema.addAll(TokenRegistry.schema());
        schema.addAll(Places.schema());
        schema.addAll(WebhookRegistry.schema());
        schema.addAll(DispatchService.schema());
        schema.addAll(StationPanels.schema());
        Database db = Database.open(dataDir.resolve("firegrid.db"), schema, config.store().limits(), clock);
        TelemetrySink sink;
        HistoryStore history = null;
        try {
            if (telemetryConfig.influx() != null) {
                sink = InfluxSink.create(telemetryConfig, dataDir.resolve("telemetry-buffer"), meters);
            } else {
                sink = history = HistoryStore.open(dataDir.resolve("telemetry.db"), telemetryConfig, clock, meters);
            }
        } catch (RuntimeException e) {
            db.close();
            throw new FireGridException(FireGridException.Status.INTERNAL, "telemetry", e.getMessage(), e);
        }
        Vertx vertx = Vertx.vertx();
        KeyDerivationPool derivations = new KeyDerivationPool(vertx);
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
        FunctionCounter.builder("firegrid.password.derivations", hasher, PasswordHasher::derivations)
                .description("password key derivations (PBKDF2) run; a CONNECT served from the credential cache runs none")
                .register(meters);
        HonoConnector hono = null;
        try {
            SecretBox secrets = new SecretBox(SecretKeyFile.load(dataDir, config.secretKey()));
            TlsOptions tlsOptions = config.tls();
            ServerTls tls = tlsOptions.enabled() ? ServerTls.open(tlsOptions, dataDir, clock, meters) : null;
            DeviceRegistry registry = await(DeviceRegistry.load(vertx, db, hasher,
                    derivations, new CredentialCache(), secrets, clock));
            Places places = await(Places.load(db, clock, (c, kind, tenant, id) -> switch (kind) {
                case "site" -> DeviceRegistry.devicesAt(c, tenant, id);
                case "station" -> StationPanels.panelsIn(c, tenant, id);
                default -> List.of();
            }));
            AlarmService alarms = await(AlarmService.load(db, clock, config.alarmRules(), new AlarmPorts(
                    (device, sensor) -> registry.find(device).map(d -> new Thresholds.Limits(siteLimits(places, d),
                            d.sensor(sensor).map(Sensor::limits).orElse(null))).orElse(Thresholds.Limits.NONE),
                    places::inDrill, device -> registry.find(device).map(Device::maxSilence).orElse(null),
                    MqttAdapter.PROTOCOL::equals)));
            registry.addConnectionListener((device, up) -> alarms.connection(device, up)
                    .onFailure(t -> LOG.warn("connection change not applied to the rules [device: {}]", device, t)));
            TargetGuard webhookGuard = new TargetGuard(vertx, config.webhookTargets(), meters);
            WebhookRegistry webhooks = await(WebhookRegistry.load(db, secrets, webhookGuard));
            StationPanels panels = await(StationPanels.load(db));
            CommandService commands = new CommandService(vertx);
            DispatchService dispatch = new DispatchService(vertx, db, alarms, places,
                    List.of(new WebhookChannel(vertx, webhooks, webhookGuard), new SirenChannel(panels, (panel, name, body) -> commands
                            .send(panel, name, body, CommandService.DEFAULT_TIMEOUT).map(CommandService.Result::status))), config.escalation(),
                    RetryPolicy.defaults(), clock, meters);
            await(dispatch.start());
            IngestService ingest = new IngestService(db, registry, alarms, clock, meters,
                    config.ingest().maxUnregisteredSensors());
            Duration retention = Duration.ofDays(config.store().telemetryRetentionDays());
            Supplier<Future<Integer>> deleteOldReadings = () -> ingest.deleteReadingsBefore(clock.instant().minus(retention));
            TelemetryRecorder recorder = new TelemetryRecorder(sink, (device, sensor) -> placeTags(places, registry,
                    device, sensor), clock);
            ingest.addStoredListener((device, message, body, protocol, receivedAt) ->
                    recorder.stored(device, message, protocol, receivedAt));
            registry.addConnectionListener(recorder::connection);
            alarms.addListener(a -> recorder.alarm(a.id(), a.device(), a.sensor(), a.alarmClass().wireName(), a.type(),
                    a.state().wireName(), a.drill(), a.confirmed(), a.isOpen(),
                    a.steps().isEmpty() ? a.raisedAt() : a.steps().get(a.steps().size() - 1).at()));
            // before the endpoints open, so that every message they store is journaled for Hono
            hono = honoConfig.enabled() ? startHono(vertx, honoConfig, dataDir, db, meters, ingest, alarms,
                    new GatewayCommands(places, panels, commands), commands) : null;
            DeviceLogins logins = new DeviceLogins(vertx, registry, new LoginThrottle(config.logins(), clock), meters);
            MqttAdapter mqtt = new MqttAdapter(vertx, config.bindHost(), config.mqttPort(), config.mqttLimits(), registry, logins, ingest,
                    new MessageCodec(), meters, commands);
            commands.attach(mqtt);
            int mqttPort = await(mqtt.start(), "MQTT", config.mqttPort(), GatewayConfig.MQTT_PORT.name());
            int mqttsPort = tlsOptions.mqttsPort() < 0 ? -1 : await(mqtt.startTls(tlsOptions.mqttsPort(), tls),
                    "MQTT over TLS", tlsOptions.mqttsPort(), TlsOptions.MQTTS_PORT.name());
            CoapAdapter coap = new CoapAdapter(vertx, config.bindHost(), config.coap(), registry, ingest,
                    new MessageCodec(), meters, commands);
            commands.attach(coap.commandTransport());
            await(coap.start()); // fails with a reason naming the port and its variable
            HonoConnector northbound = hono;
            TokenRegistry tokens = await(TokenRegistry.load(db, clock));
            GatewayHealth health = new GatewayHealth(db, meters, () -> new JsonObject()
                    .put("devices", registry.list().size()).put("telemetry", sink.status())
                    .put("hono", northbound == null ? new JsonObject().put("enabled", false) : northbound.health()));
            HttpApi http = new HttpApi(vertx, config.bindHost(), config.httpPort(), token, tokens, registry, alarms, meters,
                    health::report,
                    List.of(new LoginRoutes(logins.throttle()), new PlaceRoutes(places), new DrillRoutes(places, meters), new DispatchRoutes(dispatch, webhooks, alarms),
                            new CommandRoutes(commands, registry), new TelemetryRoutes(history, registry,
                                    telemetryConfig.describe()), new PanelRoutes(panels, places, registry),
                            new ReportRoutes(alarms, a -> places.stationCovering(a.device().tenant(), a.site())
                                    .orElse("(no station)"), clock),
                            new CertificateRoutes(tls, registry)),
                    (d, sensor) -> SensorThresholds.from(new Thresholds(config.alarmRules()).of(siteLimits(places, d),
                            sensor.limits())))
                    .limits(config.http());
            int httpPort = await(http.start(), "HTTP", config.httpPort(), GatewayConfig.HTTP_PORT.name());
            int httpsPort = tlsOptions.httpsPort() < 0 ? -1 : await(http.startTls(tlsOptions.httpsPort(), tls),
                    "HTTPS", tlsOptions.httpsPort(), TlsOptions.HTTPS_PORT.name());
            if (tls != null) {
                tls.watch(vertx);
                LOG.info("TLS [{}; mqtts: {}, https: {}]", tls.describe(), mqttsPort, httpsPort);
            }
            webhookGuard.ownListeners(config.bindHost(), java.util.stream.IntStream.of(httpPort, mqttPort, mqttsPort, httpsPort)
                    .filter(p -> p > 0).boxed().toList());
            warnClearText(tlsOptions, httpPort, mqttPort);
            writePorts(dataDir, httpPort, mqttPort, mqttsPort, httpsPort, coap.port(), coap.securePort());
            LOG.info("gateway started [http: {}, https: {}, mqtt: {}, mqtts: {}, coap: {}, coaps: {}, data: {}]", httpPort,
                    httpsPort, mqttPort, mqttsPort, coap.port(), coap.securePort(), dataDir);
            return new Gateway(vertx, db, alarms, dispatch, places, mqtt, coap, http, httpPort, mqttPort, token, dataDir,
                    sink, hono, deleteOldReadings, new DiskWatch(db, alarms, () -> registry.list().stream()
                            .map(d -> d.id().tenant()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new))),
                    derivations, mqttsPort, httpsPort, tls);
        } catch (RuntimeException e) {
            if (hono != null) {
                hono.close();
            }
            derivations.close();
            vertx.close();
            sink.close();
            db.close();
            throw e;
        }
    }

    /**
     * Northbound to Hono: every stored message and alarm change is journaled in the same transaction
     * (so a crash cannot lose Hono's copy of something acknowledged), and the connector, told after
     * the commit, copies the journal into its own buffer on its own thread (the ingest path never
     * waits for it); commands from Hono go to devices through the command service.
     */
    private static HonoConnector startHono(Vertx vertx, HonoConfig config, Path dataDir, Database db,
                                           PrometheusMeterRegistry meters, IngestService ingest, AlarmService alarms,
                                           GatewayCommands gatewayCommands, CommandService commands) {
        HonoJournal journal = await(HonoJournal.open(db));
        ingest.addInTransaction(journal::message);
        alarms.addInTransaction(journal::alarm);
        HonoConnector hono = HonoConnector.start(vertx, config, dataDir, journal, meters);
        ingest.addStoredListener((device, message, body, protocol, receivedAt) -> hono.journalChanged());
        alarms.addListener(a -> hono.journalChanged());
        new HonoCommands(hono, commands, gatewayCommands, meters).subscribe();
        return hono;
    }

    /**
     * Who is told when the store's writer meets an error it cannot go on from (out of memory): the
     * gateway can then store nothing, and its process should end so that its supervisor restarts it.
     */
    public void onFatal(java.util.function.Consumer<Throwable> handler) {
        db.onFatal(handler);
    }

    /** The northbound connector, empty when forwarding to Hono is switched off. */
    public java.util.Optional<HonoConnector> hono() {
        return java.util.Optional.ofNullable(hono);
    }

    /** Bound port of plain HTTP, -1 if switched off. */
    public int httpPort() {
        return httpPort;
    }

    /** The HTTP API, for a look at its routes. */
    public HttpApi http() {
        return http;
    }

    /** Bound port of plain MQTT, -1 if switched off. */
    public int mqttPort() {
        return mqttPort;
    }

    /** Bound port of MQTT over TLS, -1 if switched off. */
    public int mqttsPort() {
        return mqttsPort;
    }

    /** Bound port of HTTPS, -1 if switched off. */
    public int httpsPort() {
        return httpsPort;
    }

    /** The TLS of the MQTTS and HTTPS endpoints, empty when both are off. */
    public java.util.Optional<ServerTls> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    /** Reads changed certificate files now instead of at the next check; completes when the servers use them. */
    public Future<Void> reloadTls() {
        return tls == null ? Future.succeededFuture() : tls.reloadNow(vertx);
    }

    /** Bound port of plain CoAP, -1 if switched off. */
    public int coapPort() {
        return coap.port();
    }

    /** Bound port of CoAP over DTLS, -1 if switched off. */
    public int coapsPort() {
        return coap.securePort();
    }

    public String adminToken() {
        return adminToken;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Site, building and zone of a device's sensor for telemetry tags; missing ones are left out. */
    private static java.util.Map<String, String> placeTags(Places places, DeviceRegistry registry,
                                                           io.firegrid.protocol.DeviceId id, String sensor) {
        java.util.Map<String, String> tags = new java.util.HashMap<>();
        registry.find(id).ifPresent(d -> {
            if (d.site() != null) {
                tags.put("site", d.site());
                places.site(id.tenant(), d.site()).ifPresent(site -> tags.put("building", site.building()));
            }
            if (sensor != null) {
                d.sensor(sensor).map(Sensor::zone).ifPresent(z -> tags.put("zone", z));
            }
        });
        return tags;
    }

    /** The limits of the site a device is at, none if it has no site (or an unknown one). */
    private static SensorLimits siteLimits(Places places, Device d) {
        return d.site() == null ? SensorLimits.NONE
                : places.site(d.id().tenant(), d.site()).map(Site::limits).orElse(SensorLimits.NONE);
    }

    /**
     * Deletes the raw messages of readings older than the retention, as of the gateway's clock (done
     * every {@value #DEFAULT_RETENTION_PERIOD_MS} ms); completes with how many were deleted.
     */
    public Future<Integer> deleteOldReadings() {
        return deleteOldReadings.get();
    }

    /** Runs the time-based work now, as of the gateway's clock; completes when its changes are stored. */
    public Future<Void> tick() {
        return Future.join(places.endDrills(), alarms.tick(), dispatch.tick(), diskWatch.check()).mapEmpty();
    }

    /** Stops the endpoints, lets queued writes finish, closes the store. */
    @Override
    public void close() {
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(retentionTimer);
        try {
            Future.join(mqtt.stop(), coap.stop(), http.stop()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("endpoints did not stop cleanly", e);
        }
        if (hono != null) {
            hono.close();
        }
        derivations.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly", e);
        }
        telemetry.close();
        db.close();
        LOG.info("gateway stopped");
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof FireGridException fe ? fe : FireGridException.from(cause);
        }
    }

    private static int await(Future<Integer> bind, String what, int port, String variable) {
        try {
            return await(bind);
        } catch (FireGridException e) {
            throw new FireGridException(FireGridException.Status.UNAVAILABLE, "bind-failed", "cannot open the "
                    + what + " port " + port + ": " + rootMessage(e) + ". Is another server using it? Set "
                    + variable + " to a free port, or 0 for any free port.", e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Whether {@code name} in the data directory is one of the gateway's files (SQLite's -wal, -shm, -journal included). */
    private static boolean inDataDir(String name) {
        for (String db : new String[] {"firegrid.db", "telemetry.db", "hono-outbox.db"}) {
            if (name.equals(db) || name.startsWith(db + "-")) {
                return true;
            }
        }
        return switch (name) {
            case "admin-token", "admin-token.tmp", "secret.key", "ports.json", "ports.json.tmp", "telemetry-buffer",
                 "ca-key.pem", "server-key.pem" -> true;
            default -> false;
        };
    }

    /** The data directory, created mode 700; what an earlier run left readable by others is restricted (logged at INFO). */
    private static void secureDataDir(Path dataDir) {
        try {
            PrivateFiles.secureDirectory(dataDir, Gateway::inDataDir);
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot create or restrict " + dataDir + ": " + e.getMessage() + " (check FIREGRID_DATA_DIR)", e);
        }
    }

    private static String adminToken(GatewayConfig config, Path dataDir) {
        if (config.adminToken() != null) {
            return config.adminToken();
        }
        Path file = dataDir.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            // created mode 600 before the token is written into it
            PrivateFiles.writeAtomically(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.info("no FIREGRID_ADMIN_TOKEN set: generated an admin token [file: {}]", file);
            return token;
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot read or write " + file + ": " + e.getMessage() + " (check FIREGRID_DATA_DIR)", e);
        }
    }

    /** Production with a clear-text port on can only be on purpose, but say it loudly. */
    private static void warnClearText(TlsOptions tls, int httpPort, int mqttPort) {
        if (tls.profile() != TlsOptions.Profile.PRODUCTION) {
            return;
        }
        if (httpPort >= 0) {
            LOG.warn("clear-text HTTP is on in the production profile [port: {}]: bearer tokens cross the network "
                    + "unencrypted; set FIREGRID_HTTP_PORT=-1 to switch it off", httpPort);
        }
        if (mqttPort >= 0) {
            LOG.warn("clear-text MQTT is on in the production profile [port: {}]: device passwords cross the network "
                    + "unencrypted; set FIREGRID_MQTT_PORT=-1 to switch it off", mqttPort);
        }
    }


    private static void writePorts(Path dataDir, int httpPort, int mqttPort, int mqttsPort, int httpsPort, int coapPort,
                                   int coapsPort) {
        Path file = dataDir.resolve("ports.json");
        try {
            PrivateFiles.writeAtomically(file, (new JsonObject().put("http", httpPort).put("mqtt", mqttPort)
                    .put("mqtts", mqttsPort).put("https", httpsPort).put("coap", coapPort).put("coaps", coapsPort)
                    .encode() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.INTERNAL, "data-dir",
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
