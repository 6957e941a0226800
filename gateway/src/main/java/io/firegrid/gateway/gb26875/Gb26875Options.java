package io.firegrid.gateway.gb26875;

import io.firegrid.gateway.place.RosterOptions;
import io.firegrid.protocol.gb26875.Address;
import io.firegrid.protocol.settings.Setting;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * Settings of the GB/T 26875.3-2011 listener, where the user information transmission devices
 * (UITDs) of a building's fire alarm panels connect. Immutable; docs/gb26875.md.
 *
 * <p>What happens at each bound: a socket beyond {@code maxConnections} is closed before anything
 * is read from it; a frame beyond {@code framesPerSecond} of its connection is denied (command 6)
 * and the UITD sends it again; a connection with {@code maxPending} frames waiting for the store is
 * not read until one is answered (the TCP window pushes back); a connection silent for
 * {@code idleSeconds} is closed. Each refusal is counted in
 * {@code firegrid_refused_total{protocol="gb26875",code=...}}.
 *
 * @param port            TCP port, 0 = any free port, -1 = off; {@code FIREGRID_GB26875_PORT}, default off
 * @param maxConnections  sockets open at once; {@code FIREGRID_GB26875_MAX_CONNECTIONS}, default {@value #DEFAULT_MAX_CONNECTIONS}
 * @param framesPerSecond frames taken per second from one connection; {@code FIREGRID_GB26875_FRAMES_PER_SECOND},
 *                        default {@value #DEFAULT_FRAMES_PER_SECOND}
 * @param maxPending      frames of one connection waiting for the store; {@code FIREGRID_GB26875_MAX_PENDING},
 *                        default {@value #DEFAULT_MAX_PENDING}
 * @param idleSeconds     a connection that sends nothing this long is closed; {@code FIREGRID_GB26875_IDLE_SECONDS},
 *                        default {@value #DEFAULT_IDLE_SECONDS}
 * @param zone            the time zone of the UITDs' time labels (the standard's times are local);
 *                        {@code FIREGRID_GB26875_TIME_ZONE}, default the sites' zone
 *                        ({@link RosterOptions#ZONE}), so one setting gives the local time everywhere
 * @param centre          {@code host:port} of the monitoring centre the gateway reports to as a UITD, or
 *                        {@code null} for none; {@code FIREGRID_GB26875_CENTRE}, default none
 * @param address         the gateway's own address towards the centre; {@code FIREGRID_GB26875_ADDRESS},
 *                        default {@value #DEFAULT_ADDRESS}
 * @param confirmSeconds  how long the gateway waits for the centre's confirm before it sends a frame
 *                        again; {@code FIREGRID_GB26875_CONFIRM_SECONDS}, default {@value #DEFAULT_CONFIRM_SECONDS}
 */
public record Gb26875Options(int port, int maxConnections, int framesPerSecond, int maxPending, int idleSeconds,
                             ZoneId zone, String centre, Address address, int confirmSeconds) {

    /**
     * Off: the standard has no authentication, so the port is opened only when an operator decides
     * to (and, in production, behind a VPN or TLS tunnel: docs/gb26875.md). Monitoring centres
     * customarily listen on a port of their own choosing; there is no registered port.
     */
    public static final int DEFAULT_PORT = -1;
    /** A community's buildings have a few dozen panels, each with one UITD holding one connection; 64 leaves room for reconnects. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /**
     * A panel reporting a whole loop in fault sends one frame per few components; 50 frames/s is
     * over 1,000 component states a second (22 per frame), far above what a UITD's serial link to
     * its panel delivers, while one connection cannot keep the store busy.
     */
    public static final int DEFAULT_FRAMES_PER_SECOND = 50;
    /** A UITD waits for each confirm before the next frame (the standard's stop-and-wait); 16 leaves room for one that does not. */
    public static final int DEFAULT_MAX_PENDING = 16;
    /** UITDs send their own state at least every few minutes in practice; 10 minutes of silence means a dead link. */
    public static final int DEFAULT_IDLE_SECONDS = 600;

    /** Set it to the address the centre assigned to this gateway. */
    public static final String DEFAULT_ADDRESS = "000000000001";
    /**
     * A UITD resends a frame that is not confirmed; GB 26875.1 allows 10 s from a fire at the premises
     * to the centre, so a frame lost once is sent again well within it.
     */
    public static final int DEFAULT_CONFIRM_SECONDS = 5;

    public static final Setting<Integer> PORT = Setting.port("FIREGRID_GB26875_PORT", DEFAULT_PORT,
            "GB/T 26875.3 listener for the UITDs of fire alarm panels (TCP); off by default: the standard has no authentication");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.atLeast("FIREGRID_GB26875_MAX_CONNECTIONS",
            DEFAULT_MAX_CONNECTIONS, 1, "GB/T 26875.3 sockets open at once; beyond it a socket is closed unread");
    public static final Setting<Integer> FRAMES_PER_SECOND = Setting.atLeast("FIREGRID_GB26875_FRAMES_PER_SECOND",
            DEFAULT_FRAMES_PER_SECOND, 1, "frames taken per second from one UITD; beyond it a frame is denied and sent again");
    public static final Setting<Integer> MAX_PENDING = Setting.atLeast("FIREGRID_GB26875_MAX_PENDING", DEFAULT_MAX_PENDING, 1,
            "frames of one UITD waiting for the store; beyond it the socket is not read");
    public static final Setting<Integer> IDLE_SECONDS = Setting.atLeast("FIREGRID_GB26875_IDLE_SECONDS", DEFAULT_IDLE_SECONDS, 1,
            "a UITD connection silent this long is closed");
    /**
     * Unset, the UITDs' clocks are taken to keep the sites' local time, the one zone rosters and
     * SMS already use; set it only for a panel whose clock keeps another zone.
     */
    public static final Setting<String> TIME_ZONE = Setting.string("FIREGRID_GB26875_TIME_ZONE", null,
            "the sites' zone, " + RosterOptions.ZONE.name(), "time zone of the UITDs' time labels");

    public static final Setting<String> CENTRE = Setting.string("FIREGRID_GB26875_CENTRE", null,
            "no reports to a monitoring centre", "host:port of the monitoring centre that gets every alarm as a UITD sends it");
    public static final Setting<String> ADDRESS = Setting.string("FIREGRID_GB26875_ADDRESS", DEFAULT_ADDRESS, null,
            "the gateway's own GB/T 26875.3 address towards the centre, 12 hex digits");
    public static final Setting<Integer> CONFIRM_SECONDS = Setting.integer("FIREGRID_GB26875_CONFIRM_SECONDS",
            DEFAULT_CONFIRM_SECONDS, 1, 60, "a frame the centre has not confirmed within this is sent again");

    public static final Gb26875Options DEFAULTS = new Gb26875Options(DEFAULT_PORT, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_FRAMES_PER_SECOND, DEFAULT_MAX_PENDING, DEFAULT_IDLE_SECONDS, RosterOptions.DEFAULTS.zone(), null,
            Address.parse(DEFAULT_ADDRESS), DEFAULT_CONFIRM_SECONDS);

    public Gb26875Options {
        PORT.checkInt(port);
        MAX_CONNECTIONS.checkInt(maxConnections);
        FRAMES_PER_SECOND.checkInt(framesPerSecond);
        MAX_PENDING.checkInt(maxPending);
        IDLE_SECONDS.checkInt(idleSeconds);
        java.util.Objects.requireNonNull(zone, "zone");
        java.util.Objects.requireNonNull(address, "address");
        CONFIRM_SECONDS.checkInt(confirmSeconds);
        if (centre != null && (centre.lastIndexOf(':') <= 0 || !centre.substring(centre.lastIndexOf(':') + 1).matches("[0-9]{1,5}"))) {
            throw new IllegalArgumentException(CENTRE.name() + " must be host:port, not '" + centre + "'");
        }
    }

    /** The defaults overridden by whichever {@code FIREGRID_GB26875_*} variables {@code env} sets. */
    public static Gb26875Options fromEnv(Map<String, String> env) {
        String zone = TIME_ZONE.read(env);
        ZoneId id;
        if (zone == null) {
            id = RosterOptions.fromEnv(env).zone();
        } else {
            try {
                id = ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(TIME_ZONE.name() + " must be a time zone such as Asia/Shanghai, not '"
                        + zone + "' (default: " + RosterOptions.ZONE.name() + ", " + RosterOptions.DEFAULT_ZONE + ")");
            }
        }
        Address own;
        try {
            own = Address.parse(ADDRESS.read(env));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ADDRESS.name() + ": " + e.getMessage());
        }
        return new Gb26875Options(PORT.read(env), MAX_CONNECTIONS.read(env), FRAMES_PER_SECOND.read(env),
                MAX_PENDING.read(env), IDLE_SECONDS.read(env), id, CENTRE.read(env), own, CONFIRM_SECONDS.read(env));
    }

    /** The same, on {@code port} (tests: 0). */
    public Gb26875Options withPort(int port) {
        return new Gb26875Options(port, maxConnections, framesPerSecond, maxPending, idleSeconds, zone, centre, address,
                confirmSeconds);
    }

    /** The same, reporting to the centre at {@code hostPort} (tests). */
    public Gb26875Options withCentre(String hostPort, int confirmSeconds) {
        return new Gb26875Options(port, maxConnections, framesPerSecond, maxPending, idleSeconds, zone, hostPort, address,
                confirmSeconds);
    }
}
