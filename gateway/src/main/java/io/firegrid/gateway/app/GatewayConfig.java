package io.firegrid.gateway.app;

import io.firegrid.gateway.alarm.AlarmRules;
import io.firegrid.gateway.coap.CoapOptions;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.dispatch.Escalation;
import io.firegrid.gateway.ingest.IngestOptions;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.webhook.WebhookTargets;
import io.firegrid.gateway.http.HttpLimits;
import io.firegrid.gateway.tls.TlsOptions;
import io.firegrid.gateway.device.LoginLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of one gateway. Immutable; every key can be set by an environment variable.
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
 */
public record GatewayConfig(Path dataDir, String bindHost, int httpPort, int mqttPort, String adminToken,
                            int passwordIterations, AlarmRules alarmRules, int escalationSeconds, int reminderSeconds,
                            CoapOptions coap, String secretKey, MqttLimits mqttLimits, StoreOptions store,
                            IngestOptions ingest, WebhookTargets webhookTargets, HttpLimits http, TlsOptions tls, LoginLimits logins) {

    public static final String DEFAULT_DATA_DIR = "data";
    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_ESCALATION_SECONDS = 60;
    public static final int DEFAULT_REMINDER_SECONDS = 60;

    public GatewayConfig {
        requirePort("FIREGRID_HTTP_PORT", httpPort);
        requirePort("FIREGRID_MQTT_PORT", mqttPort);
        Objects.requireNonNull(coap, "coap");
        Objects.requireNonNull(mqttLimits, "mqttLimits");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(webhookTargets, "webhookTargets");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(logins, "logins");
        if (passwordIterations < 1_000) {
            throw new IllegalArgumentException("FIREGRID_PASSWORD_ITERATIONS must be at least 1000, not " + passwordIterations);
        }
        Objects.requireNonNull(alarmRules, "alarmRules");
        if (escalationSeconds < 1 || reminderSeconds < 1) {
            throw new IllegalArgumentException("FIREGRID_ESCALATION_SECONDS and FIREGRID_REMINDER_SECONDS must be at least 1");
        }
        if (adminToken != null && adminToken.length() < 8) {
            throw new IllegalArgumentException("FIREGRID_ADMIN_TOKEN must be at least 8 characters long");
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(Path.of(DEFAULT_DATA_DIR), DEFAULT_BIND_HOST, DEFAULT_HTTP_PORT, DEFAULT_MQTT_PORT,
                null, PasswordHasher.DEFAULT_ITERATIONS, AlarmRules.DEFAULTS, DEFAULT_ESCALATION_SECONDS,
                DEFAULT_REMINDER_SECONDS, CoapOptions.DEFAULTS, null, MqttLimits.DEFAULTS,
                StoreOptions.DEFAULTS, IngestOptions.DEFAULTS, WebhookTargets.DEFAULTS, HttpLimits.DEFAULTS, TlsOptions.DEFAULTS, LoginLimits.DEFAULTS);
    }

    /** The defaults overridden by whichever {@code FIREGRID_*} variables {@code env} sets. */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        GatewayConfig c = defaults().withTls(TlsOptions.fromEnv(env));
        if (c.tls().profile() == TlsOptions.Profile.PRODUCTION) {
            // clear text off unless FIREGRID_HTTP_PORT / FIREGRID_MQTT_PORT below switch it on
            c = c.withHttpPort(-1).withMqttPort(-1);
        }
        String v;
        if ((v = env.get("FIREGRID_DATA_DIR")) != null && !v.isBlank()) {
            c = c.withDataDir(Path.of(v));
        }
        if ((v = env.get("FIREGRID_BIND_HOST")) != null && !v.isBlank()) {
            c = c.withBindHost(v);
        }
        if ((v = env.get("FIREGRID_HTTP_PORT")) != null && !v.isBlank()) {
            c = c.withHttpPort(parseInt("FIREGRID_HTTP_PORT", v));
        }
        if ((v = env.get("FIREGRID_MQTT_PORT")) != null && !v.isBlank()) {
            c = c.withMqttPort(parseInt("FIREGRID_MQTT_PORT", v));
        }
        if ((v = env.get("FIREGRID_ADMIN_TOKEN")) != null && !v.isBlank()) {
            c = c.withAdminToken(v);
        }
        if ((v = env.get("FIREGRID_PASSWORD_ITERATIONS")) != null && !v.isBlank()) {
            c = c.withPasswordIterations(parseInt("FIREGRID_PASSWORD_ITERATIONS", v));
        }
        if ((v = env.get("FIREGRID_DOOR_HELD_OPEN_SECONDS")) != null && !v.isBlank()) {
            c = c.withAlarmRules(c.alarmRules().withDoorHeldOpenLimit(seconds("FIREGRID_DOOR_HELD_OPEN_SECONDS", v)));
        }
        if ((v = env.get("FIREGRID_EXIT_BLOCKED_SECONDS")) != null && !v.isBlank()) {
            c = c.withAlarmRules(c.alarmRules().withExitBlockedLimit(seconds("FIREGRID_EXIT_BLOCKED_SECONDS", v)));
        }
        if ((v = env.get("FIREGRID_OFFLINE_SECONDS")) != null && !v.isBlank()) {
            c = c.withAlarmRules(c.alarmRules().withOfflineAfter(seconds("FIREGRID_OFFLINE_SECONDS", v)));
        }
        if ((v = env.get("FIREGRID_SILENT_SECONDS")) != null && !v.isBlank()) {
            c = c.withAlarmRules(c.alarmRules().withSilentAfter(seconds("FIREGRID_SILENT_SECONDS", v)));
        }
        if ((v = env.get("FIREGRID_ESCALATION_SECONDS")) != null && !v.isBlank()) {
            c = c.withEscalationSeconds(parseInt("FIREGRID_ESCALATION_SECONDS", v));
        }
        if ((v = env.get("FIREGRID_REMINDER_SECONDS")) != null && !v.isBlank()) {
            c = c.withReminderSeconds(parseInt("FIREGRID_REMINDER_SECONDS", v));
        }
        if ((v = env.get("FIREGRID_COAP_PORT")) != null && !v.isBlank()) {
            c = c.withCoap(c.coap().withPorts(parseInt("FIREGRID_COAP_PORT", v), c.coap().securePort()));
        }
        if ((v = env.get("FIREGRID_COAPS_PORT")) != null && !v.isBlank()) {
            c = c.withCoap(c.coap().withPorts(c.coap().port(), parseInt("FIREGRID_COAPS_PORT", v)));
        }
        if ((v = env.get("FIREGRID_COAP_UNAUTHENTICATED")) != null && !v.isBlank()) {
            if (!v.strip().equals("true") && !v.strip().equals("false")) {
                throw new IllegalArgumentException("FIREGRID_COAP_UNAUTHENTICATED must be true or false, not '" + v + "'");
            }
            c = c.withCoap(c.coap().withAllowUnauthenticated(Boolean.parseBoolean(v.strip())));
        }
        if ((v = env.get("FIREGRID_COAP_MAX_IN_FLIGHT")) != null && !v.isBlank()) {
            c = c.withCoap(c.coap().withMaxInFlight(parseInt("FIREGRID_COAP_MAX_IN_FLIGHT", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_MAX_CONNECTIONS")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withMaxConnections(parseInt("FIREGRID_MQTT_MAX_CONNECTIONS", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withMaxConnectionsPerAddress(
                    parseInt("FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_CONNECT_RATE")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withConnectRate(parseInt("FIREGRID_MQTT_CONNECT_RATE", v),
                    c.mqttLimits().connectBurst()));
        }
        if ((v = env.get("FIREGRID_MQTT_CONNECT_BURST")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withConnectRate(c.mqttLimits().connectRate(),
                    parseInt("FIREGRID_MQTT_CONNECT_BURST", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withConnectTimeoutSeconds(
                    parseInt("FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_MAX_CONNECT_BYTES")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withMaxConnectBytes(parseInt("FIREGRID_MQTT_MAX_CONNECT_BYTES", v)));
        }
        if ((v = env.get("FIREGRID_MQTT_RECEIVE_MAXIMUM")) != null && !v.isBlank()) {
            c = c.withMqttLimits(c.mqttLimits().withReceiveMaximum(parseInt("FIREGRID_MQTT_RECEIVE_MAXIMUM", v)));
        }
        if ((v = env.get("FIREGRID_SECRET_KEY")) != null && !v.isBlank()) {
            c = c.withSecretKey(v.strip());
        }
        return c.withStore(c.store().withEnv(env)).withIngest(c.ingest().withEnv(env))
                .withWebhookTargets(WebhookTargets.fromEnv(env))
                .withHttp(HttpLimits.fromEnv(env))
                .withLogins(LoginLimits.fromEnv(env));
    }

    public GatewayConfig withLogins(LoginLimits value) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules, escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, value);
    }

    public GatewayConfig withTls(TlsOptions value) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules, escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, value, logins);
    }

    public GatewayConfig withHttp(HttpLimits value) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules, escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, value, tls, logins);
    }

    public GatewayConfig withCoap(CoapOptions options) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, options, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withMqttLimits(MqttLimits limits) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, limits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withStore(StoreOptions options) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, options, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withIngest(IngestOptions options) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, options, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withWebhookTargets(WebhookTargets targets) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, targets, http, tls, logins);
    }

    public GatewayConfig withSecretKey(String hexKey) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, hexKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(dir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withBindHost(String host) {
        return new GatewayConfig(dataDir, host, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(dataDir, bindHost, port, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withMqttPort(int port) {
        return new GatewayConfig(dataDir, bindHost, httpPort, port, adminToken, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withAdminToken(String token) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, token, passwordIterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withPasswordIterations(int iterations) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, iterations, alarmRules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withAlarmRules(AlarmRules rules) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, rules,
                escalationSeconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withEscalationSeconds(int seconds) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                seconds, reminderSeconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    public GatewayConfig withReminderSeconds(int seconds) {
        return new GatewayConfig(dataDir, bindHost, httpPort, mqttPort, adminToken, passwordIterations, alarmRules,
                escalationSeconds, seconds, coap, secretKey, mqttLimits, store, ingest, webhookTargets, http, tls, logins);
    }

    /** The escalation timing these settings ask for. */
    public Escalation escalation() {
        return new Escalation(Duration.ofSeconds(escalationSeconds), Duration.ofSeconds(reminderSeconds));
    }

    private static Duration seconds(String key, String value) {
        int s = parseInt(key, value);
        if (s < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + s);
        }
        return Duration.ofSeconds(s);
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    private static void requirePort(String key, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be between 0 and 65535 (0 = any free port, -1 = off), not "
                    + port);
        }
    }

    /** Like the record's, with the secret key and admin token left out: config is logged, secrets never are. */
    @Override
    public String toString() {
        return "GatewayConfig[dataDir=" + dataDir + ", bindHost=" + bindHost + ", httpPort=" + httpPort + ", mqttPort="
                + mqttPort + ", mqttLimits=" + mqttLimits + ", coap=" + coap + ", passwordIterations=" + passwordIterations + ", escalationSeconds="
                + escalationSeconds + ", reminderSeconds=" + reminderSeconds + ", adminToken="
                + (adminToken == null ? "generated" : "set") + ", secretKey=" + (secretKey == null ? "file" : "set") + ", store="
                + store + ", webhookTargets=" + webhookTargets + ", http=" + http + ", tls=" + tls + ", logins=" + logins + "]";
    }
}
