package io.firegrid.gateway.alarm;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.FireGridException.Status;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which alarms events raise and which lifecycle steps are allowed. Pure in-memory logic:
 * it knows nothing of storage or protocols, and is confined to one thread (the store's), so
 * decisions and their persistence happen in the same order.
 *
 * <p>Rules implemented so far:
 * <ul>
 *   <li>a smoke detector in {@code alarm} raises a <b>fire</b> alarm at once, one open alarm per
 *       (device, sensor, type): a detector that keeps reporting alarm does not raise a second one;</li>
 *   <li>a second detector in alarm in the same site and zone marks both alarms confirmed;</li>
 *   <li>a smoke detector back to {@code normal} does not close the fire alarm: a person must
 *       resolve it with a cause.</li>
 * </ul>
 */
final class AlarmEngine {

    /** Where an event came from, as far as alarms care. */
    record Origin(DeviceId device, String site, String zone, String protocol, Instant receivedAt) {
    }

    private record Key(DeviceId device, String sensor, String type) {
    }

    private final Map<Key, Alarm> open = new HashMap<>();
    private final Map<Long, Alarm> openById = new HashMap<>();
    private long lastId;

    /** Replaces all state: the open alarms and the highest id ever given. */
    void reset(List<Alarm> openAlarms, long maxId) {
        open.clear();
        openById.clear();
        openAlarms.forEach(this::track);
        lastId = maxId;
    }

    /** The alarms created or changed by {@code event}, in the order to store and publish them. */
    List<Alarm> onEvent(Origin origin, Event event) {
        if (event.kind() != Kind.SMOKE || event.state() != State.ALARM) {
            return List.of();
        }
        Key key = new Key(origin.device(), event.sensor(), "smoke");
        if (open.containsKey(key)) {
            return List.of();
        }
        List<Alarm> changes = new ArrayList<>();
        boolean confirmed = false;
        if (origin.zone() != null) {
            for (Alarm other : List.copyOf(openById.values())) {
                if (other.alarmClass() == AlarmClass.FIRE && origin.zone().equals(other.zone())
                        && Objects.equals(origin.site(), other.site())
                        && other.device().tenant().equals(origin.device().tenant())) {
                    confirmed = true;
                    if (!other.confirmed()) {
                        Alarm c = other.confirm();
                        track(c);
                        changes.add(c);
                    }
                }
            }
        }
        Alarm raised = new Alarm(++lastId, origin.device(), event.sensor(), origin.site(), origin.zone(),
                AlarmClass.FIRE, "smoke", AlarmState.RAISED, confirmed, origin.receivedAt(), event.ts(), event.seq(),
                origin.protocol(), List.of(new Step(AlarmState.RAISED, origin.receivedAt(), origin.device().authId())), null);
        track(raised);
        changes.add(0, raised);
        return changes;
    }

    /** The alarms that time-based rules raise or restore as of {@code now}. */
    List<Alarm> tick(Instant now) {
        return List.of();
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

    private void track(Alarm a) {
        Key key = new Key(a.device(), a.sensor(), a.type());
        if (a.isOpen()) {
            open.put(key, a);
            openById.put(a.id(), a);
        } else {
            open.remove(key);
            openById.remove(a.id());
        }
    }
}
