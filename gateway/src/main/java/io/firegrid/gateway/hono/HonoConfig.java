package io.firegrid.gateway.hono;

import io.firegrid.protocol.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the northbound connection to Eclipse Hono's AMQP adapter. Immutable. Switched
 * off unless {@code FIREGRID_HONO_URI} (or {@code FIREGRID_HONO_HOST}) is set; switched off, the
 * gateway creates nothing for Hono: no connection, no thread, no timer, no buffer file.
 *
 * @param host             the AMQP adapter's host; from {@code FIREGRID_HONO_URI}
 *                         ({@code amqp://host:port} or {@code amqps://host:port}) or
 *                         {@code FIREGRID_HONO_HOST}; {@code null} = switched off (the default)
 * @param port             {@code FIREGRID_HONO_PORT} or the URI's port; default
 *                         {@value #DEFAULT_PORT} ({@value #DEFAULT_TLS_PORT} for {@code amqps})
 * @param tls              {@code amqps} URI scheme: TLS with the JVM's trust store
 * @param username         the gateway's Hono identity {@code auth-id@tenant} (SASL PLAIN);
 *                         {@code FIREGRID_HONO_USERNAME}, required when switched on. Devices are
 *                         forwarded on behalf of when their FireGrid tenant is this tenant
 * @param password         {@code FIREGRID_HONO_PASSWORD}, required when switched on
 * @param telemetryBuffer  most telemetry messages kept on disk while Hono is away or slow; the
 *                         oldest is dropped (and counted) to make room. Events and alarms are
 *                         never dropped. {@code FIREGRID_HONO_BUFFER}, default
 *                         {@value #DEFAULT_TELEMETRY_BUFFER}
 * @param window           most messages sent and not yet settled by Hono; also bounded by the
 *                         credit Hono grants. {@code FIREGRID_HONO_WINDOW}, default
 *                         {@value #DEFAULT_WINDOW}
 * @param reconnectMin     first wait before reconnecting; {@code FIREGRID_HONO_RECONNECT_MIN_MS},
 *                         default {@value #DEFAULT_RECONNECT_MIN_MS} ms; doubles per failed attempt
 * @param reconnectMax     longest wait between attempts; {@code FIREGRID_HONO_RECONNECT_MAX_MS},
 *                         default {@value #DEFAULT_RECONNECT_MAX_MS} ms
 * @param commandTimeout   how long a device behind the gateway has to answer a command from Hono;
 *                         {@code FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS}, default
 *                         {@value #DEFAULT_COMMAND_TIMEOUT_SECONDS} s
 */
public record HonoConfig(String host, int port, boolean tls, String username, String password, int telemetryBuffer,
                         int window, Duration reconnectMin, Duration reconnectMax, Duration commandTimeout) {

    public static final int DEFAULT_PORT = 5672;
    public static final int DEFAULT_TLS_PORT = 5671;
    /** About a day of one reading a minute from 70 sensors; a few tens of MB on disk. */
    public static final int DEFAULT_TELEMETRY_BUFFER = 100_000;
    public static final int DEFAULT_WINDOW = 100;
    public static final long DEFAULT_RECONNECT_MIN_MS = 500;
    public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
    public static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 10;

    public static final Setting<String> AMQP_URI = Setting.string("FIREGRID_HONO_URI", null, "unset: off",
            "Hono's AMQP adapter, amqp://host:5672 or amqps://host:5671");
    public static final Setting<String> HOST = Setting.string("FIREGRID_HONO_HOST", null,
            "the host of FIREGRID_HONO_URI; off without either", "the AMQP adapter's host, instead of a URI (plain AMQP)");
    public static final Setting<Integer> PORT = Setting.optionalInteger("FIREGRID_HONO_PORT", 1, 65535,
            "the URI's port, else " + DEFAULT_PORT + " (" + DEFAULT_TLS_PORT + " for amqps)", "the AMQP adapter's port");
    public static final Setting<String> USERNAME = Setting.string("FIREGRID_HONO_USERNAME", null, "required when on",
            "the gateway's Hono identity auth-id@tenant");
    public static final Setting<String> PASSWORD = Setting.string("FIREGRID_HONO_PASSWORD", null, "required when on",
            "its password");
    public static final Setting<Integer> BUFFER = Setting.atLeast("FIREGRID_HONO_BUFFER", DEFAULT_TELEMETRY_BUFFER, 1,
            "telemetry kept on disk while Hono is away; oldest dropped beyond");
    public static final Setting<Integer> WINDOW = Setting.integer("FIREGRID_HONO_WINDOW", DEFAULT_WINDOW, 1, 10_000,
            "messages awaiting Hono's settlement at a time");
    public static final Setting<Duration> RECONNECT_MIN_MS = Setting.millis("FIREGRID_HONO_RECONNECT_MIN_MS",
            DEFAULT_RECONNECT_MIN_MS, 1, Integer.MAX_VALUE, "first wait before reconnecting (ms), doubling per failure");
    public static final Setting<Duration> RECONNECT_MAX_MS = Setting.millis("FIREGRID_HONO_RECONNECT_MAX_MS",
            DEFAULT_RECONNECT_MAX_MS, 1, Integer.MAX_VALUE, "longest wait between reconnects (ms)");
    public static final Setting<Duration> COMMAND_TIMEOUT_SECONDS = Setting.seconds("FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS",
            DEFAULT_COMMAND_TIMEOUT_SECONDS, 1, Integer.MAX_VALUE, "a device's time to answer a command from Hono, in seconds");

    /** Switched off. */
    public static final HonoConfig OFF = new HonoConfig(null, DEFAULT_PORT, false, null, null, DEFAULT_TELEMETRY_BUFFER,
            DEFAULT_WINDOW, Duration.ofMillis(DEFAULT_RECONNECT_MIN_MS), Duration.ofMillis(DEFAULT_RECONNECT_MAX_MS),
            Duration.ofSeconds(DEFAULT_COMMAND_TIMEOUT_SECONDS));

    public HonoConfig {
        PORT.checkInt(port);
        BUFFER.checkInt(telemetryBuffer);
        WINDOW.checkInt(window);
        RECONNECT_MIN_MS.check(reconnectMin);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException(RECONNECT_MIN_MS.name() + " must be at least 1 and at most "
                    + RECONNECT_MAX_MS.name());
        }
        COMMAND_TIMEOUT_SECONDS.check(commandTimeout);
        if (host != null) {
            if (username == null || username.indexOf('@') < 1 || username.endsWith("@")) {
                throw new IllegalArgumentException(USERNAME.name() + " must be the gateway's Hono identity "
                        + "auth-id@tenant (as registered in Hono's credentials), not '" + username + "'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(PASSWORD.name() + " is required when " + AMQP_URI.name() + " is set");
            }
        }
    }

    public boolean enabled() {
        return host != null;
    }

    /** The Hono tenant the gateway belongs to: the part of the username after {@code @}. */
    public String tenant() {
        return username.substring(username.lastIndexOf('@') + 1);
    }

    /** The gateway's own device id in Hono: the part of the username before {@code @}. */
    public String gatewayId() {
        return username.substring(0, username.lastIndexOf('@'));
    }

    /** Switched on, talking to {@code host:port} as {@code username}. */
    public static HonoConfig to(String host, int port, String username, String password) {
        return new HonoConfig(host, port, false, username, password, DEFAULT_TELEMETRY_BUFFER, DEFAULT_WINDOW,
                OFF.reconnectMin, OFF.reconnectMax, OFF.commandTimeout);
    }

    public HonoConfig withTelemetryBuffer(int size) {
        return new HonoConfig(host, port, tls, username, password, size, window, reconnectMin, reconnectMax, commandTimeout);
    }

    public HonoConfig withWindow(int n) {
        return new HonoConfig(host, port, tls, username, password, telemetryBuffer, n, reconnectMin, reconnectMax, commandTimeout);
    }

    public HonoConfig withReconnect(Duration min, Duration max) {
        return new HonoConfig(host, port, tls, username, password, telemetryBuffer, window, min, max, commandTimeout);
    }

    /** {@link #OFF} overridden by whichever {@code FIREGRID_HONO_*} variables {@code env} sets. */
    public static HonoConfig fromEnv(Map<String, String> env) {
        String uri = AMQP_URI.read(env);
        String host = HOST.read(env);
        boolean tls = false;
        int port = -1;
        if (uri != null) {
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(AMQP_URI.name() + " is not a URI: '" + uri + "'");
            }
            if (!"amqp".equals(u.getScheme()) && !"amqps".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException(AMQP_URI.name() + " must look like amqp://host:5672 or "
                        + "amqps://host:5671, not '" + uri + "'");
            }
            host = u.getHost();
            tls = "amqps".equals(u.getScheme());
            port = u.getPort();
        }
        port = PORT.find(env).orElse(port == -1 ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : port);
        return new HonoConfig(host, port, tls, USERNAME.read(env), PASSWORD.read(env), BUFFER.read(env), WINDOW.read(env),
                RECONNECT_MIN_MS.read(env), RECONNECT_MAX_MS.read(env), COMMAND_TIMEOUT_SECONDS.read(env));
    }

    @Override
    public String toString() {
        return "HonoConfig[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username
                + ", telemetryBuffer=" + telemetryBuffer + ", window=" + window + "]";
    }
}
