package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.settings.Setting;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link MqttUplink}.
 *
 * @param serverUri         the gateway's MQTT endpoint: {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param device            who connects; the MQTT username is {@code {device}@{tenant}}
 * @param password          the device's password, as registered with the gateway
 * @param persistenceDir    where the outbox keeps messages until the gateway acknowledges them
 * @param keepAlive         MQTT keep-alive; default {@link #DEFAULT_KEEP_ALIVE}
 * @param sessionExpiry     how long the gateway keeps the session (clean start is off); default
 *                          {@link #DEFAULT_SESSION_EXPIRY}
 * @param maxReconnectDelay longest wait between connection attempts; default {@link #DEFAULT_MAX_RECONNECT_DELAY}
 * @param outboxMaxBytes    bound on the outbox, see {@link OutboxOptions#maxBytes()}; default
 *                          {@link OutboxOptions#DEFAULT_MAX_BYTES} (8 MiB)
 * @param tls               for {@code ssl://}: the site CA, the only one trusted; null (the default)
 *                          leaves the JVM's trusted CAs for {@code ssl://} and is required for {@code tcp://}
 */
public record MqttUplinkOptions(URI serverUri, DeviceId device, String password, Path persistenceDir,
        Duration keepAlive, Duration sessionExpiry, Duration maxReconnectDelay, long outboxMaxBytes, SiteTrust tls) {

    /** The agent's variables that configure this uplink; read by the agent's {@code AgentConfig}, named in reasons here. */
    /** The gateway on this machine, plain MQTT. */
    public static final String DEFAULT_URI = "tcp://localhost:1883";
    public static final Setting<String> URI_SETTING = Setting.string("FIREGRID_MQTT_URI", DEFAULT_URI, null,
            "gateway MQTT endpoint; over TLS ssl://GATEWAY:8883");
    public static final Setting<Path> CA_SETTING = Setting.path("FIREGRID_MQTT_CA", null, "none: ssl:// trusts Java's CAs",
            "the site CA (the gateway's ca.pem, in the bundle): with ssl://, only it is trusted and the certificate "
                    + "must name the URI's host");
    public static final Setting<Path> CLIENT_CERT_SETTING = Setting.path("FIREGRID_MQTT_CLIENT_CERT", null, "none",
            "with FIREGRID_MQTT_CA: the device's TLS certificate (PEM), sent when the gateway asks");
    public static final Setting<Path> CLIENT_KEY_SETTING = Setting.path("FIREGRID_MQTT_CLIENT_KEY", null, "none",
            "the key (PKCS#8 PEM) of FIREGRID_MQTT_CLIENT_CERT");

    /** 30 s: the gateway notices a dead link within 45 s, inside the 100 s allowed for a device fault (GB 29364). */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** 1 day: subscriptions and queued commands survive a day-long outage. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    /** 10 s: after the network returns, an alarm waits at most this long for the next attempt. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(10);

    public MqttUplinkOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(persistenceDir, "persistenceDir");
        requirePositive("keepAlive", keepAlive);
        requirePositive("sessionExpiry", sessionExpiry);
        requirePositive("maxReconnectDelay", maxReconnectDelay);
        if (outboxMaxBytes < OutboxOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("outboxMaxBytes should be at least " + OutboxOptions.MIN_MAX_BYTES
                    + ", was " + outboxMaxBytes);
        }
        if (tls != null && !("ssl".equals(serverUri.getScheme()) || "wss".equals(serverUri.getScheme()))) {
            throw new IllegalArgumentException("a site CA is given but " + serverUri + " is not ssl:// or wss://");
        }
    }

    /** Options without a site CA. */
    public MqttUplinkOptions(URI serverUri, DeviceId device, String password, Path persistenceDir,
            Duration keepAlive, Duration sessionExpiry, Duration maxReconnectDelay, long outboxMaxBytes) {
        this(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry, maxReconnectDelay, outboxMaxBytes, null);
    }

    /** Options with every default. */
    public static MqttUplinkOptions of(URI serverUri, DeviceId device, String password, Path persistenceDir) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, DEFAULT_KEEP_ALIVE,
                DEFAULT_SESSION_EXPIRY, DEFAULT_MAX_RECONNECT_DELAY, OutboxOptions.DEFAULT_MAX_BYTES);
    }

    /** A copy with a different longest reconnect delay (tests shorten it). */
    public MqttUplinkOptions withMaxReconnectDelay(Duration delay) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry, delay,
                outboxMaxBytes, tls);
    }

    /** A copy that connects over TLS trusting only {@code siteCa}; the URI must be {@code ssl://} or {@code wss://}. */
    public MqttUplinkOptions withTls(SiteTrust siteCa) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry,
                maxReconnectDelay, outboxMaxBytes, siteCa);
    }

    @Override
    public String toString() {
        return "MqttUplinkOptions[serverUri=" + serverUri + ", device=" + device + ", password=***, persistenceDir="
                + persistenceDir + ", keepAlive=" + keepAlive + ", sessionExpiry=" + sessionExpiry
                + ", maxReconnectDelay=" + maxReconnectDelay + ", outboxMaxBytes=" + outboxMaxBytes
                + (tls == null ? "" : ", tls=" + tls) + "]";
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " should be positive, was " + d);
        }
    }
}
