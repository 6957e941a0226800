package io.firegrid.gateway.app;

import io.firegrid.gateway.alarm.AlarmRules;
import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.gb26875.Gb26875Options;
import io.firegrid.gateway.http.HttpApi;
import io.firegrid.gateway.mqtt.MqttAdapter;
import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.device.SecretKeyFile;
import io.firegrid.gateway.dispatch.Escalation;
import io.firegrid.gateway.hono.HonoConfig;
import io.firegrid.gateway.http.HttpLimits;
import io.firegrid.gateway.ingest.IngestOptions;
import io.firegrid.gateway.place.RosterOptions;
import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.report.pdf.PdfOptions;
import io.firegrid.gateway.endpoint.EventLoopOptions;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.telemetry.TelemetryConfig;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.gateway.voice.PhoneOptions;
import io.firegrid.gateway.webhook.WebhookTargets;
import io.firegrid.protocol.settings.Setting;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of one gateway. Immutable; every key but the clock can be set by an environment
 * variable, each declared once as a {@link Setting} (here or in the options record it belongs to)
 * and listed in {@link GatewaySettings}, from which {@code --help} and the README are written.
 *
 * @param dataDir            where the store, the generated admin token and {@code ports.json}
 *                           live; {@code FIREGRID_DATA_DIR}, default {@value #DEFAULT_DATA_DIR}
 * @param bindHost           address the servers bind; {@code FIREGRID_BIND_HOST}, default
 *                           {@value #DEFAULT_BIND_HOST} (all interfaces)
 * @param httpPort           plain HTTP API and console; {@code FIREGRID_HTTP_PORT}, default
 *                           {@value #DEFAULT_HTTP_PORT} (-1, off, in the production profile); 0 picks a
 *                           free port, -1 switches it off
 * @param mqttPort           plain MQTT endpoint; {@code FIREGRID_MQTT_PORT}, default
 *                           {@value #DEFAULT_MQTT_PORT} (-1, off, in the production profile); 0 picks a
 *                           free port, -1 switches it off
 * @param adminToken         bearer token of the admin role; {@code FIREGRID_ADMIN_TOKEN}; when
 *                           unset, a random one is generated on first start and kept in
 *                           {@code $FIREGRID_DATA_DIR/admin-token} (readable by the owner only)
 * @param passwordIterations PBKDF2 iterations for new device passwords;
 *                           {@code FIREGRID_PASSWORD_ITERATIONS}, default
 *                           {@link PasswordHasher#DEFAULT_ITERATIONS}
 * @param alarmRules         thresholds and timers of the supervisory and trouble rules, defaults
 *                           and their sources in {@link AlarmRules}; {@code FIREGRID_DOOR_HELD_OPEN_SECONDS},
 *                           {@code FIREGRID_EXIT_BLOCKED_SECONDS}, {@code FIREGRID_OFFLINE_SECONDS},
 *                           {@code FIREGRID_SILENT_SECONDS}
 * @param escalationSeconds  an alarm nobody acknowledged this long after it was raised escalates
 *                           to the next station and the duty officer;
 *                           {@code FIREGRID_ESCALATION_SECONDS}, default
 *                           {@value #DEFAULT_ESCALATION_SECONDS} (respond within 1 minute)
 * @param reminderSeconds    after escalation, everyone told is told again at this interval until
 *                           someone acknowledges; {@code FIREGRID_REMINDER_SECONDS}, default
 *                           {@value #DEFAULT_REMINDER_SECONDS}
 * @param coap               the CoAP and CoAP-over-DTLS endpoints, defaults in {@link CoapOptions};
 *                           {@code FIREGRID_COAP_PORT}, {@code FIREGRID_COAPS_PORT},
 *                           {@code FIREGRID_COAP_UNAUTHENTICATED}, {@code FIREGRID_COAP_MAX_IN_FLIGHT}
 * @param secretKey          256-bit key (64 hex digits) that encrypts device secrets at rest;
 *                           {@code FIREGRID_SECRET_KEY}; when unset, one is generated on first start
 *                           into {@code $FIREGRID_DATA_DIR/secret.key} (mode 600). Never logged.
 * @param mqttLimits         bounds of the MQTT endpoint (connections, connection rate, CONNECT size and
 *                           time, messages waiting per connection), defaults and their reasons in
 *                           {@link MqttLimits}; {@code FIREGRID_MQTT_MAX_CONNECTIONS},
 *                           {@code FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS}, {@code FIREGRID_MQTT_CONNECT_RATE},
 *                           {@code FIREGRID_MQTT_CONNECT_BURST}, {@code FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS},
 *                           {@code FIREGRID_MQTT_MAX_CONNECT_BYTES}, {@code FIREGRID_MQTT_RECEIVE_MAXIMUM}
 * @param store              the embedded store's queue bounds, disk reserve and retention, defaults
 *                           in {@link StoreOptions}
 * @param ingest             bounds of the ingest path (sensors a device may report unregistered),
 *                           defaults in {@link IngestOptions}
 * @param webhookTargets     address ranges webhooks may reach besides public addresses,
 *                           {@code FIREGRID_WEBHOOK_ALLOW_CIDRS}, default none ({@link WebhookTargets})
 * @param http               bounds of the HTTP server (header and idle timeouts, body size, connections), defaults in {@link HttpLimits}; {@code FIREGRID_HTTP_*}
 * @param tls                MQTT over TLS and HTTPS ports, certificates, and the profile that decides whether plain MQTT and HTTP are on by default; defaults in {@link TlsOptions} ({@code FIREGRID_MQTTS_PORT}, {@code FIREGRID_HTTPS_PORT}, {@code FIREGRID_TLS_*}, {@code FIREGRID_PROFILE}); docs/tls.md
 * @param logins             how failed device logins are delayed and blocked, defaults in {@link LoginLimits}; {@code FIREGRID_LOGIN_*}
 * @param telemetry          where telemetry goes (InfluxDB, or the embedded history store), defaults in
 *                           {@link TelemetryConfig}; {@code FIREGRID_INFLUX_*}, {@code FIREGRID_HISTORY_*}
 * @param hono               the northbound connection to Eclipse Hono, off by default ({@link HonoConfig});
 *                           {@code FIREGRID_HONO_*}
 * @param gb26875            the GB/T 26875.3 listener for fire alarm panels' UITDs, off by default
 *                           ({@link Gb26875Options}); {@code FIREGRID_GB26875_*}, docs/gb26875.md
 * @param phones             SMS through Kannel and voice calls, both off by default ({@link PhoneOptions}); {@code FIREGRID_SMS_*},
 *                           {@code FIREGRID_VOICE_*}; docs/sms.md
 * @param rosters            the sites' time zone for duty rosters, quiet hours and digests ({@link RosterOptions});
 *                           {@code FIREGRID_SITE_ZONE}, default Asia/Shanghai
 * @param reportPdf          the monthly PDF report's Chinese font and list length ({@link PdfOptions});
 *                           {@code FIREGRID_REPORT_FONT}, {@code FIREGRID_REPORT_MAX_ROWS}; docs/reports.md
 * @param eventLoops         Netty's epoll transport or NIO ({@link EventLoopOptions})
 * @param clock              the clock of the rules and timers; not a setting: {@code Clock.systemUTC()}, tests
 *                           pass one they move (with {@link Gateway#tick()})
 */
public record GatewayConfig(Path dataDir, String bindHost, int httpPort, int mqttPort, String adminToken,
                            int passwordIterations, AlarmRules alarmRules, int escalationSeconds, int reminderSeconds,
                            CoapOptions coap, String secretKey, MqttLimits mqttLimits, StoreOptions store,
                            IngestOptions ingest, WebhookTargets webhookTargets, HttpLimits http, TlsOptions tls,
                            LoginLimits logins, TelemetryConfig telemetry, HonoConfig hono, Gb26875Options gb26875,
                            PhoneOptions phones, RosterOptions rosters, PdfOptions reportPdf,
                            EventLoopOptions eventLoops, Clock clock) {

    public static final String DEFAULT_DATA_DIR = "data";
    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = HttpApi.DEFAULT_PORT;
    public static final int DEFAULT_MQTT_PORT = MqttAdapter.DEFAULT_PORT;
    public static final int DEFAULT_ESCALATION_SECONDS = 60;
    public static final int DEFAULT_REMINDER_SECONDS = 60;
    /** Shortest admin token accepted. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 8;

    public static final Setting<Path> DATA_DIR = Setting.path("FIREGRID_DATA_DIR", DEFAULT_DATA_DIR, null,
            "store, admin token, secret key, ports.json");
    public static final Setting<String> BIND_HOST = Setting.string("FIREGRID_BIND_HOST", DEFAULT_BIND_HOST, null,
            "address the servers bind");
    /** Declared by the endpoint that binds it, whose bind failure names it. */
    public static final Setting<Integer> HTTP_PORT = HttpApi.PORT;
    /** Declared by the endpoint that binds it, whose bind failure names it. */
    public static final Setting<Integer> MQTT_PORT = MqttAdapter.PORT;
    public static final Setting<String> ADMIN_TOKEN = Setting.string("FIREGRID_ADMIN_TOKEN", null,
            "generated into $FIREGRID_DATA_DIR/admin-token", "admin bearer token, at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " characters");
    public static final Setting<Integer> PASSWORD_ITERATIONS = Setting.atLeast("FIREGRID_PASSWORD_ITERATIONS",
            PasswordHasher.DEFAULT_ITERATIONS, 1_000, "PBKDF2 iterations for device passwords");
    public static final Setting<Duration> DOOR_HELD_OPEN_SECONDS = Setting.seconds("FIREGRID_DOOR_HELD_OPEN_SECONDS",
            AlarmRules.DEFAULT_DOOR_HELD_OPEN_LIMIT.toSeconds(), 1, Integer.MAX_VALUE,
            "fire door open longer than this many seconds: supervisory alarm");
    public static final Setting<Duration> EXIT_BLOCKED_SECONDS = Setting.seconds("FIREGRID_EXIT_BLOCKED_SECONDS",
            AlarmRules.DEFAULT_EXIT_BLOCKED_LIMIT.toSeconds(), 1, Integer.MAX_VALUE,
            "exit reported blocked longer than this many seconds: supervisory alarm");
    public static final Setting<Duration> OFFLINE_SECONDS = Setting.seconds("FIREGRID_OFFLINE_SECONDS",
            AlarmRules.DEFAULT_OFFLINE_AFTER.toSeconds(), 1, Integer.MAX_VALUE,
            "device connection gone longer than this many seconds: trouble alarm");
    public static final Setting<Duration> SILENT_SECONDS = Setting.seconds("FIREGRID_SILENT_SECONDS",
            AlarmRules.DEFAULT_SILENT_AFTER.toSeconds(), 1, Integer.MAX_VALUE,
            "CoAP device silent longer than this many seconds (unless registered with its own maxSilenceSeconds): "
                    + "trouble alarm offline");
    public static final Setting<Integer> ESCALATION_SECONDS = Setting.atLeast("FIREGRID_ESCALATION_SECONDS",
            DEFAULT_ESCALATION_SECONDS, 1, "unacknowledged alarm escalates after this many seconds");
    public static final Setting<Integer> REMINDER_SECONDS = Setting.atLeast("FIREGRID_REMINDER_SECONDS",
            DEFAULT_REMINDER_SECONDS, 1, "re-notify interval after escalation, in seconds");

    public GatewayConfig {
        HTTP_PORT.checkInt(httpPort);
        MQTT_PORT.checkInt(mqttPort);
        Objects.requireNonNull(coap, "coap");
        Objects.requireNonNull(mqttLimits, "mqttLimits");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(webhookTargets, "webhookTargets");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(logins, "logins");
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(hono, "hono");
        Objects.requireNonNull(gb26875, "gb26875");
        Objects.requireNonNull(phones, "phones");
        Objects.requireNonNull(reportPdf, "reportPdf");
        Objects.requireNonNull(eventLoops, "eventLoops");
        Objects.requireNonNull(clock, "clock");
        PASSWORD_ITERATIONS.checkInt(passwordIterations);
        Objects.requireNonNull(alarmRules, "alarmRules");
        ESCALATION_SECONDS.checkInt(escalationSeconds);
        REMINDER_SECONDS.checkInt(reminderSeconds);
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(ADMIN_TOKEN.name() + " must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters long");
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(Path.of(DEFAULT_DATA_DIR), DEFAULT_BIND_HOST, DEFAULT_HTTP_PORT, DEFAULT_MQTT_PORT,
                null, PasswordHasher.DEFAULT_ITERATIONS, AlarmRules.DEFAULTS, DEFAULT_ESCALATION_SECONDS,
                DEFAULT_REMINDER_SECONDS, CoapOptions.DEFAULTS, null, MqttLimits.DEFAULTS,
                StoreOptions.DEFAULTS, IngestOptions.DEFAULTS, WebhookTargets.DEFAULTS, HttpLimits.DEFAULTS, TlsOptions.DEFAULTS,
                LoginLimits.DEFAULTS, TelemetryConfig.defaults(), HonoConfig.OFF, Gb26875Options.DEFAULTS,
                PhoneOptions.OFF, RosterOptions.DEFAULTS, PdfOptions.DEFAULTS, EventLoopOptions.DEFAULTS, Clock.systemUTC());
    }

    /** The defaults overridden by whichever {@code FIREGRID_*} variables {@code env} sets. */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        TlsOptions tls = TlsOptions.fromEnv(env);
        // production: clear text off unless FIREGRID_HTTP_PORT / FIREGRID_MQTT_PORT switch it on
        boolean production = tls.profile() == TlsOptions.Profile.PRODUCTION;
        AlarmRules rules = AlarmRules.DEFAULTS.withDoorHeldOpenLimit(DOOR_HELD_OPEN_SECONDS.read(env))
                .withExitBlockedLimit(EXIT_BLOCKED_SECONDS.read(env))
                .withOfflineAfter(OFFLINE_SECONDS.read(env))
                .withSilentAfter(SILENT_SECONDS.read(env));
        return new GatewayConfig(DATA_DIR.read(env), BIND_HOST.read(env),
                HTTP_PORT.find(env).orElse(production ? -1 : DEFAULT_HTTP_PORT),
                MQTT_PORT.find(env).orElse(production ? -1 : DEFAULT_MQTT_PORT),
                ADMIN_TOKEN.read(env), PASSWORD_ITERATIONS.read(env), rules, ESCALATION_SECONDS.read(env),
                REMINDER_SECONDS.read(env), CoapOptions.fromEnv(env), SecretKeyFile.KEY.read(env), MqttLimits.fromEnv(env),
                StoreOptions.fromEnv(env), IngestOptions.fromEnv(env), WebhookTargets.fromEnv(env), HttpLimits.fromEnv(env),
                tls, LoginLimits.fromEnv(env), TelemetryConfig.fromEnv(env), HonoConfig.fromEnv(env),
                Gb26875Options.fromEnv(env), PhoneOptions.fromEnv(env),
                RosterOptions.fromEnv(env), PdfOptions.fromEnv(env), EventLoopOptions.fromEnv(env), Clock.systemUTC());
    }

    public GatewayConfig withReportPdf(PdfOptions value) {
        return copy(b -> b.reportPdf = value);
    }

    public GatewayConfig withPhones(PhoneOptions value) {
        return copy(b -> b.phones = value);
    }

    public GatewayConfig withLogins(LoginLimits value) {
        return copy(b -> b.logins = value);
    }

    public GatewayConfig withTls(TlsOptions value) {
        return copy(b -> b.tls = value);
    }

    public GatewayConfig withHttp(HttpLimits value) {
        return copy(b -> b.http = value);
    }

    public GatewayConfig withGb26875(Gb26875Options options) {
        return copy(b -> b.gb26875 = options);
    }

    public GatewayConfig withCoap(CoapOptions options) {
        return copy(b -> b.coap = options);
    }

    public GatewayConfig withMqttLimits(MqttLimits limits) {
        return copy(b -> b.mqttLimits = limits);
    }

    public GatewayConfig withStore(StoreOptions options) {
        return copy(b -> b.store = options);
    }

    public GatewayConfig withIngest(IngestOptions options) {
        return copy(b -> b.ingest = options);
    }

    public GatewayConfig withWebhookTargets(WebhookTargets targets) {
        return copy(b -> b.webhookTargets = targets);
    }

    public GatewayConfig withSecretKey(String hexKey) {
        return copy(b -> b.secretKey = hexKey);
    }

    public GatewayConfig withDataDir(Path dir) {
        return copy(b -> b.dataDir = dir);
    }

    public GatewayConfig withBindHost(String host) {
        return copy(b -> b.bindHost = host);
    }

    public GatewayConfig withHttpPort(int port) {
        return copy(b -> b.httpPort = port);
    }

    public GatewayConfig withMqttPort(int port) {
        return copy(b -> b.mqttPort = port);
    }

    public GatewayConfig withAdminToken(String token) {
        return copy(b -> b.adminToken = token);
    }

    public GatewayConfig withPasswordIterations(int iterations) {
        return copy(b -> b.passwordIterations = iterations);
    }

    public GatewayConfig withAlarmRules(AlarmRules rules) {
        return copy(b -> b.alarmRules = rules);
    }

    public GatewayConfig withEscalationSeconds(int seconds) {
        return copy(b -> b.escalationSeconds = seconds);
    }

    public GatewayConfig withReminderSeconds(int seconds) {
        return copy(b -> b.reminderSeconds = seconds);
    }

    /** Telemetry written where {@code value} says: InfluxDB, or the embedded history store when it names no server. */
    public GatewayConfig withTelemetry(TelemetryConfig value) {
        return copy(b -> b.telemetry = value);
    }

    /** Forwarding northbound to Hono when {@code value} is switched on. */
    public GatewayConfig withHono(HonoConfig value) {
        return copy(b -> b.hono = value);
    }

    /** Rules and timers reading {@code value}; tests pass a clock they move and call {@link Gateway#tick()}. */
    public GatewayConfig withClock(Clock value) {
        return copy(b -> b.clock = value);
    }

    /** The escalation timing these settings ask for. */
    public Escalation escalation() {
        return new Escalation(Duration.ofSeconds(escalationSeconds), Duration.ofSeconds(reminderSeconds));
    }

    /** This config with the components {@code change} sets on a copy of them. */
    private GatewayConfig copy(Consumer<Parts> change) {
        Parts b = new Parts(this);
        change.accept(b);
        return b.build();
    }

    /** The components of a config, to change one and build another: the {@code with*} methods stay one line each. */
    private static final class Parts {
        Path dataDir;
        String bindHost;
        int httpPort;
        int mqttPort;
        String adminToken;
        int passwordIterations;
        AlarmRules alarmRules;
        int escalationSeconds;
        int reminderSeconds;
        CoapOptions coap;
        String secretKey;
        MqttLimits mqttLimits;
        StoreOptions store;
        IngestOptions ingest;
        WebhookTargets webhookTargets;
        HttpLimits http;
        TlsOptions tls;
        LoginLimits logins;
        TelemetryConfig telemetry;
        HonoConfig hono;
        Gb26875Options gb26875;
        PhoneOptions phones;
        RosterOptions rosters;
        PdfOptions reportPdf;
        EventLoopOptions eventLoops;
        Clock clock;

        Parts(GatewayConfig c) {
            dataDir = c.dataDir;
            bindHost = c.bindHost;
            httpPort = c.httpPort;
            mqttPort = c.mqttPort;
            adminToken = c.adminToken;
            passwordIterations = c.passwordIterations;
            alarmRules = c.alarmRules;
            escalationSeconds = c.escalationSeconds;
            reminderSeconds = c.reminderSeconds;
            coap = c.coap;
            secretKey = c.secretKey;
            mqttLimits = c.mqttLimits;
            store = c.store;
            ingest = c.ingest;
            webhookTargets = c.webhookTargets;
            http = c.http;
            tls = c.tls;
            logins = c.logins;
            telemetry = c.telemetry;
            hono = c.hono;
            gb26875 = c.gb26875;
            phones = c.phones;
            rosters = c.rosters;
            reportPdf = c.reportPdf;
            eventLoops = c.eventLoops;
            clock = c.clock;
        }

        GatewayConfig build() {
            return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                    escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls,
                    logins, telemetry, hono, gb26875, phones, rosters, reportPdf, eventLoops, clock);
        }
    }

    /** Like the record's, with the secret key and admin token left out: config is logged, secrets never are. */
    @Override
    public String toString() {
        return "GatewayConfig[dataDir=" + dataDir + ", bindHost=" + bindHost + ", httpPort=" + httpPort + ", mqttPort="
                + mqttPort + ", mqttLimits=" + mqttLimits + ", coap=" + coap + ", passwordIterations=" + passwordIterations + ", escalationSeconds="
                + escalationSeconds + ", reminderSeconds=" + reminderSeconds + ", adminToken="
                + (adminToken == null ? "generated" : "set") + ", secretKey=" + (secretKey == null ? "file" : "set") + ", store="
                + store + ", webhookTargets=" + webhookTargets + ", http=" + http + ", tls=" + tls + ", logins=" + logins
                + ", telemetry=" + telemetry.describe() + ", hono=" + hono + ", gb26875=" + gb26875
                + ", phones=" + phones + ", clock=" + clock + "]";
    }
}
