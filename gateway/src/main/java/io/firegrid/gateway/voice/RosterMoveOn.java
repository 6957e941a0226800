package io.firegrid.gateway.voice;

import io.firegrid.gateway.alarm.Alarm;
import io.firegrid.gateway.alarm.AlarmClass;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.place.Person;
import io.firegrid.gateway.place.Places;
import io.firegrid.gateway.place.Roster;
import io.firegrid.gateway.place.Rosters;
import io.firegrid.gateway.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a call nobody answered, calls the next person on the roster of the station the fire alarm
 * is at, instead of the whole alarm's next escalation step: in the order of the duty now — the
 * people on duty, their backups, the station head — the first after the one who did not answer who
 * was not called about this alarm yet and has a number. When there is none (the person is not on
 * the roster, the station has no roster, everyone was called) nobody is called here and the
 * escalation is brought forward as before ({@link CallTracker}), as it is when the voice API does not
 * take the call to the next person.
 */
public final class RosterMoveOn implements CallTracker.MoveOn {

    private static final Logger LOG = LoggerFactory.getLogger(RosterMoveOn.class);

    private final AlarmService alarms;
    private final Places places;
    private final Rosters rosters;
    private final VoiceChannel channel;
    private final Database db;
    private final Clock clock;

    public RosterMoveOn(AlarmService alarms, Places places, Rosters rosters, VoiceChannel channel, Database db, Clock clock) {
        this.alarms = alarms;
        this.places = places;
        this.rosters = rosters;
        this.channel = channel;
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Future<Boolean> after(long alarmId, String tenant, String person) {
        return alarms.get(alarmId).compose(alarm -> {
            if (alarm.alarmClass() != AlarmClass.FIRE || alarm.state() != AlarmState.RAISED) {
                return Future.succeededFuture(false);
            }
            List<String> order = order(tenant, alarm.site());
            int at = order.indexOf(person);
            if (at < 0) {
                return Future.succeededFuture(false);
            }
            List<String> rest = order.subList(at + 1, order.size());
            return db.read(c -> {
                for (String id : rest) {
                    Optional<Person> p = places.person(tenant, id);
                    if (p.isPresent() && !p.get().reachAt().isEmpty() && !CallLog.called(c, alarmId, tenant, id)) {
                        return p;
                    }
                }
                return Optional.<Person>empty();
            }).compose(next -> next.isEmpty() ? Future.succeededFuture(false) : call(alarm, next.get(), person));
        });
    }

    /** The station roster's duty now, in order: on duty, backups, head; empty without one. */
    private List<String> order(String tenant, String site) {
        return places.stationCovering(tenant, site)
                .flatMap(station -> rosters.onDuty(tenant, Roster.STATION, station, clock.instant()))
                .map(d -> {
                    LinkedHashSet<String> out = new LinkedHashSet<>(d.people());
                    out.addAll(d.backup());
                    if (d.head() != null) {
                        out.add(d.head());
                    }
                    return List.copyOf(out);
                }).orElse(List.of());
    }

    private Future<Boolean> call(Alarm alarm, Person next, String after) {
        JsonObject who = new JsonObject().put("id", next.id()).put("name", next.name()).put("phone", next.phone())
                .put("phones", new JsonArray(new ArrayList<>(next.phones())));
        JsonObject body = new JsonObject().put("tenant", next.tenant()).put("alarm", new JsonObject(AlarmJson.toJson(alarm)))
                .put("recipient", new JsonObject().put("people", new JsonArray().add(who)));
        LOG.info("call not answered, calling the next on the roster [alarm: {}, after: {}, next: {}]", alarm.id(), after,
                next.id());
        List<Future<io.firegrid.gateway.dispatch.Channel.Outcome>> calls = next.reachAt().stream()
                .map(phone -> channel.send(phone, 0, body.encode())).toList();
        // a call the voice API did not take is no one called: the escalation is brought forward instead
        return Future.join(calls).transform(v -> Future.succeededFuture(calls.stream()
                .anyMatch(f -> f.succeeded() && f.result().delivered())));
    }
}
