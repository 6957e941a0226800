package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a {@link Roster}, the same in requests, answers and the store:
 * <pre>
 * {"head":"chief-li"?,
 *  "shifts":[{"days":["mon","tue","wed","thu","fri","sat","sun"],"from":"08:00","to":"20:00",
 *             "people":["li","wang"],"backup":["zhao"]?}],
 *  "leave":[{"person":"li","from":"2026-12-01","to":"2026-12-03"}]?,
 *  "swaps":[{"date":"2026-12-07","out":"li","in":"zhao"}]?}
 * </pre>
 * {@code "days":["mon-sun"]} and {@code ["mon-fri"]} name ranges. A malformed field is 400
 * {@code bad-roster} saying which and what form it takes; a time is 400 {@code bad-time}.
 */
public final class RosterJson {

    private RosterJson() {
    }

    public static Roster parse(String tenant, String kind, String id, JsonObject o) {
        for (String key : o.fieldNames()) {
            if (!List.of("head", "shifts", "leave", "swaps", "tenant", "id", "kind", "station", "cell").contains(key)) {
                throw bad("unknown field '" + key + "': a roster has head, shifts, leave and swaps");
            }
        }
        Object head = o.getValue("head");
        if (head != null && !(head instanceof String)) {
            throw bad("'head' must be a person id");
        }
        List<Roster.Shift> shifts = new ArrayList<>();
        List<JsonObject> given = objects(o, "shifts");
        for (int i = 0; i < given.size(); i++) {
            shifts.add(shift(given.get(i), "shifts[" + i + "]"));
        }
        List<Roster.Leave> leave = objects(o, "leave").stream().map(l -> new Roster.Leave(string(l, "person", "leave"),
                date(l, "from", "leave"), date(l, "to", "leave"))).toList();
        List<Roster.Swap> swaps = objects(o, "swaps").stream().map(w -> new Roster.Swap(date(w, "date", "swaps"),
                string(w, "out", "swaps"), string(w, "in", "swaps"))).toList();
        return new Roster(tenant, kind, id, (String) head, shifts, leave, swaps);
    }

    public static JsonObject toJson(Roster r) {
        JsonArray shifts = new JsonArray();
        r.shifts().forEach(s -> shifts.add(new JsonObject()
                .put("days", new JsonArray(s.days().stream().sorted().map(Roster::dayName).toList()))
                .put("from", s.from().toString()).put("to", s.to().toString())
                .put("people", new JsonArray(s.people())).put("backup", new JsonArray(s.backup()))));
        JsonArray leave = new JsonArray();
        r.leave().forEach(l -> leave.add(new JsonObject().put("person", l.person()).put("from", l.from().toString())
                .put("to", l.to().toString())));
        JsonArray swaps = new JsonArray();
        r.swaps().forEach(w -> swaps.add(new JsonObject().put("date", w.date().toString()).put("out", w.out())
                .put("in", w.in())));
        return new JsonObject().put("tenant", r.tenant()).put(r.kind(), r.id()).put("head", r.head())
                .put("shifts", shifts).put("leave", leave).put("swaps", swaps);
    }

    private static Roster.Shift shift(JsonObject s, String where) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Object d = s.getValue("days");
        if (!(d instanceof JsonArray arr) || arr.isEmpty()) {
            throw bad("'" + where + ".days' must list days, e.g. [\"mon-sun\"] or [\"sat\",\"sun\"]");
        }
        for (Object x : arr) {
            days.addAll(days(x, where));
        }
        return new Roster.Shift(days, Preferences.parseTime(s.getValue("from"), where + ".from"),
                Preferences.parseTime(s.getValue("to"), where + ".to"), ids(s, "people", where), ids(s, "backup", where));
    }

    private static Set<DayOfWeek> days(Object x, String where) {
        if (x instanceof String s) {
            String[] range = s.split("-", -1);
            if (range.length == 1 || range.length == 2) {
                DayOfWeek a = day(range[0]);
                DayOfWeek b = day(range[range.length - 1]);
                if (a != null && b != null) {
                    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
                    for (DayOfWeek at = a; ; at = at.plus(1)) {
                        out.add(at);
                        if (at == b) {
                            return out;
                        }
                    }
                }
            }
        }
        throw bad("'" + where + ".days' has '" + x + "': use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri");
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (Roster.dayName(d).equals(s)) {
                return d;
            }
        }
        return null;
    }

    private static List<String> ids(JsonObject o, String field, String where) {
        Object v = o.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray arr) || arr.stream().anyMatch(x -> !(x instanceof String))) {
            throw bad("'" + where + "." + field + "' must be a list of person ids");
        }
        return arr.stream().map(String.class::cast).toList();
    }

    private static List<JsonObject> objects(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray arr) || arr.stream().anyMatch(x -> !(x instanceof JsonObject))) {
            throw bad("'" + field + "' must be a list of objects");
        }
        return arr.stream().map(JsonObject.class::cast).toList();
    }

    private static String string(JsonObject o, String field, String where) {
        Object v = o.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw bad("each of '" + where + "' needs '" + field + "', a person id");
        }
        return s;
    }

    private static LocalDate date(JsonObject o, String field, String where) {
        Object v = o.getValue(field);
        try {
            if (v instanceof String s) {
                return LocalDate.parse(s);
            }
        } catch (DateTimeParseException e) {
            // refused below, saying the form
        }
        throw bad("each of '" + where + "' needs '" + field + "', a date written YYYY-MM-DD, not '" + v + "'");
    }

    private static FireGridException bad(String detail) {
        return FireGridException.badRequest("bad-roster", detail);
    }
}
