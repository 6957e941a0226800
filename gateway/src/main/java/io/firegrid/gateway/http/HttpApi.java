package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.AccessPolicy;
import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.access.Principal;
import io.firegrid.gateway.access.TokenRegistry;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.alarm.Cause;
import io.firegrid.gateway.device.Device;
import io.firegrid.gateway.device.DeviceRegistry;
import io.firegrid.gateway.device.DeviceStatus;
import io.firegrid.gateway.device.Sensor;
import io.firegrid.gateway.device.SensorLimits;
import io.firegrid.gateway.endpoint.BindFailure;
import io.firegrid.gateway.endpoint.Server;
import io.firegrid.gateway.tls.ServerTls;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.protocol.settings.Setting;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API ({@code /api/v1}), the live alarm stream, {@code /health}, {@code /metrics} and the
 * console's static assets. Every {@code /api/v1} request needs the bearer token; errors are JSON
 * {@code {"error": code, "detail": reason}} with the matching status (see {@link HttpErrors}).
 */
public final class HttpApi implements Server {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    /** Plain HTTP's default port: the common alternative HTTP port, free of root rights. */
    public static final int DEFAULT_PORT = 8080;
    /** Plain HTTP's port; its bind failure names this variable. */
    public static final Setting<Integer> PORT = Setting.port("FIREGRID_HTTP_PORT", DEFAULT_PORT,
            "HTTP API and console").describedDefault(DEFAULT_PORT + "; -1 in production");

    /** Largest request body accepted by default ({@link HttpLimits#maxBodyBytes()} sets it). */
    public static final long MAX_BODY_BYTES = HttpLimits.DEFAULT_MAX_BODY_BYTES;
    /** Classpath directory of the console's assets (module dashboards). */
    public static final String CONSOLE_ROOT = "firegrid/console";

    private final Vertx vertx;
    private final String host;
    private final int port;
    private final String adminToken;
    private final DeviceRegistry registry;
    private final AlarmService alarms;
    private final PrometheusMeterRegistry meters;
    private final Supplier<JsonObject> health;
    private final List<ApiRoutes> features;
    private final TokenRegistry tokens;
    private final SensorThresholds thresholds;
    private HttpLimits limits = HttpLimits.DEFAULTS;
    private RegistrationFields registrationFields = RegistrationFields.NONE;
    private java.util.function.BiFunction<String, String, java.util.Optional<io.firegrid.gateway.place.Site>> sites =
            (tenant, site) -> java.util.Optional.empty();
    private AuditTrail audit;
    private int securePort = -1;
    private ServerTls tls;
    private HttpServer server;
    private ConnectionGuard guard;
    private HttpServer secureServer;
    private Router router;

    /** An API with the {@code /api/v1} routes of further features (places, dispatch, ...). */
    public HttpApi(Vertx vertx, String host, int port, String adminToken, TokenRegistry tokens, DeviceRegistry registry,
                   AlarmService alarms, PrometheusMeterRegistry meters, Supplier<JsonObject> health,
                   List<ApiRoutes> features) {
        this(vertx, host, port, adminToken, tokens, registry, alarms, meters, health, features, null);
    }

    /** As above; {@code thresholds} adds each pressure and door sensor's effective thresholds to the device JSON. */
    public HttpApi(Vertx vertx, String host, int port, String adminToken, TokenRegistry tokens, DeviceRegistry registry,
                   AlarmService alarms, PrometheusMeterRegistry meters, Supplier<JsonObject> health,
                   List<ApiRoutes> features, SensorThresholds thresholds) {
        this.thresholds = thresholds;
        this.features = new java.util.ArrayList<>(features);
        this.features.add(new TokenRoutes(tokens));
        this.tokens = tokens;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.adminToken = adminToken;
        this.registry = registry;
        this.alarms = alarms;
        this.meters = meters;
        this.health = health;
    }

    /** Where a registered device's and its sensors' locations are checked: the site of a (tenant, id). */
    public HttpApi locatedBy(java.util.function.BiFunction<String, String, java.util.Optional<io.firegrid.gateway.place.Site>> sites) {
        this.sites = java.util.Objects.requireNonNull(sites, "sites");
        return this;
    }

