package io.firegrid.agent.uplink;

import io.firegrid.agent.outbox.OutboxOptions;
import io.firegrid.protocol.DeviceId;
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
 * @param maxReconnectDelay the cap of the reconnect backoff: the longest wait between connection attempts,
 *                          unless the gateway refused for load (then up to {@code busyBackoff} more); default
 *                          {@link #DEFAULT_MAX_RECONNECT_DELAY}
 * @param outboxMaxBytes    bound on the outbox, see {@link OutboxOptions#maxBytes()}; default
 *                          {@link OutboxOptions#DEFAULT_MAX_BYTES} (8 MiB)
 * @param reconnectBase     the first window of the reconnect backoff: the first wait after a lost connection
 *                          is drawn from {@code [0, reconnectBase]}, the window doubling with each failed attempt
 *                          up to {@code maxReconnectDelay} ("full jitter"); default {@link #DEFAULT_RECONNECT_BASE}
 * @param busyBackoff       the least wait after the gateway refused or closed the connection for load (0x89
 *                          server busy, 0x9F connection rate exceeded, 0x97 quota exceeded on CONNECT); the
 *                          jitter is added to it; default {@link #DEFAULT_BUSY_BACKOFF}
 */
public record MqttUplinkOptions(URI serverUri, DeviceId device, String password, Path persistenceDir,
        Duration keepAlive, Duration sessionExpiry, Duration maxReconnectDelay, long outboxMaxBytes,
        Duration reconnectBase, Duration busyBackoff) {

    /** 30 s: the gateway notices a dead link within 45 s, inside the 100 s allowed for a device fault (GB 29364). */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** 1 day: subscriptions and queued commands survive a day-long outage. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    /** 10 s: after the network returns, an alarm waits at most this long for the next attempt. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(10);
    /**
     * 1 s: after a gateway restart the agents of a community come back spread over the first second,
     * and an agent whose link merely blinked is back within it.
     */
    public static final Duration DEFAULT_RECONNECT_BASE = Duration.ofSeconds(1);
    /**
     * 5 s: a gateway that said it is busy gets at least five seconds before this agent asks again, half
     * the 10 s an alarm may take to the monitoring centre (GB 26875.1); the jitter on top spreads the
     * agents it refused together.
     */
    public static final Duration DEFAULT_BUSY_BACKOFF = Duration.ofSeconds(5);

    public MqttUplinkOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(persistenceDir, "persistenceDir");
        requirePositive("keepAlive", keepAlive);
        requirePositive("sessionExpiry", sessionExpiry);
        requirePositive("maxReconnectDelay", maxReconnectDelay);
        requirePositive("reconnectBase", reconnectBase);
        requirePositive("busyBackoff", busyBackoff);
        if (outboxMaxBytes < OutboxOptions.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("outboxMaxBytes should be at least " + OutboxOptions.MIN_MAX_BYTES
                    + ", was " + outboxMaxBytes);
        }
    }

    /** Options with {@link #DEFAULT_RECONNECT_BASE} and {@link #DEFAULT_BUSY_BACKOFF}. */
    public MqttUplinkOptions(URI serverUri, DeviceId device, String password, Path persistenceDir,
            Duration keepAlive, Duration sessionExpiry, Duration maxReconnectDelay, long outboxMaxBytes) {
        this(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry, maxReconnectDelay, outboxMaxBytes,
                DEFAULT_RECONNECT_BASE, DEFAULT_BUSY_BACKOFF);
    }

    /** Options with every default. */
    public static MqttUplinkOptions of(URI serverUri, DeviceId device, String password, Path persistenceDir) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, DEFAULT_KEEP_ALIVE,
                DEFAULT_SESSION_EXPIRY, DEFAULT_MAX_RECONNECT_DELAY, OutboxOptions.DEFAULT_MAX_BYTES);
    }

    /** A copy with a different longest reconnect delay (tests shorten it). */
    public MqttUplinkOptions withMaxReconnectDelay(Duration delay) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry, delay,
                outboxMaxBytes, reconnectBase, busyBackoff);
    }

    /** A copy with a different first backoff window (tests shorten it). */
    public MqttUplinkOptions withReconnectBase(Duration base) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry,
                maxReconnectDelay, outboxMaxBytes, base, busyBackoff);
    }

    /** A copy with a different least wait after a busy refusal. */
    public MqttUplinkOptions withBusyBackoff(Duration floor) {
        return new MqttUplinkOptions(serverUri, device, password, persistenceDir, keepAlive, sessionExpiry,
                maxReconnectDelay, outboxMaxBytes, reconnectBase, floor);
    }

    @Override
    public String toString() {
        return "MqttUplinkOptions[serverUri=" + serverUri + ", device=" + device + ", password=***, persistenceDir="
                + persistenceDir + ", keepAlive=" + keepAlive + ", sessionExpiry=" + sessionExpiry
                + ", maxReconnectDelay=" + maxReconnectDelay + ", outboxMaxBytes=" + outboxMaxBytes
                + ", reconnectBase=" + reconnectBase + ", busyBackoff=" + busyBackoff + "]";
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " should be positive, was " + d);
        }
    }
}
