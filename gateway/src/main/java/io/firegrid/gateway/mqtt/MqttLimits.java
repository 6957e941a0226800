package io.firegrid.gateway.mqtt;

import java.util.Map;
import io.firegrid.protocol.settings.Setting;

/**
 * The bounds of the MQTT endpoint: how many connections it holds, how fast it lets new ones in,
 * how much a connection may send before it has said who it is, and how many of its messages may
 * wait for the store. Immutable; each bound is set by an environment variable and has a default
 * chosen for the reference machine (2 cores, a process limit of 20,000 open files, one gateway per
 * community of a few thousand devices).
 *
 * <p>What happens at each bound: a socket beyond {@code maxConnections} or
 * {@code maxConnectionsPerAddress} is closed before anything is read from it; a connection whose
 * first packet is not a CONNECT, is larger than {@code maxConnectBytes}, or is not complete within
 * {@code connectTimeoutSeconds} is closed; a CONNECT beyond the connection rate is answered with
 * CONNACK 0x9F (MQTT 5) or 3 (3.1.1); a connection with {@code receiveMaximum} messages waiting for
 * the store is not read until one of them is stored, and an MQTT 5 client that sends more
 * unacknowledged QoS 1 messages than that is disconnected with 0x93; a reading the store has no room
 * for is held (the connection not read) for at most {@code holdSeconds}, then the connection is
 * disconnected with 0x89 (3.1.1: closed). Every refusal is counted in
 * {@code firegrid_refused_total{protocol="mqtt",code=...}}.
 *
 * @param maxConnections           MQTT sockets open at once, counting those that have not sent their
 *                                 CONNECT yet; {@code FIREGRID_MQTT_MAX_CONNECTIONS}, default
 *                                 {@value #DEFAULT_MAX_CONNECTIONS}
 * @param maxConnectionsPerAddress MQTT sockets open at once from one IP address;
 *                                 {@code FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS}, default
 *                                 {@value #DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}
 * @param connectRate              CONNECTs handled per second, on average; {@code FIREGRID_MQTT_CONNECT_RATE},
 *                                 default {@value #DEFAULT_CONNECT_RATE}
 * @param connectBurst             CONNECTs handled at once after a quiet spell, above the rate;
 *                                 {@code FIREGRID_MQTT_CONNECT_BURST}, default {@value #DEFAULT_CONNECT_BURST}
 * @param connectTimeoutSeconds    longest time from the TCP connection to a complete CONNECT;
 *                                 {@code FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS}, default
 *                                 {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS}
 * @param maxConnectBytes          largest CONNECT packet, header included;
 *                                 {@code FIREGRID_MQTT_MAX_CONNECT_BYTES}, default {@value #DEFAULT_MAX_CONNECT_BYTES}
 * @param receiveMaximum           messages of one connection waiting for the store (QoS 0 included),
 *                                 announced to MQTT 5 clients as Receive Maximum;
 *                                 {@code FIREGRID_MQTT_RECEIVE_MAXIMUM}, default {@value #DEFAULT_RECEIVE_MAXIMUM}
 * @param holdSeconds              longest a reading refused {@code store-busy} is held, its connection
 *                                 not read, waiting for room in the store's telemetry lane; then the
 *                                 connection is refused as before (DISCONNECT 0x89, 3.1.1: closed);
 *                                 0 refuses at once; {@code FIREGRID_MQTT_HOLD_SECONDS}, default
 *                                 {@value #DEFAULT_HOLD_SECONDS}
 */