    /** Sets the server's bounds (default {@link HttpLimits#DEFAULTS}); call before {@link #start()}. */
    public HttpApi limits(HttpLimits limits) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Has {@code POST /api/v1/devices} read and store {@code fields} too (a UITD's GB/T 26875.3 address). */
    public HttpApi registrationFields(RegistrationFields fields) {
        this.registrationFields = java.util.Objects.requireNonNull(fields, "fields");
        return this;
    }

    /** Records every API change in the audit log ({@link AuditTrail}); call before {@link #start()}. */
    public HttpApi audit(AuditTrail audit) {
        this.audit = audit;
        this.features.add(audit);
        return this;
    }

    /**
     * Has {@link #startTls()} bind HTTPS on {@code securePort} (0: any free port, -1: off) with the
     * certificates of {@code tls}; call before it. Without it HTTPS is off.
     */
    public HttpApi tls(int securePort, ServerTls tls) {
        this.securePort = securePort;
        this.tls = securePort < 0 ? null : java.util.Objects.requireNonNull(tls, "tls");
        return this;
    }

    /** Binds the server; completes with the bound port, or -1 without binding when the port is -1 (off). */
    @Override
    public Future<Integer> start() {
        router = buildRouter();
        if (port < 0) {
            return Future.succeededFuture(-1);
        }
        guard = new ConnectionGuard(vertx, limits, meters);
        server = vertx.createHttpServer(serverOptions(port));
        server.connectionHandler(guard::connected);
        return BindFailure.explain(server.requestHandler(guard.guard(router)).listen().map(HttpServer::actualPort),
                "HTTP", port, PORT.name()).map(bound -> {
            LOG.info("HTTP API listening [host: {}, port: {}]", host, bound);
            return bound;
        });
    }

    /**
     * Binds HTTPS on the port set by {@link #tls} with the same routes, after {@link #start()};
     * certificates reloaded by the {@link ServerTls} apply to the next handshake. Failed handshakes count as
     * {@code firegrid_refused_total{protocol="http",code="tls-handshake"}}. Completes with the bound port,
     * or -1 without binding when it is off.
     */
    @Override
    public Future<Integer> startTls() {
        if (securePort < 0) {
            return Future.succeededFuture(-1);
        }
        if (guard == null) {
            guard = new ConnectionGuard(vertx, limits, meters);
        }
        secureServer = vertx.createHttpServer(tls.apply(serverOptions(securePort), false));
        secureServer.connectionHandler(guard::connected);
        secureServer.exceptionHandler(t -> {
            meters.counter("firegrid.refused", "protocol", "http", "code", "tls-handshake").increment();
            LOG.debug("HTTPS handshake failed: {}", t.getMessage());
        });
        return BindFailure.explain(secureServer.requestHandler(guard.guard(router)).listen().map(HttpServer::actualPort),
                "HTTPS", securePort, TlsOptions.HTTPS_PORT.name()).map(bound -> {
            LOG.info("HTTPS API listening [host: {}, port: {}]", host, bound);
            return bound;
        });
    }

    /** The server's bounds, the same for HTTP and HTTPS. */
    private HttpServerOptions serverOptions(int listenPort) {
        return new HttpServerOptions().setHost(host).setPort(listenPort)
                // without cleartext HTTP/2 (no browser speaks it) a connection is handed over when accepted, not
                // after its first request, so that the header deadline starts at once
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
                .setMaxInitialLineLength(HttpLimits.MAX_INITIAL_LINE_BYTES).setMaxHeaderSize(HttpLimits.MAX_HEADER_BYTES);
    }

    /** The routes, once {@link #start()} has built them; every {@code /api/v1} route declares its {@link Action}. */
    Router router() {
        return router;
    }

    private Router buildRouter() {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders());
        BodyLimit bodyLimit = new BodyLimit(limits.maxBodyBytes(), meters, Uploads.of(features));
        router.route().handler(bodyLimit);
        router.route().failureHandler(bodyLimit::counted);
        AlarmStream stream = new AlarmStream(vertx, alarms, meters, tokens.clock(), AlarmStream.DEFAULT_MAX_CLIENTS,
                AlarmStream.keepaliveFor(limits.idleTimeoutSeconds()));
        tokens.onRevoked(stream::revoked);
        router.get("/health").handler(ctx -> {
            JsonObject report = health.get();
            json(ctx, "down".equals(report.getString("status")) ? 503 : 200, report);
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(meters.scrape()));

        RouteAccess.open(router.get(OpenApi.PATH)).handler(new OpenApi(router));
        router.route("/api/v1/*").handler(new BearerAuth(adminToken, tokens, meters));
        Uploads.of(features).forEach(u -> u.mount(router)); // larger bodies (floor plans), read after the token check
        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes()));
        router.route("/api/v1/*").failureHandler(RouteAccess.counted(meters));
        if (audit != null) {
            router.route("/api/v1/*").handler(audit);
        }
        needs(router.get("/api/v1/me"), Action.READ).handler(this::me);
        needs(router.post("/api/v1/devices"), Action.REGISTER).handler(LocationJson.counted(meters, this::registerDevice));
        needs(router.get("/api/v1/devices"), Action.READ).handler(this::listDevices);
        needs(router.get("/api/v1/devices/:tenant/:device"), Action.READ).handler(this::getDevice);
        needs(router.get("/api/v1/alarms/stream"), Action.READ).handler(stream::handle);
        needs(router.get("/api/v1/alarms"), Action.READ).handler(this::listAlarms);
        needs(router.get("/api/v1/alarms/:id"), Action.READ).handler(ctx -> alarms.get(alarmId(ctx), TenantScope.of(ctx))
                .onSuccess(a -> raw(ctx, 200, AlarmJson.toJson(a))).onFailure(ctx::fail));
        route(router, "ack", AlarmState.ACKNOWLEDGED);
        route(router, "en-route", AlarmState.EN_ROUTE);
        route(router, "on-scene", AlarmState.ON_SCENE);
        route(router, "resolve", AlarmState.RESOLVED);
        features.forEach(f -> f.mount(router));
        router.route("/api/*").handler(RouteAccess::undeclared);
        // revalidate the console on every load, so an upgraded gateway is never shown with a stale page
        router.route("/*").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
        router.route("/*").handler(StaticHandler.create(CONSOLE_ROOT).setIndexPage("index.html"));
        router.route().failureHandler(HttpErrors::handle);
        return router;
    }

    @Override
    public Future<Void> stop() {
        return Future.join(server == null ? Future.succeededFuture() : server.close(),
                secureServer == null ? Future.succeededFuture() : secureServer.close()).mapEmpty();
    }

    private void route(Router router, String action, AlarmState target) {
        needs(router.post("/api/v1/alarms/:id/" + action), Action.WORK_ALARMS).handler(ctx -> {
            long id = alarmId(ctx);
            JsonObject body = bodyOrEmpty(ctx);
            String by = JsonIo.by(ctx, body, meters);
            Cause cause = null;
            if (target == AlarmState.RESOLVED) {
                Object c = body.getValue("cause");
                if (!(c instanceof String cs)) {
                    throw FireGridException.badRequest("bad-cause",
                            "resolving needs {\"cause\": one of fire, false-alarm, drill, maintenance, test}");
                }
                cause = Cause.fromWire(cs);
                if (cause == Cause.CLEARED) {
                    throw FireGridException.badRequest("bad-cause", "'cleared' is set by the gateway when a condition "
                            + "clears; choose fire, false-alarm, drill, maintenance or test");
                }
            }
            alarms.advance(id, target, by, cause, TenantScope.of(ctx)).onSuccess(a -> raw(ctx, 200, AlarmJson.toJson(a))).onFailure(ctx::fail);
        });
    }

    /**
     * Who the token belongs to, and what its role may do, so a console shows only what works:
     * {@code {"name","role","tenant","expiresAt","may":{"workAlarms","reports","drills","commands","register","logins"},
     * "actions":["read","work-alarms",...]}} ({@code expiresAt} null for a token that does not expire).
     * The answers come from {@link AccessPolicy}, the table that also decides the calls themselves;
     * {@code actions} lists every {@link Action} the role holds, by {@link Action#wireName()}.
     */
    private void me(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        JsonObject may = new JsonObject()
                .put("workAlarms", AccessPolicy.allows(p.role(), Action.WORK_ALARMS))
                .put("reports", AccessPolicy.allows(p.role(), Action.READ_REPORTS))
                .put("drills", AccessPolicy.allows(p.role(), Action.DRILL))
                .put("commands", AccessPolicy.allows(p.role(), Action.COMMAND_DEVICES))
                .put("register", AccessPolicy.allows(p.role(), Action.REGISTER))
                .put("logins", AccessPolicy.allows(p.role(), Action.MANAGE_LOGINS));
        JsonArray actions = new JsonArray();
        AccessPolicy.actions(p.role()).forEach(a -> actions.add(a.wireName()));
        json(ctx, 200, new JsonObject().put("name", p.name()).put("role", p.role().wireName()).put("tenant", p.tenant())
                .put("expiresAt", p.expiresAt() == null ? null : p.expiresAt().toString()).put("may", may)
                .put("actions", actions).put("person", p.person()));
    }

    private void registerDevice(RoutingContext ctx) {
        JsonObject b = bodyOrEmpty(ctx);
        DeviceId id = new DeviceId(requiredString(b, "tenant"), requiredString(b, "id"));
        Object site = site(b);
        List<Sensor> sensors = sensors(b);
        Object password = b.getValue("password");
        if (!(password instanceof String)) {
            throw FireGridException.badRequest("missing-field", "'password' (a string) is required");
        }
        Object psk = psk(b);
        Integer maxSilence = maxSilenceSeconds(b.getValue("maxSilenceSeconds"));
        io.firegrid.gateway.device.Location location = LocationJson.location(b, "device " + id.device());
        LocationJson.check(site == null ? java.util.Optional.empty() : sites.apply(id.tenant(), (String) site), id.device(),
                location, sensors);
        var thenStore = registrationFields.check(id, b);
        var kind = io.firegrid.gateway.device.PasswordKind.fromWire(b.getValue("passwordKind"));
        registry.register(id, (String) site, location, sensors, (String) password, kind, (String) psk, maxSilence)
                .compose(d -> thenStore.apply(d).map(d)).onSuccess(d -> {
            LOG.info("device registered [device: {}, site: {}, sensors: {}, maxSilenceSeconds: {}]", d.id(), d.site(),
                    d.sensors().size(), d.maxSilenceSeconds());
            ctx.response().putHeader("Location", "/api/v1/devices/" + id.tenant() + "/" + id.device());
            json(ctx, 201, deviceJson(d));
        }).onFailure(ctx::fail);
    }

    /** A device body's {@code site}: absent, null or a string (shared with the change of a device). */
    static String site(JsonObject b) {
        Object site = b.getValue("site");
        if (site != null && !(site instanceof String)) {
            throw FireGridException.badRequest("bad-field", "'site' must be a string");
        }
        return (String) site;
    }

    /** A device body's {@code psk}: absent, null or a string. */
    static String psk(JsonObject b) {
        Object psk = b.getValue("psk");
        if (psk != null && !(psk instanceof String)) {
            throw FireGridException.badRequest("bad-field", "'psk' must be a string (the DTLS pre-shared key)");
        }
        return (String) psk;
    }

    /** A device body's {@code sensors}, checked as registration checks them (shared with the change of a device). */
    static List<Sensor> sensors(JsonObject b) {
        List<Sensor> sensors = new ArrayList<>();
        Object raw = b.getValue("sensors");
        if (raw != null && !(raw instanceof JsonArray)) {
            throw FireGridException.badRequest("bad-field", "'sensors' must be an array of {\"id\",\"kind\",\"zone\"}");
        }
        if (raw instanceof JsonArray arr) {
            for (Object o : arr) {
                if (!(o instanceof JsonObject s)) {
                    throw FireGridException.badRequest("bad-field", "each sensor must be an object {\"id\",\"kind\",\"zone\"}");
                }
                Object zone = s.getValue("zone");
                if (zone != null && !(zone instanceof String)) {
                    throw FireGridException.badRequest("bad-field", "sensor 'zone' must be a string");
                }
                String sensorId = requiredString(s, "id");
                sensors.add(new Sensor(sensorId, Kind.fromWire(requiredString(s, "kind")), (String) zone,
                        LimitsJson.parse(s.getValue("limits")), LocationJson.location(s, "sensor " + sensorId)));
            }
        }
        return sensors;
    }

    /** {@code maxSilenceSeconds} as given: absent or null for none, else a whole number (its range is the Device's to check). */
    static Integer maxSilenceSeconds(Object raw) {
        if (raw == null) {
            return null;
        }
        if ((raw instanceof Integer || raw instanceof Long) && ((Number) raw).longValue() == ((Number) raw).intValue()) {
            return ((Number) raw).intValue();
        }
        throw FireGridException.badRequest("bad-max-silence", "'maxSilenceSeconds' must be a whole number of seconds from "
                + Device.MIN_MAX_SILENCE_SECONDS + " to " + Device.MAX_MAX_SILENCE_SECONDS + " (7 days), not " + raw);
    }

    private void listDevices(RoutingContext ctx) {
        JsonArray arr = new JsonArray();
        String tenant = TenantScope.filter(ctx);
        registry.list().stream().filter(d -> tenant == null || tenant.equals(d.id().tenant()))
                .forEach(d -> arr.add(deviceJson(d)));
        raw(ctx, 200, arr.encode());
    }

    private void getDevice(RoutingContext ctx) {
        DeviceId id = new DeviceId(ctx.pathParam("tenant"), ctx.pathParam("device"));
        Device d = registry.find(id).orElseThrow(() -> FireGridException.notFound("unknown-device",
                "device " + id + " is not registered"));
        json(ctx, 200, deviceJson(d));
    }

    private void listAlarms(RoutingContext ctx) {
        String state = ctx.request().getParam("state", "all");
        Boolean open = switch (state) {
            case "open" -> Boolean.TRUE;
            case "closed" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw FireGridException.badRequest("bad-parameter", "state must be open, closed or all");
        };
        int limit;
        try {
            limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
        } catch (NumberFormatException e) {
            throw FireGridException.badRequest("bad-parameter", "limit must be a number from 1 to " + AlarmService.MAX_LIST);
        }
        alarms.list(open, limit, TenantScope.filter(ctx)).onSuccess(list -> raw(ctx, 200, AlarmJson.toJson(list))).onFailure(ctx::fail);
    }

    private JsonObject deviceJson(Device d) {
        JsonArray sensors = new JsonArray();
        d.sensors().forEach(s -> {
            JsonObject o = new JsonObject().put("id", s.id()).put("kind", s.kind().wireName()).put("zone", s.zone())
                    .put("location", LocationJson.toJson(s.location())).put("locatedAt", LocationJson.toJson(d.locationOf(s.id())));
            if (!s.limits().isEmpty()) {
                o.put("limits", LimitsJson.toJson(s.limits()));
            }
            JsonObject effective = thresholdsJson(d, s);
            if (effective != null) {
                o.put("thresholds", effective);
            }
            sensors.add(o);
        });
        DeviceStatus st = registry.status(d.id());
        return new JsonObject().put("tenant", d.id().tenant()).put("id", d.id().device()).put("site", d.site())
                .put("location", LocationJson.toJson(d.location())).put("sensors", sensors).put("registeredAt", d.registeredAt().toString())
                .put("maxSilenceSeconds", d.maxSilenceSeconds()).put("clockSkew", registry.clockSkewed(d.id()))
                .put("connected", st.connected()).put("protocol", st.protocol())
                .put("lastSeen", st.lastSeen() == null ? null : st.lastSeen().toString())
                .put("lastValues", new JsonObject(new java.util.HashMap<>(st.lastValues())))
                .put("lastHeartbeat", st.lastHeartbeat() == null ? null : st.lastHeartbeat().toString());
    }

    /** The thresholds the rules apply to a pressure or door sensor, or {@code null} for other kinds. */
    private JsonObject thresholdsJson(Device d, Sensor s) {
        if (thresholds == null || (s.kind() != Kind.PRESSURE && s.kind() != Kind.DOOR)) {
            return null;
        }
        SensorThresholds.Thresholds t = thresholds.of(d, s);
        return s.kind() == Kind.PRESSURE
                ? new JsonObject().put("pressureLowMpa", t.pressureLowMpa()).put("pressureHighMpa", t.pressureHighMpa())
                        .put("source", t.pressureSource().name().toLowerCase(java.util.Locale.ROOT))
                : new JsonObject().put("doorHeldOpenSeconds", t.doorHeldOpenSeconds())
                        .put("source", t.doorSource().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static long alarmId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw FireGridException.notFound("unknown-alarm", "there is no alarm '" + ctx.pathParam("id") + "'");
        }
    }

    /** The body as a JSON object ({@link JsonIo#body}), or an empty one when there is no body. */
    private static JsonObject bodyOrEmpty(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        return JsonIo.body(ctx);
    }

    private static String requiredString(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (!(v instanceof String s)) {
            throw FireGridException.badRequest("missing-field", "'" + field + "' (a string) is required");
        }
        return s;
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        raw(ctx, status, body.encode());
    }

    private static void raw(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
