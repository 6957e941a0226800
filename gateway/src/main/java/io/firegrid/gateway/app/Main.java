package io.firegrid.gateway.app;

import io.firegrid.protocol.FireGridException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar firegrid-gateway.jar}: runs a gateway configured from {@code FIREGRID_*}
 * environment variables until it is stopped (SIGINT/SIGTERM).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(HELP);
            return;
        }
        GatewayConfig config;
        Gateway gateway;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
            gateway = Gateway.start(config, io.firegrid.gateway.telemetry.TelemetryConfig.fromEnv(System.getenv()),
                    io.firegrid.gateway.hono.HonoConfig.fromEnv(System.getenv()), java.time.Clock.systemUTC());
        } catch (IllegalArgumentException | FireGridException e) {
            System.err.println("firegrid gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        // the store can no longer take alarms: end the process so that its supervisor (systemd,
        // Restart=always) starts it afresh; halt, not exit, as shutdown hooks would wait on the dead store
        gateway.onFatal(t -> {
            System.err.println("firegrid gateway: the store stopped (" + t + "); exiting so the gateway is restarted");
            Runtime.getRuntime().halt(70);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        java.util.List<String> consoles = new java.util.ArrayList<>();
        if (gateway.httpPort() >= 0) {
            consoles.add("http://localhost:" + gateway.httpPort() + "/");
        }
        if (gateway.httpsPort() >= 0) {
            consoles.add("https://localhost:" + gateway.httpsPort() + "/");
        }
        System.out.println("FireGrid gateway running: console " + (consoles.isEmpty() ? "off" : String.join(" ", consoles))
                + "  MQTT port " + port(gateway.mqttPort()) + "  MQTTS port " + port(gateway.mqttsPort())
                + "  CoAP port " + port(gateway.coapPort()) + "  CoAP/DTLS port " + port(gateway.coapsPort())
                + "  data " + gateway.dataDir());
        gateway.tls().ifPresent(tls -> System.out.println("TLS: " + tls.describe()
                + "; devices and browsers trust it from GET /ca.pem"));
        stopped.await();
    }

    /** A bound port, or "off" for an endpoint switched off (-1). */
    private static String port(int port) {
        return port < 0 ? "off" : String.valueOf(port);
    }

    static final String HELP = """
            Usage: firegrid gateway

            Runs the FireGrid gateway: MQTT and CoAP endpoints for devices, HTTP API, live alarm stream and
            the crew console. Stop it with Ctrl-C.

            Environment (defaults in brackets):
              FIREGRID_DATA_DIR            store, admin token, ports.json [./data]
              FIREGRID_BIND_HOST           address to bind [0.0.0.0]
              FIREGRID_PROFILE             development or production; production switches plain HTTP and
                                           MQTT off unless their ports are set [development]
              FIREGRID_HTTP_PORT           HTTP API and console; 0 = any free port, -1 = off
                                           [8080; -1 in production]
              FIREGRID_HTTPS_PORT          HTTPS API and console; 0 = any free port, -1 = off [8443]
              FIREGRID_MQTT_PORT           MQTT for devices; 0 = any free port, -1 = off [1883; -1 in production]
              FIREGRID_MQTTS_PORT          MQTT over TLS for devices; 0 = any free port, -1 = off [8883]
              FIREGRID_TLS_CERT, FIREGRID_TLS_KEY  server certificate chain and key (PEM), reloaded when they
                                           change [unset: a site CA made in $FIREGRID_DATA_DIR/ca.pem signs one]
              FIREGRID_TLS_CA              CA (PEM) that device client certificates chain to
                                           [the site CA; none with FIREGRID_TLS_CERT]
              FIREGRID_TLS_HOSTNAMES       further names/addresses for the generated server certificate,
                                           comma-separated [none; localhost, 127.0.0.1, ::1, host name always]
              FIREGRID_TLS_RELOAD_SECONDS  how often certificate files are checked for changes [10]
              FIREGRID_MQTT_MAX_CONNECTIONS  MQTT sockets open at once, before CONNECT included;
                                           beyond it a socket is closed unread [10000]
              FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS  MQTT sockets from one IP address [256]
              FIREGRID_MQTT_CONNECT_RATE   CONNECTs handled per second; beyond it CONNACK
                                           "connection rate exceeded" [100]
              FIREGRID_MQTT_CONNECT_BURST  CONNECTs handled at once above the rate [200]
              FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS  a socket without a complete CONNECT is closed after [10]
              FIREGRID_MQTT_MAX_CONNECT_BYTES  larger CONNECT packets are closed unread [2048]
              FIREGRID_MQTT_RECEIVE_MAXIMUM  messages of one connection waiting for the store; the socket
                                           is not read beyond it; announced to MQTT 5 clients [32]
              FIREGRID_HTTP_HEADER_TIMEOUT_SECONDS  an HTTP connection without complete request
                                           headers is closed after [10]
              FIREGRID_HTTP_IDLE_TIMEOUT_SECONDS  an HTTP connection with no traffic is closed after [60]
              FIREGRID_HTTP_MAX_BODY_BYTES larger request bodies are refused 413 [65536]
              FIREGRID_HTTP_MAX_CONNECTIONS  HTTP connections open at once; beyond it closed unread [2000]
              FIREGRID_LOGIN_DELAY_AFTER   failed logins of one {device}@{tenant} before each further
                                           attempt is answered late [5]
              FIREGRID_LOGIN_BLOCK_AFTER   failed logins of one name before it is refused unchecked [20]
              FIREGRID_LOGIN_ADDRESS_DELAY_AFTER / _ADDRESS_BLOCK_AFTER  the same per source address [20 / 100]
              FIREGRID_LOGIN_DELAY_MS / _MAX_DELAY_MS  first delay, doubling up to [250 / 8000]
              FIREGRID_LOGIN_BLOCK_SECONDS  a block lasts, and failures are remembered, for [900]
              FIREGRID_LOGIN_MAX_KEYS      names and addresses tracked, least recently used dropped [20000]
              FIREGRID_COAP_PORT           plain CoAP (UDP); 0 = any free port, -1 = off [5683]
              FIREGRID_COAPS_PORT          CoAP over DTLS, PSK identity {device}@{tenant}; -1 = off [5684]
              FIREGRID_COAP_UNAUTHENTICATED  accept /event/{tenant}/{device} on plain CoAP without
                                           credentials; only on networks that authenticate devices [false]
              FIREGRID_COAP_MAX_IN_FLIGHT  CoAP messages waiting for the store before 5.03 [2048]
              FIREGRID_SECRET_KEY          64 hex digits encrypting device PSKs and webhook secrets at rest
                                           [generated into $FIREGRID_DATA_DIR/secret.key, mode 600]
              FIREGRID_ADMIN_TOKEN         admin bearer token [generated into $FIREGRID_DATA_DIR/admin-token]
              FIREGRID_PASSWORD_ITERATIONS PBKDF2 iterations for device passwords [100000]
              FIREGRID_DOOR_HELD_OPEN_SECONDS  fire door open longer than this: supervisory alarm [120]
              FIREGRID_OFFLINE_SECONDS     device connection gone longer than this: trouble alarm [100]
              FIREGRID_SILENT_SECONDS      CoAP device silent longer than this (unless registered with
                                           its own maxSilenceSeconds): trouble alarm offline [200]
              FIREGRID_ESCALATION_SECONDS  unacknowledged alarm escalates after [60]
              FIREGRID_REMINDER_SECONDS    re-notify interval after escalation [60]
              FIREGRID_WEBHOOK_ALLOW_CIDRS address ranges webhooks may reach besides public addresses,
                                           comma separated, e.g. 192.168.10.0/24,fd00:1::/64 [none]
              FIREGRID_EXIT_BLOCKED_SECONDS  exit reported blocked longer than this: supervisory alarm [60]

            Store and overload (docs/overload.md):
              FIREGRID_STORE_ALARM_QUEUE   events and alarm changes waiting for the store before refusal [20000]
              FIREGRID_STORE_TELEMETRY_QUEUE  readings waiting for the store before refusal [5000]
              FIREGRID_DISK_RESERVE_MB     readings refused while the disk has less free, kept for events [64]
              FIREGRID_TELEMETRY_RETENTION_DAYS  raw readings kept in the store for; events stay [7]
              FIREGRID_MAX_UNREGISTERED_SENSORS  sensors a device may report without registering them [24]

            Telemetry (docs/telemetry.md); without FIREGRID_INFLUX_URL an embedded history is kept:
              FIREGRID_INFLUX_URL          InfluxDB, e.g. http://localhost:8086 [none]
              FIREGRID_INFLUX_API          v1 (also InfluxDB 2.x/3.x compatibility API) or v2 [v1]
              FIREGRID_INFLUX_DB           v1 database [firegrid]
              FIREGRID_INFLUX_RP           v1 retention policy [the database's default]
              FIREGRID_INFLUX_USER, FIREGRID_INFLUX_PASSWORD  v1 credentials [none]
              FIREGRID_INFLUX_TOKEN, FIREGRID_INFLUX_ORG      v2 credentials [required for v2]
              FIREGRID_INFLUX_BUCKET       v2 bucket [firegrid]
              FIREGRID_INFLUX_BATCH        points per write [5000]
              FIREGRID_INFLUX_FLUSH_MS     a partial batch is written after [1000]
              FIREGRID_INFLUX_TIMEOUT_MS   timeout of one write [5000]
              FIREGRID_INFLUX_BUFFER_MB    on-disk buffer while InfluxDB is away; oldest dropped beyond [100]
              FIREGRID_HISTORY_DAYS        embedded history kept for [30]
              FIREGRID_HISTORY_BUCKET_SECONDS  embedded history downsampled to [60]

            Northbound to Eclipse Hono's AMQP adapter (off unless FIREGRID_HONO_URI is set; see docs/hono.md):
              FIREGRID_HONO_URI            amqp://host:5672 or amqps://host:5671 [unset: off]
              FIREGRID_HONO_USERNAME       the gateway's Hono identity auth-id@tenant [required when on]
              FIREGRID_HONO_PASSWORD       its password [required when on]
              FIREGRID_HONO_BUFFER         telemetry kept on disk while Hono is away; oldest dropped beyond [100000]
              FIREGRID_HONO_WINDOW         messages awaiting Hono's settlement at a time [100]
              FIREGRID_HONO_RECONNECT_MIN_MS / _MAX_MS  reconnect backoff [500 / 30000]
              FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS     a device's time to answer a command from Hono [10]

            The bound ports are logged and written to $FIREGRID_DATA_DIR/ports.json (keys http, https, mqtt,
            mqtts, coap, coaps; -1 = off). TLS, the site CA and client certificates: docs/tls.md.
            """;
}
