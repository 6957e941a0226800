package io.firegrid.gateway.app;

import io.firegrid.gateway.access.AdminToken;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.gateway.alarm.AlarmPorts;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.Thresholds;
import io.firegrid.gateway.coap.CoapAdapter;
import io.firegrid.gateway.command.CommandService;
import io.firegrid.gateway.command.GatewayCommands;
import io.firegrid.gateway.device.CredentialCache;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceLogins;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.KeyDerivationPool;
import io.firegrid.gateway.device.LoginThrottle;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.device.SecretBox;
import io.firegrid.gateway.device.SecretKeyFile;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.dispatch.DispatchService;
import io.firegrid.gateway.dispatch.RetryPolicy;
import io.firegrid.gateway.endpoint.Ports;
import io.firegrid.gateway.gb26875.CentreLink;
import io.firegrid.gateway.gb26875.DutyChecks;
import io.firegrid.gateway.gb26875.Gb26875Listener;
import io.firegrid.gateway.gb26875.PanelLabels;
import io.firegrid.gateway.gb26875.UitdDirectory;
import io.firegrid.gateway.gb26875.UitdFrames;
import io.firegrid.gateway.endpoint.Server;
import io.firegrid.gateway.health.DiskWatch;
import io.firegrid.gateway.health.FileBudget;
import io.firegrid.gateway.health.GatewayHealth;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.hono.HonoConnector;
import io.firegrid.gateway.hono.HonoJournal;
import io.firegrid.gateway.hono.HonoNorthbound;
import io.firegrid.gateway.http.CertificateRoutes;
import io.firegrid.gateway.audit.AuditLog;
import io.firegrid.gateway.http.AuditTrail;
import io.firegrid.gateway.http.DeviceLifecycleRoutes;
import io.firegrid.gateway.http.IsolationRoutes;
import io.firegrid.gateway.isolation.IsolationService;
import io.firegrid.gateway.http.CommandRoutes;
import io.firegrid.gateway.http.DispatchRoutes;
import io.firegrid.gateway.http.DrillRoutes;
import io.firegrid.gateway.http.FloorPlanRoutes;
import io.firegrid.gateway.http.Gb26875Routes;
import io.firegrid.gateway.http.HttpApi;
import io.firegrid.gateway.http.LoginRoutes;
import io.firegrid.gateway.http.PanelRoutes;
import io.firegrid.gateway.http.PlaceRoutes;
import io.firegrid.gateway.http.RosterRoutes;
import io.firegrid.gateway.http.MonthlyReportRoutes;
import io.firegrid.gateway.http.ReportRoutes;
import io.firegrid.gateway.http.SensorThresholds;
import io.firegrid.gateway.http.SmsRoutes;
import io.firegrid.gateway.http.VoiceRoutes;
import io.firegrid.gateway.http.TelemetryRoutes;
import io.firegrid.gateway.ingest.IngestService;
import io.firegrid.gateway.mqtt.MqttAdapter;
import io.firegrid.gateway.location.FloorPlans;
import io.firegrid.gateway.mqtt.StoreRoom;
import io.firegrid.gateway.location.SensorPlaces;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.gateway.place.Site;
import io.firegrid.gateway.siren.SirenChannel;
import io.firegrid.gateway.sms.SmsChannel;
import io.firegrid.gateway.sms.SmsService;
import io.firegrid.gateway.voice.VoicePhones;
import io.firegrid.gateway.siren.StationPanels;
import io.firegrid.gateway.storage.DataDirectory;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.telemetry.DevicePlaceTags;
import io.firegrid.gateway.telemetry.HistoryStore;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import io.firegrid.gateway.telemetry.TelemetryRecorder;
import io.firegrid.gateway.telemetry.TelemetrySink;
import io.firegrid.gateway.telemetry.TelemetrySinks;
import io.firegrid.gateway.tls.ClearTextWarning;
import io.firegrid.gateway.tls.ServerTls;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.gateway.webhook.TargetGuard;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the composition root that builds the store, services and endpoints from a
 * {@link GatewayConfig}, and the handle that tells the bound ports and stops it all. It only wires:
 * what each part does lives in that part's package. {@link #start} reads top to bottom in the order
 * things open; {@link #close()} closes them in the reverse order, and so does a start that fails
 * halfway, for exactly what it had opened.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** Interval of the time-based work (rule timers, escalations). */
    public static final long DEFAULT_TICK_MS = 1_000;
    /** Interval at which readings older than the retention are deleted. */
    public static final long DEFAULT_RETENTION_PERIOD_MS = 600_000;

    /** The two ports of one endpoint's server, -1 for one switched off. */
    private record Bound(int plain, int secure) {
    }

    private final Closer closer;
    private final Vertx vertx;
    private final Database db;
    private final TimedWork work;
    private final Ports ports;
    private final String adminToken;
    private final Path dataDir;
    private final HonoConnector hono;
    private final ServerTls tls;
    private final HttpApi http;

    private Gateway(Closer closer, Vertx vertx, Database db, TimedWork work, Ports ports, String adminToken, Path dataDir,
                    HonoConnector hono, ServerTls tls, HttpApi http) {
        this.closer = closer;
        this.vertx = vertx;
        this.db = db;
        this.work = work;
        this.ports = ports;
        this.adminToken = adminToken;
        this.dataDir = dataDir;
        this.hono = hono;
        this.tls = tls;
        this.http = http;
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
        Path dataDir = DataDirectory.secure(config.dataDir());
        String token = AdminToken.resolve(config.adminToken(), dataDir);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Closer closer = new Closer();
        try {
            Database db = closer.open("store", Database.open(dataDir.resolve(DataDirectory.STORE), Stream.of(
                    DeviceRegistry.schema(), AlarmService.schema(), IngestService.schema(), TokenRegistry.schema(),
                    Places.schema(), WebhookRegistry.schema(), DispatchService.schema(), StationPanels.schema(),
                    UitdFrames.schema(), SmsService.schema(), IsolationService.schema(), AuditLog.schema(), Rosters.SCHEMA, FloorPlans.schema())
                    .flatMap(List::stream).toList(), config.store().limits(), clock), Database::close);
            TelemetrySink sink = closer.open("telemetry", TelemetrySinks.open(telemetryConfig, dataDir, clock, meters),
                    TelemetrySink::close);
            Vertx vertx = config.eventLoops().vertx();
            closer.onStop("Vert.x", vertx::close);
            KeyDerivationPool derivations = closer.open("key derivations", new KeyDerivationPool(vertx),
                    KeyDerivationPool::close);
            PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
            FunctionCounter.builder("firegrid.password.derivations", hasher, PasswordHasher::derivations)
                    .description("password key derivations (PBKDF2) run; a CONNECT served from the credential cache runs none")
                    .register(meters);
            FunctionCounter.builder("firegrid.password.fast.checks", hasher, PasswordHasher::fastChecks)
                    .description("checks of generated device secrets (HMAC-SHA256, microseconds, no derivation)").register(meters);
            byte[] secretKey = SecretKeyFile.load(dataDir, config.secretKey());
            SecretBox secrets = new SecretBox(secretKey);
            TlsOptions tlsOptions = config.tls();
            ServerTls tls = tlsOptions.enabled() ? ServerTls.open(tlsOptions, dataDir, clock, meters) : null;
            DeviceRegistry registry = await(DeviceRegistry.load(vertx, db, hasher,
                    derivations, new CredentialCache(), secrets, clock));
            Places places = await(Places.load(db, clock, (c, kind, tenant, id) -> switch (kind) {
                case "site" -> DeviceRegistry.devicesAt(c, tenant, id);
                case "station" -> StationPanels.panelsIn(c, tenant, id);
                case "person" -> Rosters.naming(c, tenant, id);
                default -> List.of();
            }));
            IsolationService isolations = await(IsolationService.load(db, clock, meters));
            FloorPlans floorPlans = await(FloorPlans.load(vertx, db, dataDir, registry::find, registry::list, places::site, clock));
            Thresholds thresholds = new Thresholds(config.alarmRules());
            PanelLabels panelLabels = await(PanelLabels.load(db));
            AlarmService alarms = await(AlarmService.load(db, clock, config.alarmRules(), new AlarmPorts(
                    (device, sensor) -> registry.find(device).map(d -> new Thresholds.Limits(places.limitsAt(d.id().tenant(), d.site()),
                            d.sensor(sensor).map(Sensor::limits).orElse(null))).orElse(Thresholds.Limits.NONE),
                    places::inDrill, device -> registry.find(device).map(Device::maxSilence).orElse(null),
                    MqttAdapter.PROTOCOL::equals, registry::inService, isolations::isolated)
                    .withWhere(new SensorPlaces(registry::find, places::site, panelLabels))));
            registry.addConnectionListener((device, up) -> alarms.connection(device, up)
                    .onFailure(t -> LOG.warn("connection change not applied to the rules [device: {}]", device, t)));
            TargetGuard webhookGuard = new TargetGuard(vertx, config.webhookTargets(), meters);
            WebhookRegistry webhooks = await(WebhookRegistry.load(db, secrets, webhookGuard));
            StationPanels panels = await(StationPanels.load(db));
            CommandService commands = new CommandService(vertx);
            AtomicInteger httpBound = new AtomicInteger(-1);
            SmsService sms = SmsService.create(vertx, db, places, alarms, config.phones().sms(), secretKey, RetryPolicy.defaults(),
                    clock, meters, httpBound::get);
            Rosters rosters = await(Rosters.load(db, config.rosters()));
            VoicePhones voice = VoicePhones.create(vertx, config.phones().voice(), db, sms.text(), clock, meters);
            DispatchService dispatch = new DispatchService(vertx, db, alarms, places, rosters,
                    List.of(new WebhookChannel(vertx, webhooks, webhookGuard), new SirenChannel(panels, (panel, name, body) -> commands
                            .send(panel, name, body, CommandService.DEFAULT_TIMEOUT).map(CommandService.Result::status)), new SmsChannel(sms),
                            voice.channel()), config.escalation(),
                    RetryPolicy.defaults(), clock, meters);
            voice.escalateWith(dispatch::escalateNow);
            voice.moveOnWith(new io.firegrid.gateway.voice.RosterMoveOn(alarms, places, rosters, voice.channel(), db, clock));
            await(dispatch.start());
            IngestService ingest = new IngestService(db, registry, alarms, clock, meters,
                    config.ingest().maxUnregisteredSensors());
            TelemetryRecorder recorder = new TelemetryRecorder(sink, new DevicePlaceTags(registry::find,
                    (tenant, site) -> places.site(tenant, site).map(Site::building)), clock);
            ingest.addStoredListener((device, message, body, protocol, receivedAt) ->
                    recorder.stored(device, message, protocol, receivedAt));
            registry.addConnectionListener(recorder::connection);
            alarms.addListener(recorder::alarm);
            // before the endpoints open, so that every message they store is journaled for Hono
            HonoConnector hono = !honoConfig.enabled() ? null : closer.open("Hono", HonoNorthbound.start(vertx, honoConfig,
                    dataDir, await(HonoJournal.open(db)), meters, ingest, alarms, new GatewayCommands(places, panels, commands),
                    commands), HonoConnector::close);
            DutyChecks dutyChecks = new DutyChecks(db, clock, config.gb26875().zone(), meters);
            // before the endpoints open, so that every alarm change is queued for the monitoring centre
            CentreLink centre = config.gb26875().centre() == null ? null
                    : await(CentreLink.start(vertx, db, alarms, dutyChecks, registry, config.gb26875(), clock, meters));
            if (centre != null) {
                closer.onStop("GB/T 26875.3 centre", centre::close);
            }
            DeviceLogins logins = new DeviceLogins(vertx, registry, new LoginThrottle(config.logins(), clock), meters);
            MqttAdapter mqtt = new MqttAdapter(vertx, config.bindHost(), config.mqttPort(), config.mqttLimits(), registry, logins,
                    ingest, new MessageCodec(), meters, commands).tls(tlsOptions.mqttsPort(), tls)
                    .holdReadings(new StoreRoom(db::whenTelemetryRoom, db::telemetryRoom));
            commands.attach(mqtt);
            Bound mqttPorts = open(mqtt, "MQTT", closer);
            CoapAdapter coap = new CoapAdapter(vertx, config.bindHost(), config.coap(), registry, ingest,
                    new MessageCodec(), meters, commands);
            commands.attach(coap.commandTransport());
            Bound coapPorts = open(coap, "CoAP", closer);
            UitdFrames uitds = new UitdFrames(await(UitdDirectory.load(db)), registry, ingest, alarms, db, meters, clock,
                    config.gb26875().zone()).labels(panelLabels);
            Gb26875Routes gb26875Routes = new Gb26875Routes(uitds, dutyChecks, config.gb26875().centre() != null);
            Bound gb26875Ports = open(new Gb26875Listener(vertx, config.bindHost(), config.gb26875(), uitds, meters),
                    "GB/T 26875.3", closer);
            TokenRegistry tokens = await(TokenRegistry.load(db, clock)).people((t, id) -> places.person(t, id).map(p -> p.name()));
            FileBudget files = new FileBudget(config.mqttLimits().maxConnections(), config.http().maxConnections(),
                    config.gb26875().maxConnections());
            files.shortfall(FileBudget.processLimit()).ifPresent(LOG::warn);
            GatewayHealth health = new GatewayHealth(db, meters, files, () -> new JsonObject()
                    .put("devices", registry.list().size()).put("telemetry", sink.status())
                    .put("hono", hono == null ? new JsonObject().put("enabled", false) : hono.health()).put("sms", sms.health()).put("voice", voice.health())
                    .put("gb26875Centre", centre == null ? new JsonObject().put("enabled", false) : centre.health()));
            AuditLog auditLog = new AuditLog(db);
            HttpApi http = new HttpApi(vertx, config.bindHost(), config.httpPort(), token, tokens, registry, alarms, meters,
                    health::report,
                    List.of(new LoginRoutes(logins.throttle()), new PlaceRoutes(places, meters, new io.firegrid.gateway.place.StationHeads(places, rosters)), new RosterRoutes(rosters, places, clock, meters), new DrillRoutes(places, meters), new DispatchRoutes(dispatch, webhooks, alarms),
                            new CommandRoutes(commands, registry), new TelemetryRoutes(sink instanceof HistoryStore h ? h : null,
                                    registry, telemetryConfig.describe()), new PanelRoutes(panels, places, registry),
                            new MonthlyReportRoutes(vertx, alarms, isolations, places::sites,
                                    id -> registry.find(id).map(Device::site), config.reportPdf(), clock, meters),
                            new ReportRoutes(alarms, a -> places.stationCovering(a.device().tenant(), a.site())
                                    .orElse("(no station)"), clock),
                            new CertificateRoutes(tls, registry), gb26875Routes,
                            new SmsRoutes(sms, alarms, meters), new VoiceRoutes(voice.calls(), config.phones().voice(), meters), new DeviceLifecycleRoutes(registry, commands, meters, places::site),
                            new IsolationRoutes(isolations, registry, meters, clock), new FloorPlanRoutes(floorPlans, meters)),
                    (d, sensor) -> SensorThresholds.from(thresholds.of(places.limitsAt(d.id().tenant(), d.site()),
                            sensor.limits())))
                    .limits(config.http()).tls(tlsOptions.httpsPort(), tls).registrationFields(gb26875Routes)
                    .locatedBy(places::site).audit(new AuditTrail(auditLog, clock, meters));
            Bound httpPorts = open(http, "HTTP", closer);
            httpBound.set(httpPorts.plain());
            Ports ports = new Ports(httpPorts.plain(), httpPorts.secure(), mqttPorts.plain(), mqttPorts.secure(),
                    coapPorts.plain(), coapPorts.secure(), gb26875Ports.plain());
            if (tls != null) {
                tls.watch(vertx);
                LOG.info("TLS [{}; mqtts: {}, https: {}]", tls.describe(), ports.mqtts(), ports.https());
            }
            webhookGuard.ownListeners(config.bindHost(), ports.tcpListening());
            ClearTextWarning.log(tlsOptions, ports.http(), ports.mqtt());
            ports.write(dataDir);
            LOG.info("gateway started [http: {}, https: {}, mqtt: {}, mqtts: {}, coap: {}, coaps: {}, gb26875: {}, data: {}]",
                    ports.http(), ports.https(), ports.mqtt(), ports.mqtts(), ports.coap(), ports.coaps(), ports.gb26875(), dataDir);
            Duration retention = Duration.ofDays(config.store().telemetryRetentionDays());
            DiskWatch diskWatch = new DiskWatch(db, alarms, registry::tenants);
            TimedWork work = new TimedWork(List.of(places::endDrills, isolations::tick, alarms::tick, dispatch::tick, sms::tick, voice::tick,
                    diskWatch::check, dutyChecks::tick),
                    () -> ingest.deleteReadingsBefore(clock.instant().minus(retention)),
                    () -> auditLog.prune(clock.instant().minus(Duration.ofDays(config.store().auditRetentionDays())),
                            config.store().auditMaxEntries()));
            work.schedule(vertx, closer);
            return new Gateway(closer, vertx, db, work, ports, token, dataDir, hono, tls, http);
        } catch (RuntimeException e) {
            closer.close();
            throw e;
        }
    }

    /** Starts both listeners of {@code server}; {@code closer} stops it once the first one is bound. */
    private static Bound open(Server server, String what, Closer closer) {
        int plain = await(server.start());
        closer.onStop(what, server::stop);
        return new Bound(plain, await(server.startTls()));
    }

    /**
     * Who is told when the store's writer meets an error it cannot go on from (out of memory): the
     * gateway can then store nothing, and its process should end so that its supervisor restarts it.
     */
    public void onFatal(Consumer<Throwable> handler) {
        db.onFatal(handler);
    }

    /** The northbound connector, empty when forwarding to Hono is switched off. */
    public Optional<HonoConnector> hono() {
        return Optional.ofNullable(hono);
    }

    /** The bound ports, as written to {@code ports.json}. */
    public Ports ports() {
        return ports;
    }

    /** Bound port of plain HTTP, -1 if switched off. */
    public int httpPort() {
        return ports.http();
    }

    /** The HTTP API, for a look at its routes. */
    public HttpApi http() {
        return http;
    }

    /** Bound port of plain MQTT, -1 if switched off. */
    public int mqttPort() {
        return ports.mqtt();
    }

    /** Bound port of MQTT over TLS, -1 if switched off. */
    public int mqttsPort() {
        return ports.mqtts();
    }

    /** Bound port of HTTPS, -1 if switched off. */
    public int httpsPort() {
        return ports.https();
    }

    /** Bound port of the GB/T 26875.3 listener, -1 if switched off. */
    public int gb26875Port() {
        return ports.gb26875();
    }

    /** Bound port of plain CoAP, -1 if switched off. */
    public int coapPort() {
        return ports.coap();
    }

    /** Bound port of CoAP over DTLS, -1 if switched off. */
    public int coapsPort() {
        return ports.coaps();
    }

    /** The TLS of the MQTTS and HTTPS endpoints, empty when both are off. */
    public Optional<ServerTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** Reads changed certificate files now instead of at the next check; completes when the servers use them. */
    public Future<Void> reloadTls() {
        return tls == null ? Future.succeededFuture() : tls.reloadNow(vertx);
    }

    /** The admin token of the HTTP API: FIREGRID_ADMIN_TOKEN's value, or the one generated into the data directory. */
    public String adminToken() {
        return adminToken;
    }

    /** The data directory, absolute. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Deletes the raw messages of readings older than the retention, as of the gateway's clock (done
     * every {@value #DEFAULT_RETENTION_PERIOD_MS} ms); completes with how many were deleted.
     */
    public Future<Integer> deleteOldReadings() {
        return work.deleteOldReadings();
    }

    /**
     * Deletes audit entries older than their retention or beyond the most kept (done every
     * {@value #DEFAULT_RETENTION_PERIOD_MS} ms, after the readings); completes with how many were deleted.
     */
    public Future<Integer> pruneAudit() {
        return work.pruneAudit();
    }

    /** Runs the time-based work now, as of the gateway's clock; completes when its changes are stored. */
    public Future<Void> tick() {
        return work.tick();
    }

    /** Stops the timers and the endpoints, lets queued writes finish, closes the store: the reverse of {@link #start}. */
    @Override
    public void close() {
        closer.close();
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
}
