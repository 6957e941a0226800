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
 * @param inService   whether a device is expected online (not decommissioned)
 * @param isolations  whether a sensor or its device is isolated now
 * @param where       where a sensor is, for the alarm's location
 */
public record AlarmPorts(LimitsOf limits, DrillCheck drills, MaxSilence maxSilence, ConnectionProtocols connections,
                         InService inService, IsolationCheck isolations, WhereOf where) {

    /** Ports for a gateway where every device is in service and nothing is isolated. */
    public AlarmPorts(LimitsOf limits, DrillCheck drills, MaxSilence maxSilence, ConnectionProtocols connections) {
        this(limits, drills, maxSilence, connections, InService.ALL, IsolationCheck.NONE);
    }

    /** Ports that know no locations ({@link WhereOf#NONE}). */
    public AlarmPorts(LimitsOf limits, DrillCheck drills, MaxSilence maxSilence, ConnectionProtocols connections,
                      InService inService, IsolationCheck isolations) {
        this(limits, drills, maxSilence, connections, inService, isolations, WhereOf.NONE);
    }

    /** No limits of sites or sensors, no drills, no silence limits, no protocol holding connections. */
    public static final AlarmPorts NONE = new AlarmPorts((device, sensor) -> Thresholds.Limits.NONE, DrillCheck.NONE,
            MaxSilence.NONE, protocol -> false);

    /** These ports, answering locations from {@code w}. */
    public AlarmPorts withWhere(WhereOf w) {
        return new AlarmPorts(limits, drills, maxSilence, connections, inService, isolations, w);
    }

    public AlarmPorts {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(drills, "drills");
        Objects.requireNonNull(maxSilence, "maxSilence");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(inService, "inService");
        Objects.requireNonNull(isolations, "isolations");
    }

    /**
     * Whether a sensor (or its whole device) is isolated now, so that an alarm raised on it is
     * marked {@link Alarm#isolated()}: stored and shown, dispatched to no one. Asked once per raised
     * alarm, on the store's thread: it must answer from memory. If it throws, the alarm is dispatched.
     */
    @FunctionalInterface
    public interface IsolationCheck {
        /** Nothing is isolated. */
        IsolationCheck NONE = (device, sensor) -> false;

        boolean isolated(DeviceId device, String sensor);
    }

    /**
     * Whether a device is expected online: false for a decommissioned one, whose silence and lost
     * connection raise no {@code offline} trouble.
     */
    @FunctionalInterface
    public interface InService {
        /** Every device is in service. */
        InService ALL = device -> true;

        boolean inService(DeviceId device);
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
