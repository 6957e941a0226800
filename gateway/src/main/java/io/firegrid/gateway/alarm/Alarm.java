package io.firegrid.gateway.alarm;

import io.firegrid.protocol.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alarm and its history. Immutable; every change makes a new value with one more {@link Step}.
 *
 * @param id        gateway-wide number, rising
 * @param device    the device that reported it
 * @param sensor    the sensor on that device
 * @param site      the device's site, or {@code null} (then the tenant's duty officer is responsible)
 * @param zone      the sensor's zone, or {@code null}
 * @param type      what was detected, e.g. {@code smoke}
 * @param confirmed a second detector in the same zone is in alarm too
 * @param drill     raised while its site, or the station covering the site's grid cell, was in
 *                  drill: it flows like any alarm but is reported apart; decided once, when raised
 * @param raisedAt  when the gateway received the event that raised it
 * @param deviceTs  when the device saw it, or {@code null}
 * @param seq       the raising message's seq
 * @param protocol  the protocol the raising event arrived on (audit only)
 * @param cause     why it was resolved, or {@code null} while open
 * @param location  where it is, taken when raised ({@link AlarmLocation}), or {@code null} when not known
 * @param isolated  raised while its sensor or device was isolated (屏蔽, docs/lifecycle.md): stored and
 *                  shown, but dispatched to no one; decided once, when raised
 */
public record Alarm(long id, DeviceId device, String sensor, String site, String zone, AlarmClass alarmClass,
                    String type, AlarmState state, boolean confirmed, boolean drill, Instant raisedAt,
                    Instant deviceTs, long seq, String protocol, List<Step> steps, Cause cause, AlarmLocation location,
                    boolean isolated) {

    /** An alarm at {@code location}, raised while nothing was isolated. */
    public Alarm(long id, DeviceId device, String sensor, String site, String zone, AlarmClass alarmClass,
                 String type, AlarmState state, boolean confirmed, boolean drill, Instant raisedAt,
                 Instant deviceTs, long seq, String protocol, List<Step> steps, Cause cause, AlarmLocation location) {
        this(id, device, sensor, site, zone, alarmClass, type, state, confirmed, drill, raisedAt, deviceTs, seq, protocol,
                steps, cause, location, false);
    }

    /** An alarm whose location is not known, {@code isolated} or not. */
    public Alarm(long id, DeviceId device, String sensor, String site, String zone, AlarmClass alarmClass,
                 String type, AlarmState state, boolean confirmed, boolean drill, Instant raisedAt,
                 Instant deviceTs, long seq, String protocol, List<Step> steps, Cause cause, boolean isolated) {
        this(id, device, sensor, site, zone, alarmClass, type, state, confirmed, drill, raisedAt, deviceTs, seq, protocol,
                steps, cause, null, isolated);
    }

    /** An alarm whose location is not known, raised while nothing was isolated. */
    public Alarm(long id, DeviceId device, String sensor, String site, String zone, AlarmClass alarmClass,
                 String type, AlarmState state, boolean confirmed, boolean drill, Instant raisedAt,
                 Instant deviceTs, long seq, String protocol, List<Step> steps, Cause cause) {
        this(id, device, sensor, site, zone, alarmClass, type, state, confirmed, drill, raisedAt, deviceTs, seq, protocol,
                steps, cause, null, false);
    }

    /** Target for acknowledging an alarm (micro fire station rule: respond within 1 minute). */
    public static final Duration ACK_TARGET = Duration.ofMinutes(1);
    /** Target for being on scene (micro fire station rule: on scene within 3 minutes). */
    public static final Duration ON_SCENE_TARGET = Duration.ofMinutes(3);

    public Alarm {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(alarmClass, "alarmClass");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(raisedAt, "raisedAt");
        steps = List.copyOf(steps);
    }

    public boolean isOpen() {
        return state.isOpen();
    }

    /** The alarm after entering {@code next}. */
    Alarm advance(AlarmState next, Instant at, String by, Cause resolvedCause) {
        List<Step> s = new ArrayList<>(steps);
        s.add(new Step(next, at, by));
        return new Alarm(id, device, sensor, site, zone, alarmClass, type, next, confirmed, drill, raisedAt, deviceTs,
                seq, protocol, s, resolvedCause, location, isolated);
    }

    /** The alarm confirmed by the detector at {@code by} ({@code null} when not known). */
    Alarm confirm(AlarmLocation.Spot by) {
        return new Alarm(id, device, sensor, site, zone, alarmClass, type, state, true, drill, raisedAt, deviceTs,
                seq, protocol, steps, cause, location == null ? null : location.confirmedBy(by), isolated);
    }

    /** The first step into {@code s}, if taken. */
    public Optional<Step> step(AlarmState s) {
        return steps.stream().filter(st -> st.state() == s).findFirst();
    }

    /** Seconds from raised to acknowledged, if acknowledged (directly or by a later step). */
    public Optional<Double> ackSeconds() {
        return steps.stream().filter(st -> st.state() != AlarmState.RAISED).findFirst()
                .map(st -> seconds(raisedAt, st.at()));
    }

    /** Seconds from raised to on scene, if reached. */
    public Optional<Double> onSceneSeconds() {
        return step(AlarmState.ON_SCENE).map(st -> seconds(raisedAt, st.at()));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
