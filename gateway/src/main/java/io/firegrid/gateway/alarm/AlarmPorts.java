package io.firegrid.gateway.alarm;

import io.firegrid.protocol.DeviceId;
import java.time.Duration;
import java.util.Objects;

/**
 * What the alarm core asks of the rest of the gateway, and nothing more: the limits set for a
 * sensor, whether a site is in drill, a device's own silence limit, and which protocols hold a
 * connection whose loss the gateway sees. The composition root answers them from the device
 * registry and the places; a test answers them from a few maps. {@link AlarmService} and
 * {@link AlarmEngine} both take this one record.
 *
 * <p>Every function is called on the store's thread, inside the transaction that stores the
 * decision it feeds: it must answer from memory and must not block.
 *
 * @param limits      the limits set for a sensor at its site and on itself
 * @param drills      whether a site is in drill (see {@link DrillCheck}: if it throws, the alarm is real)
 * @param maxSilence  a device's own silence limit
 * @param connections whether devices speaking a protocol hold a connection
 * @param where       where a sensor is, for the alarm's location
 */
public record AlarmPorts(LimitsOf limits, DrillCheck drills, MaxSilence maxSilence, ConnectionProtocols connections,
                         WhereOf where) {

    /** No limits of sites or sensors, no drills, no silence limits, no protocol holding connections. */
    public static final AlarmPorts NONE = new AlarmPorts((device, sensor) -> Thresholds.Limits.NONE, DrillCheck.NONE,
            MaxSilence.NONE, protocol -> false);

    /** Ports that know no locations ({@link WhereOf#NONE}). */
    public AlarmPorts(LimitsOf limits, DrillCheck drills, MaxSilence maxSilence, ConnectionProtocols connections) {
        this(limits, drills, maxSilence, connections, WhereOf.NONE);
    }

    /** These ports, answering locations from {@code w}. */
    public AlarmPorts withWhere(WhereOf w) {
        return new AlarmPorts(limits, drills, maxSilence, connections, w);
    }

    public AlarmPorts {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(drills, "drills");
        Objects.requireNonNull(maxSilence, "maxSilence");
        Objects.requireNonNull(connections, "connections");
    }

    /**
     * The limits registered for a sensor: its site's and its own ({@link Thresholds.Limits#NONE}
     * for an unknown device); {@link Thresholds} merges them over the gateway's rules.
     */
    @FunctionalInterface
    public interface LimitsOf {
        Thresholds.Limits limitsOf(DeviceId device, String sensor);
    }

    /**
     * The longest a device may stay silent before it counts as offline, as it was registered;
     * {@code null} when it was registered without one.
     */
    @FunctionalInterface
    public interface MaxSilence {
        /** No device registered with a limit of its own. */
        MaxSilence NONE = device -> null;

        Duration maxSilence(DeviceId device);
    }

    /**
     * Whether devices speaking {@code protocol} hold a connection whose close the gateway reports
     * ({@link AlarmService#connection}). A device last heard over any other has no connection to
     * lose, so without a limit of its own it is judged by {@link AlarmRules#silentAfter()}.
     */
    @FunctionalInterface
    public interface ConnectionProtocols {
        boolean holdsConnection(String protocol);
    }

    /**
     * Where a sensor of a device is ({@code sensor} {@code device} for the device as a whole), with
     * its site's name and address, when the alarm is raised; {@code null} when nothing is known. If it
     * throws, the alarm is raised without a location.
     */
    @FunctionalInterface
    public interface WhereOf {
        /** Nothing known of any place. */
        WhereOf NONE = (device, sensor) -> null;

        AlarmLocation where(DeviceId device, String sensor);
    }
}
