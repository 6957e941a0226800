package io.firegrid.gateway.alarm;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which alarms events, readings, connections and the passing of time raise and restore,
 * and which lifecycle steps are allowed. Pure in-memory logic confined to one thread (the store's),
 * so decisions and their persistence happen in the same order. The rules (defaults in
 * {@link AlarmRules}):
 * <ul>
 *   <li><b>fire</b> {@code smoke} / {@code call-point}: a detector in alarm or a manual call point
 *       pressed raises a fire alarm at once; a second detector or call point in alarm in the same
 *       site and zone marks both confirmed (GB 50116-2013 §4.6). A fire alarm is never restored by
 *       the device: a person resolves it with a cause.</li>
 *   <li><b>supervisory</b> {@code door-held-open}: a door open longer than the limit;
 *       {@code exit-blocked}: an exit reported blocked longer than its limit, restored when clear;
 *       {@code pressure-low} / {@code pressure-high}: a hydrant reading outside the band, restored
 *       with hysteresis; {@code pressure-dropping}: a fast fall within the window.</li>
 *   <li><b>trouble</b> {@code sensor-fault}: a sensor reporting {@code fault} (restored by its next
 *       non-fault state); {@code offline}: a device's connection gone longer than the delay, or a
 *       device silent (no message on any protocol) longer than its limit (restored when it
 *       reconnects, sends anything or reports {@code online}); {@code tamper} and
 *       {@code low-battery}: stay open until a person resolves them; so does
 *       {@code unknown-sensors}: a device reporting more sensors it did not register than the
 *       gateway takes. {@code disk-low} on the pseudo-device {@code gateway} of each tenant: the
 *       gateway's own disk below the reserve kept for events, restored when space returns.</li>
 *   <li>One open alarm per (device, sensor, type). Supervisory and trouble alarms restore
 *       themselves (resolved, cause {@code cleared}) when their condition clears.</li>
 *   <li>An alarm raised while its site is in drill ({@link DrillCheck}) is marked drill; the mark
 *       is decided when it is raised and never changes.</li>
 * </ul>
 * Everything it needs from outside (limits, drills, silence limits, which protocols hold
 * connections) comes through {@link AlarmPorts}; thresholds are merged by {@link Thresholds}. It
 * needs no store, no Vert.x and no clock of its own: the caller passes the time, so a test drives
 * it directly ({@code AlarmScenario}).
 */
final class AlarmEngine {

    /** Where an event came from, as far as alarms care. */
    record Origin(DeviceId device, String site, String zone, String protocol, Instant receivedAt) {
    }

    /** A sensor on a device. */
    record SensorKey(DeviceId device, String sensor) {
    }

    private record Key(DeviceId device, String sensor, String type) {
    }

    /**
     * When a device was last heard from, over which protocol, and its site then. Stored with each
     * message, so the silence timer survives a restart.
     */
    record Heard(Instant at, String protocol, String site) {
    }

    /** The sensor name of alarms about the device as a whole (offline, tamper, low battery). */
    static final String DEVICE_SENSOR = "device";
    static final String SYSTEM = "gateway";

    private static final Logger LOG = LoggerFactory.getLogger(AlarmEngine.class);

    private final AlarmRules rules;
    private final Thresholds thresholds;
    private final AlarmPorts ports;
    private final Map<Key, Alarm> open = new HashMap<>();
    private final Map<Long, Alarm> openById = new HashMap<>();
    private final Map<SensorKey, Observation> observations = new HashMap<>();
    private final Map<SensorKey, PressureWatch> pressure = new HashMap<>();
    private final Map<DeviceId, Instant> disconnectedSince = new HashMap<>();
    private final Map<DeviceId, Heard> heard = new HashMap<>();
    /** Open alarms per device: a reading of a device with none restores nothing, without a lookup per rule. */
    private final Map<DeviceId, Integer> openPerDevice = new HashMap<>();
    private long lastId;

    /** Rules with the gateway's {@code rules} as defaults, asking the rest of the gateway through {@code ports}. */
    AlarmEngine(AlarmRules rules, AlarmPorts ports) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.thresholds = new Thresholds(rules);
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    /**
     * Replaces all state. Devices that have reported before over a protocol holding connections
     * count as disconnected since {@code now}: one that does not reconnect within the offline delay
     * raises {@code offline}. Devices last heard over another had no connection to lose; their
     * silence timers go on from {@code lastHeard}.
     */
    void reset(List<Alarm> openAlarms, long maxId, Map<SensorKey, Observation> observed, Map<DeviceId, Heard> lastHeard,
               Instant now) {
        open.clear();
        openById.clear();
        openPerDevice.clear();
        observations.clear();
        pressure.clear();
        disconnectedSince.clear();
        heard.clear();
        openAlarms.forEach(this::track);
        observations.putAll(observed);
        heard.putAll(lastHeard);
        observed.keySet().forEach(k -> disconnectedSince.put(k.device(), now));
        lastHeard.forEach((device, h) -> {
            if (ports.connections().holdsConnection(h.protocol())) {
                disconnectedSince.put(device, now);
            } else {
                disconnectedSince.remove(device);
            }
        });
        lastId = maxId;
    }

    /** When and how a device was last heard from, if ever (since it was first stored). */
    Heard heard(DeviceId device) {
        return heard.get(device);
    }

    /** The last state of a sensor, if it ever reported one. */
    Observation observation(SensorKey key) {
        return observations.get(key);
    }

    /** The alarms created or changed by {@code event}, in the order to store and publish them. */
    List<Alarm> onEvent(Origin origin, Event event) {
        List<Alarm> changes = new ArrayList<>();
        Instant at = origin.receivedAt();
        SensorKey sk = new SensorKey(origin.device(), event.sensor());
        Observation before = observations.get(sk);
        Instant since = before != null && before.state() == event.state() ? before.since() : at;
        observations.put(sk, new Observation(event.kind(), event.state(), since, event.seq(), origin.site(), origin.zone()));
        heard(origin);
        boolean goingOffline = event.kind() == Kind.DEVICE && event.state() == State.OFFLINE;
        if (!goingOffline) {
            disconnectedSince.remove(origin.device());
            restore(origin.device(), DEVICE_SENSOR, "offline", at, changes);
        }
        if (event.state() == State.FAULT) {
            raise(origin, event.sensor(), AlarmClass.TROUBLE, "sensor-fault", event, changes);
        } else if (event.kind() != Kind.DEVICE) {
            restore(origin.device(), event.sensor(), "sensor-fault", at, changes);
        }
        switch (event.kind()) {
            case SMOKE, CALL_POINT -> {
                if (event.state() == State.ALARM) {
                    fire(origin, event, changes);
                }
            }
            case EXIT -> {
                if (event.state() != State.BLOCKED) {
                    restore(origin.device(), event.sensor(), "exit-blocked", at, changes);
                }
            }
            case DOOR -> {
                if (event.state() != State.OPEN) {
                    restore(origin.device(), event.sensor(), "door-held-open", at, changes);
                }
            }
            case DEVICE -> {
                switch (event.state()) {
                    case OFFLINE -> raise(origin, DEVICE_SENSOR, AlarmClass.TROUBLE, "offline", event, changes);
                    case TAMPER -> raise(origin, DEVICE_SENSOR, AlarmClass.TROUBLE, "tamper", event, changes);
                    case LOW_BATTERY -> raise(origin, DEVICE_SENSOR, AlarmClass.TROUBLE, "low-battery", event, changes);
                    // one of the agent's reporting paths is not answering (docs/dual-path.md); the path's own online clears it
                    case PATH_FAILURE -> raise(origin, event.sensor(), AlarmClass.TROUBLE, "path-failure", event, changes);
                    case ONLINE -> restore(origin.device(), event.sensor(), "path-failure", at, changes);
                    default -> { }
                }
            }
            case PRESSURE -> { }
        }
        return changes;
    }

    /** The alarms raised or restored by hydrant pressure readings. */
    List<Alarm> onReadings(Origin origin, Readings readings) {
        List<Alarm> changes = new ArrayList<>();
        Instant at = origin.receivedAt();
        heard(origin);
        disconnectedSince.remove(origin.device());
        // most readings come from devices with no open alarm: then there is nothing to restore
        // (raising one below makes the device count as having one from then on)
        restoreIfOpen(origin.device(), DEVICE_SENSOR, "offline", at, changes);
        for (Reading r : readings.readings()) {
            if (r.kind() != Kind.PRESSURE) {
                continue;
            }
            double v = r.value();
            String s = r.sensor();
            DeviceId d = origin.device();
            AlarmRules rules = rulesFor(d, s);
            if (v < rules.pressureLowMpa()) {
                raise(origin, s, AlarmClass.SUPERVISORY, "pressure-low", null, changes);
            } else if (v >= rules.pressureLowMpa() + rules.pressureHysteresisMpa()) {
                restoreIfOpen(d, s, "pressure-low", at, changes);
            }
            if (v > rules.pressureHighMpa()) {
                raise(origin, s, AlarmClass.SUPERVISORY, "pressure-high", null, changes);
            } else if (v <= rules.pressureHighMpa() - rules.pressureHysteresisMpa()) {
                restoreIfOpen(d, s, "pressure-high", at, changes);
            }
            PressureWatch watch = pressure.computeIfAbsent(new SensorKey(d, s), k -> new PressureWatch());
            watch.add(at, v, rules);
            double drop = watch.dropWithinWindow();
            if (drop >= rules.pressureDropMpa()) {
                raise(origin, s, AlarmClass.SUPERVISORY, "pressure-dropping", null, changes);
            } else if (drop < rules.pressureDropMpa() / 2) {
                restoreIfOpen(d, s, "pressure-dropping", at, changes);
            }
        }
        return changes;
    }

    /** The alarms raised or restored by a device's connection opening ({@code up}) or closing. */
    List<Alarm> onConnection(DeviceId device, boolean up, Instant at) {
        List<Alarm> changes = new ArrayList<>();
        if (up) {
            disconnectedSince.remove(device);
            restore(device, DEVICE_SENSOR, "offline", at, changes);
        } else {
            disconnectedSince.putIfAbsent(device, at);
        }
        return changes;
    }

    /** The alarms that time-based rules raise as of {@code now}. */
    List<Alarm> tick(Instant now) {
        List<Alarm> changes = new ArrayList<>();
        for (Map.Entry<SensorKey, Observation> e : observations.entrySet()) {
            Observation o = e.getValue();
            if (o.kind() == Kind.DOOR && o.state() == State.OPEN
                    && elapsed(o.since(), now, rulesFor(e.getKey().device(), e.getKey().sensor()).doorHeldOpenLimit())) {
                Origin origin = new Origin(e.getKey().device(), o.site(), o.zone(), null, now);
                raise(origin, e.getKey().sensor(), AlarmClass.SUPERVISORY, "door-held-open", o.seq(), changes);
            }
            if (o.kind() == Kind.EXIT && o.state() == State.BLOCKED && elapsed(o.since(), now, rules.exitBlockedLimit())) {
                Origin origin = new Origin(e.getKey().device(), o.site(), o.zone(), null, now);
                raise(origin, e.getKey().sensor(), AlarmClass.SUPERVISORY, "exit-blocked", o.seq(), changes);
            }
        }
        for (Map.Entry<DeviceId, Instant> e : disconnectedSince.entrySet()) {
            if (elapsed(e.getValue(), now, rules.offlineAfter())) {
                raiseOffline(e.getKey(), now, changes);
            }
        }
        for (Map.Entry<DeviceId, Heard> e : heard.entrySet()) {
            Duration limit = silenceLimit(e.getKey(), e.getValue());
            if (limit != null && elapsed(e.getValue().at(), now, limit)) {
                raiseOffline(e.getKey(), now, changes);
            }
        }
        return changes;
    }

    /**
     * How long a device may stay silent: its registered limit, else {@link AlarmRules#silentAfter()}
     * when it was last heard over a protocol without connections, else none (its connection tells).
     */
    private Duration silenceLimit(DeviceId device, Heard last) {
        Duration own = ports.maxSilence().maxSilence(device);
        if (own != null) {
            return own;
        }
        return ports.connections().holdsConnection(last.protocol()) ? null : rules.silentAfter();
    }

    private void raiseOffline(DeviceId device, Instant now, List<Alarm> changes) {
        if (!ports.inService().inService(device)) {
            return; // decommissioned: no longer expected online
        }
        Observation any = observations.entrySet().stream().filter(o -> o.getKey().device().equals(device))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Heard last = heard.get(device);
        String site = any != null ? any.site() : last == null ? null : last.site();
        Origin origin = new Origin(device, site, null, null, now);
        raise(origin, DEVICE_SENSOR, AlarmClass.TROUBLE, "offline", 0, changes);
    }

    private void heard(Origin origin) {
        if (origin.protocol() != null) {
            heard.put(origin.device(), new Heard(origin.receivedAt(), origin.protocol(), origin.site()));
        }
    }

    /**
     * Moves alarm {@code current} to {@code target}. Refuses with {@code CONFLICT/wrong-state} a
     * step back or a step on a resolved alarm, and with {@code BAD_REQUEST/bad-cause} a resolve
     * without a cause.
     */
    Alarm advance(Alarm current, AlarmState target, String by, Cause cause, Instant now) {
        if (!current.isOpen()) {
            throw new FireGridException(Status.CONFLICT, "wrong-state", "alarm " + current.id() + " is already resolved"
                    + current.step(AlarmState.RESOLVED).map(s -> " (by " + s.by() + " at " + s.at() + ")").orElse(""));
        }
        if (target.ordinal() <= current.state().ordinal()) {
            Step done = current.step(current.state()).orElseThrow();
            throw new FireGridException(Status.CONFLICT, "wrong-state", "alarm " + current.id() + " is already "
                    + current.state().wireName() + " (by " + done.by() + " at " + done.at() + ")");
        }
        if (target == AlarmState.RESOLVED && cause == null) {
            throw FireGridException.badRequest("bad-cause",
                    "resolving needs a cause: one of fire, false-alarm, drill, maintenance, test");
        }
        Alarm next = current.advance(target, now, by, target == AlarmState.RESOLVED ? cause : null);
        track(next);
        return next;
    }

    /** The open alarm with this id, if open. */
    Alarm openAlarm(long id) {
        return openById.get(id);
    }

    private void fire(Origin origin, Event event, List<Alarm> changes) {
        String type = event.kind().wireName();
        if (open.containsKey(new Key(origin.device(), event.sensor(), type))) {
            return;
        }
        boolean confirmed = false;
        AlarmLocation here = where(origin.device(), event.sensor());
        List<AlarmLocation.Spot> confirmedBy = new ArrayList<>();
        if (origin.zone() != null) {
            for (Alarm other : List.copyOf(openById.values())) {
                if (other.alarmClass() == AlarmClass.FIRE && origin.zone().equals(other.zone())
                        && Objects.equals(origin.site(), other.site())
                        && other.device().tenant().equals(origin.device().tenant())) {
                    confirmed = true;
                    if (other.location() != null) {
                        confirmedBy.add(other.location().here());
                    }
                    if (!other.confirmed()) {
                        Alarm c = other.confirm(here == null ? null : here.here());
                        track(c);
                        changes.add(c);
                    }
                }
            }
        }
        for (AlarmLocation.Spot by : confirmedBy) {
            here = here == null ? null : here.confirmedBy(by);
        }
        Instant at = origin.receivedAt();
        Alarm raised = new Alarm(++lastId, origin.device(), event.sensor(), origin.site(), origin.zone(),
                AlarmClass.FIRE, type, AlarmState.RAISED, confirmed, inDrill(origin), at, event.ts(),
                event.seq(), origin.protocol(), List.of(new Step(AlarmState.RAISED, at, origin.device().authId())), null, here,
                isolated(origin, event.sensor()));
        track(raised);
        changes.add(0, raised);
    }

    /**
     * A condition of the gateway itself ({@code disk-low}) began ({@code active}) or cleared:
     * trouble on {@code gateway}, a pseudo-device of a tenant, raised once while open and restored
     * when the condition clears.
     */
    List<Alarm> onGatewayCondition(DeviceId gateway, String type, boolean active, Instant at) {
        List<Alarm> changes = new ArrayList<>();
        if (active) {
            raise(new Origin(gateway, null, null, null, at), DEVICE_SENSOR, AlarmClass.TROUBLE, type, 0, changes);
        } else {
            restore(gateway, DEVICE_SENSOR, type, at, changes);
        }
        return changes;
    }

    /**
     * A condition a device reports as a state rather than as an event of the wire contract (a fire
     * panel's supervisory or power fault, heard over GB/T 26875.3) began ({@code active}) or cleared:
     * {@code cls}/{@code type} on {@code sensor}, raised once while open, restored when it clears.
     */
    List<Alarm> onCondition(Origin origin, String sensor, AlarmClass cls, String type, boolean active, long seq,
                            Instant deviceTs) {
        List<Alarm> changes = new ArrayList<>();
        if (active) {
            raise(origin, sensor, cls, type, seq, changes, deviceTs);
        } else {
            restore(origin.device(), sensor, type, origin.receivedAt(), changes);
        }
        return changes;
    }

    /**
     * A device reported more sensors it did not register than the gateway takes: trouble
     * {@code unknown-sensors} on the device, open until a person resolves it (the fix is to
     * register the sensors or correct the agent), raised once while open.
     */
    List<Alarm> onTooManySensors(Origin origin) {
        List<Alarm> changes = new ArrayList<>();
        raise(origin, DEVICE_SENSOR, AlarmClass.TROUBLE, "unknown-sensors", 0, changes);
        return changes;
    }

    private void raise(Origin origin, String sensor, AlarmClass cls, String type, Event event, List<Alarm> changes) {
        raise(origin, sensor, cls, type, event == null ? 0 : event.seq(), changes, event == null ? null : event.ts());
    }

    /** Raises a time-based alarm: the condition began with message {@code seq} (0 if none). */
    private void raise(Origin origin, String sensor, AlarmClass cls, String type, long seq, List<Alarm> changes) {
        raise(origin, sensor, cls, type, seq, changes, null);
    }

    private void raise(Origin origin, String sensor, AlarmClass cls, String type, long seq, List<Alarm> changes,
                       Instant deviceTs) {
        if (open.containsKey(new Key(origin.device(), sensor, type))) {
            return;
        }
        Instant at = origin.receivedAt();
        String by = origin.protocol() == null ? SYSTEM : origin.device().authId();
        Alarm a = new Alarm(++lastId, origin.device(), sensor, origin.site(), origin.zone(), cls, type,
                AlarmState.RAISED, false, inDrill(origin), at, deviceTs, seq, origin.protocol(),
                List.of(new Step(AlarmState.RAISED, at, by)), null, where(origin.device(), sensor), isolated(origin, sensor));
        track(a);
        changes.add(a);
    }

    /** As {@link #restore}, skipping the lookup when the device has no open alarm at all. */
    private void restoreIfOpen(DeviceId device, String sensor, String type, Instant at, List<Alarm> changes) {
        if (openPerDevice.containsKey(device)) {
            restore(device, sensor, type, at, changes);
        }
    }

    private void restore(DeviceId device, String sensor, String type, Instant at, List<Alarm> changes) {
        Alarm a = open.get(new Key(device, sensor, type));
        if (a != null) {
            Alarm restored = a.advance(AlarmState.RESOLVED, at, SYSTEM, Cause.CLEARED);
            track(restored);
            changes.add(restored);
        }
    }

    /** The gateway's rules with the limits of the sensor's site and of the sensor merged in. */
    private AlarmRules rulesFor(DeviceId device, String sensor) {
        return thresholds.of(ports.limits().limitsOf(device, sensor)).rules();
    }

    /** A failing isolation check never silences an alarm: in doubt, it is dispatched. */
    private boolean isolated(Origin origin, String sensor) {
        try {
            return ports.isolations().isolated(origin.device(), sensor);
        } catch (RuntimeException e) {
            LOG.error("isolation check failed, dispatching the alarm [device: {}, sensor: {}]", origin.device(), sensor, e);
            return false;
        }
    }

    /** A failing drill check never costs an alarm: in doubt, the alarm is real. */
    /** Where the sensor is, or {@code null}: an alarm is raised without a location rather than not at all. */
    private AlarmLocation where(DeviceId device, String sensor) {
        try {
            return ports.where().where(device, sensor);
        } catch (RuntimeException e) {
            LOG.error("location lookup failed, raising the alarm without one [device: {}, sensor: {}]", device, sensor, e);
            return null;
        }
    }

    private boolean inDrill(Origin origin) {
        if (origin.site() == null) {
            return false;
        }
        String tenant = origin.device().tenant();
        try {
            return ports.drills().inDrill(tenant, origin.site());
        } catch (RuntimeException e) {
            LOG.error("drill check failed, raising the alarm as real [tenant: {}, site: {}]", tenant, origin.site(), e);
            return false;
        }
    }

    private static boolean elapsed(Instant since, Instant now, Duration limit) {
        return !since.plus(limit).isAfter(now);
    }

    private void track(Alarm a) {
        Key key = new Key(a.device(), a.sensor(), a.type());
        if (a.isOpen()) {
            if (open.put(key, a) == null) {
                openPerDevice.merge(a.device(), 1, Integer::sum);
            }
            openById.put(a.id(), a);
        } else {
            if (open.remove(key) != null) {
                openPerDevice.computeIfPresent(a.device(), (d, n) -> n == 1 ? null : n - 1);
            }
            openById.remove(a.id());
        }
    }
}