public record MqttLimits(int maxConnections, int maxConnectionsPerAddress, int connectRate, int connectBurst,
                         int connectTimeoutSeconds, int maxConnectBytes, int receiveMaximum, int holdSeconds) {

    /**
     * Half the process's 20,000 open files: a community has a few thousand devices, each holding
     * one connection, and the other half stays for HTTP clients (consoles, live alarm streams,
     * webhooks), the store's files, CoAP, Hono and the JVM itself. A gateway stopped at 10,000
     * sockets still answers {@code /health} and keeps its connected devices.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /**
     * A building's devices often share one NAT address, and an edge agent holds one connection;
     * 256 covers a high-rise with a Pi per floor and stairwell several times over. One attacker's
     * address can then take at most 2.6 % of {@link #DEFAULT_MAX_CONNECTIONS}.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

    /**
     * A CONNECT costs a few microseconds when the device's credentials are in the cache and one
     * PBKDF2 derivation (about 35 ms on one core of the reference machine) when not; derivations run
     * on their own bounded pool and are refused with "server busy" when it is full, so this rate
     * bounds the connection churn the event loop handles, not the hashing. At 100/s the 2,000
     * devices of a large community are back within 20 s of a network outage. A gateway set to hold
     * more connections gets a rate that brings all of them back in {@value #RECOVERY_SECONDS} s
     * ({@link #defaultConnectRate(int)}).
     */
    public static final int DEFAULT_CONNECT_RATE = 100;

    /** Two seconds' worth of {@link #DEFAULT_CONNECT_RATE}: a building's devices reconnecting together are let in at once. */
    public static final int DEFAULT_CONNECT_BURST = 200;

    /**
     * The time in which the default connection rate lets {@link #maxConnections()} devices back in
     * after a restart. Measured at 10,000 devices on the reference machine (bench/README.md,
     * {@code load}, "The fifth round on a quiet machine"): with {@code FIREGRID_MQTT_MAX_CONNECTIONS}
     * 10,100 the rate this gives is 505 CONNECTs a second, and all devices were back 23.7-24.0 s
     * after a {@code kill -9} (the gateway's own restart is part of that), the probe's smoke alarm
     * p99 during the storm 227-1,368 ms; the target is all devices back within 30 s, which the
     * queue ({@link #CONNECT_QUEUE_SECONDS}) is for.
     */
    public static final int RECOVERY_SECONDS = 20;

    /**
     * How long a CONNECT beyond the rate may wait for its turn, in seconds of the rate: it is
     * answered then (after its credential check) rather than refused 0x9F, so a reconnecting fleet
     * comes back at the rate instead of in waves of refusals and 5-60 s backoffs. The socket is not
     * read while it waits, and 5 s is far below the CONNACK timeouts of MQTT clients (Paho 30 s,
     * the edge agent 10 s). Beyond it CONNACK 0x9F as before.
     */
    public static final int CONNECT_QUEUE_SECONDS = 5;

    /**
     * An edge agent sends its CONNECT right after the TCP handshake; even over a poor 2G or Wi-Fi
     * link that is well under a few seconds. Ten seconds leaves room for that and keeps a
     * connection that trickles bytes (slowloris) from holding a socket for long.
     */
    public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * A FireGrid CONNECT carries a client id, {@code device@tenant} and a password of at most 256
     * characters: under 600 bytes, MQTT 5 properties included. 2 KiB leaves room for user
     * properties while an unauthenticated socket can make the gateway buffer 32 times less than
     * the 64 KiB allowed for later packets.
     */
    public static final int DEFAULT_MAX_CONNECT_BYTES = 2048;

    /**
     * An edge agent replaying its outbox keeps this many messages awaiting a PUBACK, and each
     * PUBACK waits for its message's commit: one connection's replay goes at about this many
     * messages per commit-and-round-trip. Measured (bench/README.md, {@code agent}, "Fourth
     * round"): 20,000 queued messages took 65 commits (fsyncs) per 1,000 at 32, 34 at 64, 19 at
     * 128 and 15 at 256, so 128 is where a larger window stops paying. Its cost is memory: a
     * connection has at most this many messages in the gateway, and those beyond the store's lanes
     * (bounded for all connections together) are its own. With the store's telemetry lane full the
     * gateway still holds at most {@value #MAX_HELD} of them per connection (the socket is not
     * read beyond that), so under overload a connection costs what it did with a window of 32:
     * about 0.5 KiB a message of an agent's size (a 140-byte body copied to the heap by Vert.x,
     * its topic, properties and message objects), 32 x 0.5 KiB x 20,000 connections = 310 MiB at
     * most besides the 4.3 KiB of an idle connection (86 MiB). While the lane has room the rest
     * of the window is in the lane, whose bound (5,000 readings) holds for all connections. One
     * device can queue no more than 128 messages (2 MiB of bodies at the 16 KiB limit; a flooding
     * device queued 338,000 without a bound). Mosquitto bounds the same thing with
     * {@code max_inflight_messages}, default 20. An MQTT 5 client must honour the Receive Maximum
     * (Paho does, refusing further publishes with 32202 until a PUBACK comes).
     */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 128;

    /**
     * Most readings one connection has held in the gateway while the store's telemetry lane has no
     * room for them; the socket is not read beyond that. The window of 32 the gateway had before
     * {@link #DEFAULT_RECEIVE_MAXIMUM} was 128, so the memory a fleet of held connections takes
     * under overload is what it was (see above); a smaller Receive Maximum holds fewer.
     */
    public static final int MAX_HELD = 32;

    /**
     * The store's telemetry lane drains thousands of readings a second, so under overload room comes
     * back within a second or two; a store that gives none for 30 s is wedged (a stuck disk, a stalled
     * writer), and the device is better told so (0x89; its outbox keeps the reading) than held longer.
     * A held connection is not read, so its PINGREQs are not answered either: 30 s ends the hold before
     * the edge agent (keep-alive 30 s) gives up on an unanswered PINGREQ, and before vertx-mqtt closes
     * a connection it has read nothing from for 1.5 keep-alives (45 s). An event the device sends behind its own held readings waits
     * as long (docs/overload.md, "Readings held, not refused").
     */
    public static final int DEFAULT_HOLD_SECONDS = 30;

    /** The largest Receive Maximum MQTT 5 can announce. */
    public static final int MAX_RECEIVE_MAXIMUM = 65_535;

    /** The largest CONNECT limit accepted: above this the limit would not protect anything. */
    public static final int MAX_CONNECT_BYTES_LIMIT = MqttAdapter.DEFAULT_MAX_PACKET_BYTES;

    /** The smallest CONNECT limit accepted: an MQTT 5 CONNECT with credentials needs some hundred bytes. */
    public static final int MIN_CONNECT_BYTES_LIMIT = 256;

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.atLeast("FIREGRID_MQTT_MAX_CONNECTIONS",
            DEFAULT_MAX_CONNECTIONS, 1, "MQTT sockets open at once, before CONNECT included; beyond it a socket is closed unread");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.atLeast(
            "FIREGRID_MQTT_MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 1,
            "MQTT sockets from one IP address");
    public static final Setting<Integer> CONNECT_RATE = Setting.atLeast("FIREGRID_MQTT_CONNECT_RATE", DEFAULT_CONNECT_RATE, 1,
            "CONNECTs handled per second; beyond it a CONNECT waits its turn up to " + CONNECT_QUEUE_SECONDS
                    + " s, then CONNACK \"connection rate exceeded\"")
            .describedDefault(DEFAULT_CONNECT_RATE + ", or FIREGRID_MQTT_MAX_CONNECTIONS / " + RECOVERY_SECONDS + " when larger");
    public static final Setting<Integer> CONNECT_BURST = Setting.atLeast("FIREGRID_MQTT_CONNECT_BURST", DEFAULT_CONNECT_BURST,
            1, "CONNECTs handled at once above the rate").describedDefault("twice the connection rate");
    public static final Setting<Integer> CONNECT_TIMEOUT_SECONDS = Setting.atLeast("FIREGRID_MQTT_CONNECT_TIMEOUT_SECONDS",
            DEFAULT_CONNECT_TIMEOUT_SECONDS, 1, "a socket without a complete CONNECT is closed after this many seconds");
    public static final Setting<Integer> MAX_CONNECT_BYTES = Setting.integer("FIREGRID_MQTT_MAX_CONNECT_BYTES",
            DEFAULT_MAX_CONNECT_BYTES, MIN_CONNECT_BYTES_LIMIT, MAX_CONNECT_BYTES_LIMIT,
            "larger CONNECT packets are closed unread");
    public static final Setting<Integer> RECEIVE_MAXIMUM = Setting.integer("FIREGRID_MQTT_RECEIVE_MAXIMUM",
            DEFAULT_RECEIVE_MAXIMUM, 1, MAX_RECEIVE_MAXIMUM, "messages of one connection waiting for the store; the socket "
                    + "is not read beyond it; announced to MQTT 5 clients");
    public static final Setting<Integer> HOLD_SECONDS = Setting.integer("FIREGRID_MQTT_HOLD_SECONDS", DEFAULT_HOLD_SECONDS,
            0, 3600, "longest a reading the store has no room for is held, its connection not read; then DISCONNECT "
                    + "0x89; 0 = refuse at once");

    /** What a gateway gets with no {@code FIREGRID_MQTT_*} set (the connection rate for {@link #DEFAULT_MAX_CONNECTIONS}). */
    public static final MqttLimits DEFAULTS = new MqttLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            defaultConnectRate(DEFAULT_MAX_CONNECTIONS), 2 * defaultConnectRate(DEFAULT_MAX_CONNECTIONS), DEFAULT_CONNECT_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECT_BYTES,
            DEFAULT_RECEIVE_MAXIMUM, DEFAULT_HOLD_SECONDS);

    public MqttLimits {
        MAX_CONNECTIONS.checkInt(maxConnections);
        MAX_CONNECTIONS_PER_ADDRESS.checkInt(maxConnectionsPerAddress);
        CONNECT_RATE.checkInt(connectRate);
        CONNECT_BURST.checkInt(connectBurst);
        CONNECT_TIMEOUT_SECONDS.checkInt(connectTimeoutSeconds);
        MAX_CONNECT_BYTES.checkInt(maxConnectBytes);
        RECEIVE_MAXIMUM.checkInt(receiveMaximum);
        HOLD_SECONDS.checkInt(holdSeconds);
    }

    /** The defaults overridden by whichever {@code FIREGRID_MQTT_*} bounds {@code env} sets. */
    public static MqttLimits fromEnv(Map<String, String> env) {
        int maxConnections = MAX_CONNECTIONS.read(env);
        int rate = CONNECT_RATE.find(env).orElse(defaultConnectRate(maxConnections));
        return new MqttLimits(maxConnections, MAX_CONNECTIONS_PER_ADDRESS.read(env), rate,
                CONNECT_BURST.find(env).orElse(2 * rate), CONNECT_TIMEOUT_SECONDS.read(env), MAX_CONNECT_BYTES.read(env),
                RECEIVE_MAXIMUM.read(env), HOLD_SECONDS.read(env));
    }

    /**
     * The connection rate a gateway holding {@code maxConnections} gets when none is set: enough to
     * let them all back in {@value #RECOVERY_SECONDS} s, and never less than {@value #DEFAULT_CONNECT_RATE}.
     */
    public static int defaultConnectRate(int maxConnections) {
        return Math.max(DEFAULT_CONNECT_RATE, (maxConnections + RECOVERY_SECONDS - 1) / RECOVERY_SECONDS);
    }

    public MqttLimits withMaxConnections(int n) {
        return new MqttLimits(n, maxConnectionsPerAddress, connectRate, connectBurst, connectTimeoutSeconds,
                maxConnectBytes, receiveMaximum, holdSeconds);
    }

    public MqttLimits withMaxConnectionsPerAddress(int n) {
        return new MqttLimits(maxConnections, n, connectRate, connectBurst, connectTimeoutSeconds, maxConnectBytes,
                receiveMaximum, holdSeconds);
    }

    /** The connection rate and burst; {@code rate} new CONNECTs per second on average, {@code burst} at once. */
    public MqttLimits withConnectRate(int rate, int burst) {
        return new MqttLimits(maxConnections, maxConnectionsPerAddress, rate, burst, connectTimeoutSeconds,
                maxConnectBytes, receiveMaximum, holdSeconds);
    }

    public MqttLimits withConnectTimeoutSeconds(int seconds) {
        return new MqttLimits(maxConnections, maxConnectionsPerAddress, connectRate, connectBurst, seconds,
                maxConnectBytes, receiveMaximum, holdSeconds);
    }

    public MqttLimits withMaxConnectBytes(int bytes) {
        return new MqttLimits(maxConnections, maxConnectionsPerAddress, connectRate, connectBurst, connectTimeoutSeconds,
                bytes, receiveMaximum, holdSeconds);
    }

    public MqttLimits withReceiveMaximum(int n) {
        return new MqttLimits(maxConnections, maxConnectionsPerAddress, connectRate, connectBurst, connectTimeoutSeconds,
                maxConnectBytes, n, holdSeconds);
    }

    public MqttLimits withHoldSeconds(int seconds) {
        return new MqttLimits(maxConnections, maxConnectionsPerAddress, connectRate, connectBurst, connectTimeoutSeconds,
                maxConnectBytes, receiveMaximum, seconds);
    }
}
