package io.firegrid.gateway.hono;

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

    /** Switched off. */
    public static final HonoConfig OFF = new HonoConfig(null, DEFAULT_PORT, false, null, null, DEFAULT_TELEMETRY_BUFFER,
            DEFAULT_WINDOW, Duration.ofMillis(DEFAULT_RECONNECT_MIN_MS), Duration.ofMillis(DEFAULT_RECONNECT_MAX_MS),
            Duration.ofSeconds(DEFAULT_COMMAND_TIMEOUT_SECONDS));

    public HonoConfig {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("FIREGRID_HONO_PORT must be between 1 and 65535, not " + port);
        }
        if (telemetryBuffer < 1) {
            throw new IllegalArgumentException("FIREGRID_HONO_BUFFER must be at least 1, not " + telemetryBuffer);
        }
        if (window < 1 || window > 10_000) {
            throw new IllegalArgumentException("FIREGRID_HONO_WINDOW must be between 1 and 10000, not " + window);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("FIREGRID_HONO_RECONNECT_MIN_MS must be at least 1 and at most "
                    + "FIREGRID_HONO_RECONNECT_MAX_MS");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS must be at least 1");
        }
        if (host != null) {
            if (username == null || username.indexOf('@') < 1 || username.endsWith("@")) {
                throw new IllegalArgumentException("FIREGRID_HONO_USERNAME must be the gateway's Hono identity "
                        + "auth-id@tenant (as registered in Hono's credentials), not '" + username + "'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("FIREGRID_HONO_PASSWORD is required when FIREGRID_HONO_URI is set");
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
        String uri = get(env, "FIREGRID_HONO_URI");
        String host = get(env, "FIREGRID_HONO_HOST");
        boolean tls = false;
        int port = -1;
        if (uri != null) {
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("FIREGRID_HONO_URI is not a URI: '" + uri + "'");
            }
            if (!"amqp".equals(u.getScheme()) && !"amqps".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("FIREGRID_HONO_URI must look like amqp://host:5672 or "
                        + "amqps://host:5671, not '" + uri + "'");
            }
            host = u.getHost();
            tls = "amqps".equals(u.getScheme());
            port = u.getPort();
        }
        String p = get(env, "FIREGRID_HONO_PORT");
        if (p != null) {
            port = parseInt("FIREGRID_HONO_PORT", p);
        }
        if (port == -1) {
            port = tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
        }
        String v;
        int buffer = (v = get(env, "FIREGRID_HONO_BUFFER")) == null ? DEFAULT_TELEMETRY_BUFFER : parseInt("FIREGRID_HONO_BUFFER", v);
        int window = (v = get(env, "FIREGRID_HONO_WINDOW")) == null ? DEFAULT_WINDOW : parseInt("FIREGRID_HONO_WINDOW", v);
        long min = (v = get(env, "FIREGRID_HONO_RECONNECT_MIN_MS")) == null ? DEFAULT_RECONNECT_MIN_MS
                : parseInt("FIREGRID_HONO_RECONNECT_MIN_MS", v);
        long max = (v = get(env, "FIREGRID_HONO_RECONNECT_MAX_MS")) == null ? DEFAULT_RECONNECT_MAX_MS
                : parseInt("FIREGRID_HONO_RECONNECT_MAX_MS", v);
        int timeout = (v = get(env, "FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS")) == null ? DEFAULT_COMMAND_TIMEOUT_SECONDS
                : parseInt("FIREGRID_HONO_COMMAND_TIMEOUT_SECONDS", v);
        return new HonoConfig(host, port, tls, get(env, "FIREGRID_HONO_USERNAME"), get(env, "FIREGRID_HONO_PASSWORD"),
                buffer, window, Duration.ofMillis(min), Duration.ofMillis(max), Duration.ofSeconds(timeout));
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "HonoConfig[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username
                + ", telemetryBuffer=" + telemetryBuffer + ", window=" + window + "]";
    }
}
