package io.firegrid.inventory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads the {@code roster:} of a station or grid cell and checks it where it is written, as the
 * gateway will ({@code place/RosterJson}, {@code place/RosterChecks}): every shift has days, a
 * start, an end and someone in {@code people}; every person named is under {@code people:} of the
 * file; nobody is on two shifts whose weekly times meet; leave ends on or after it begins; a swap
 * puts someone else in. Each problem has the line of the value at fault and what to do.
 */
final class RosterReading {

    static final List<String> ROSTER = List.of("head", "shifts", "leave", "swaps");
    static final List<String> SHIFT = List.of("days", "from", "to", "people", "backup");
    static final List<String> LEAVE = List.of("person", "from", "to");
    static final List<String> SWAP = List.of("date", "out", "in");
    private static final int WEEK = 7 * 24 * 60;
    private static final String DAYS_HINT = "write days: [mon-fri], [sat, sun] or [mon-sun]; days are mon, tue, wed, "
            + "thu, fri, sat, sun";

    private final Set<String> people;

    /** @param people the ids under {@code people:} of the file */
    RosterReading(Set<String> people) {
        this.people = people;
    }

    /** The roster of {@code f} (a station or cell named {@code kind} {@code id}), null when it has none. */
    Roster read(Fields f, String kind, String id) {
        if (!f.has("roster")) {
            return null;
        }
        Fields r = f.map("roster", false, "the roster of " + f.what(), ROSTER,
                "{head: li-wei, shifts: [{days: [mon-sun], from: \"08:00\", to: \"20:00\", people: [li-wei]}]}");
        String head = r.optionalId("head");
        person(r, r.pos("head"), head, "'head'");
        List<Roster.Shift> shifts = new ArrayList<>();
        List<Fields> shiftFields = new ArrayList<>();
        List<MappingNode> given = r.list("shifts", "days: [mon-sun]");
        if (given.isEmpty() && !r.has("shifts")) {
            r.problem(r.pos(), r.what() + " has no 'shifts'", "add the weekly shifts, e.g. shifts: [{days: [mon-sun], "
                    + "from: \"08:00\", to: \"20:00\", people: [li-wei]}], or leave 'roster' out: then everyone is on duty");
        }
        for (int i = 0; i < given.size(); i++) {
            Fields s = new Fields(given.get(i), "shift " + (i + 1) + " of the roster of " + f.what(), SHIFT, r.problems());
            Roster.Shift shift = shift(s);
            if (shift != null) {
                shifts.add(shift);
                shiftFields.add(s);
            }
        }
        List<Roster.Leave> leave = new ArrayList<>();
        for (MappingNode m : r.list("leave", "{person: li-wei, from: 2026-12-01, to: 2026-12-03}")) {
            Fields l = new Fields(m, "leave in the roster of " + f.what(), LEAVE, r.problems());
            String who = l.requiredId("person", "li-wei");
            person(l, l.pos("person"), who, "'person'");
            LocalDate from = date(l, "from");
            LocalDate to = date(l, "to");
            if (from != null && to != null && to.isBefore(from)) {
                l.problem(l.pos("to"), "leave of " + who + " ends (" + to + ") before it begins (" + from + ")",
                        "write the first and the last day away, both included");
            } else if (who != null && from != null && to != null) {
                leave.add(new Roster.Leave(who, from, to));
            }
        }
        List<Roster.Swap> swaps = new ArrayList<>();
        for (MappingNode m : r.list("swaps", "{date: 2026-12-07, out: li-wei, in: chen-jing}")) {
            Fields w = new Fields(m, "a swap in the roster of " + f.what(), SWAP, r.problems());
            LocalDate date = date(w, "date");
            String out = w.requiredId("out", "li-wei");
            String in = w.requiredId("in", "chen-jing");
            person(w, w.pos("out"), out, "'out'");
            person(w, w.pos("in"), in, "'in'");
            if (out != null && out.equals(in)) {
                w.problem(w.pos("in"), "the swap of " + date + " puts " + in + " in their own place",
                        "'in' is the person who works instead of 'out'");
            } else if (date != null && out != null && in != null) {
                swaps.add(new Roster.Swap(date, out, in));
            }
        }
        for (int i = 0; i < shifts.size(); i++) {
            for (int j = i + 1; j < shifts.size(); j++) {
                overlap(shifts.get(i), shiftFields.get(i), shifts.get(j), shiftFields.get(j));
            }
        }
        return new Roster(kind, id, head, shifts, leave, swaps);
    }

    private Roster.Shift shift(Fields s) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<Fields.Item> items = s.items("days", "[mon-fri]");
        if (items.isEmpty() && !s.has("days")) {
            s.problem(s.pos(), s.what() + " has no 'days'", DAYS_HINT);
        }
        boolean daysOk = true;
        for (Fields.Item d : items) {
            Set<DayOfWeek> read = days(d.value());
            if (read == null) {
                s.problem(d.at(), "'" + d.value() + "' in 'days' of " + s.what() + " is not a day or a range of days",
                        DAYS_HINT);
                daysOk = false;
            } else {
                days.addAll(read);
            }
        }
        LocalTime from = time(s, "from", "\"08:00\"");
        LocalTime to = time(s, "to", "\"20:00\"");
        List<String> on = s.ids("people");
        List<String> backup = s.ids("backup");
        if (on.isEmpty()) {
            s.problem(s.has("people") ? s.pos("people") : s.pos(), s.what() + " names no one in 'people'",
                    "every shift needs at least one person on duty: people: [li-wei]");
        }
        references(s, "people", on);
        references(s, "backup", backup);
        if (days.isEmpty() || !daysOk || from == null || to == null || on.isEmpty()) {
            return null;
        }
        return new Roster.Shift(days, from, to, on, backup);
    }

    private void references(Fields s, String key, List<String> ids) {
        List<Position> at = s.idPositions(key);
        for (int i = 0; i < ids.size(); i++) {
            person(s, i < at.size() ? at.get(i) : s.pos(key), ids.get(i), "'" + key + "'");
        }
    }

    private void person(Fields f, Position where, String id, String key) {
        if (id == null || people.contains(id)) {
            return;
        }
        String hint = people.isEmpty() ? "add them under 'people'" : Fields.unknownKeyHint(id, List.copyOf(people));
        f.problem(where, key + " of " + f.what() + " names '" + id + "', who is not under 'people'",
                hint.startsWith("did") ? hint : "add them under 'people', or correct the id (people: "
                        + String.join(", ", people) + ")");
    }

    /** A day ({@code mon}) or a range ({@code mon-fri}, {@code fri-mon} wraps round); null when neither. */
    static Set<DayOfWeek> days(String text) {
        String[] range = text.strip().toLowerCase(java.util.Locale.ROOT).split("-", -1);
        if (range.length > 2) {
            return null;
        }
        DayOfWeek a = day(range[0]);
        DayOfWeek b = day(range[range.length - 1]);
        if (a == null || b == null) {
            return null;
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = a; ; d = d.plus(1)) {
            out.add(d);
            if (d == b) {
                return out;
            }
        }
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (Roster.dayName(d).equals(s)) {
                return d;
            }
        }
        return null;
    }

    /** A time of day written {@code HH:mm}. Quoted or not, YAML hands over the text as written. */
    static LocalTime time(Fields f, String key, String example) {
        String t = f.text(key, true, example);
        if (t == null) {
            return null;
        }
        try {
            if (t.matches("\\d\\d:\\d\\d")) {
                return LocalTime.parse(t);
            }
        } catch (DateTimeParseException e) {
            // refused below, saying the form
        }
        f.problem(f.pos(key), "'" + key + "' of " + f.what() + " is '" + t + "', not a time of day",
                "write HH:mm from 00:00 to 23:59, in quotes: " + key + ": " + example);
        return null;
    }

    private static LocalDate date(Fields f, String key) {
        String t = f.text(key, true, "2026-12-01");
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            f.problem(f.pos(key), "'" + key + "' of " + f.what() + " is '" + t + "', not a date",
                    "write the date as YYYY-MM-DD, e.g. 2026-12-01");
            return null;
        }
    }

    /** Refuses two shifts that share a person and whose weekly times meet, as the gateway does. */
    private static void overlap(Roster.Shift a, Fields fa, Roster.Shift b, Fields fb) {
        List<String> both = a.people().stream().filter(p -> b.people().contains(p) || b.backup().contains(p)).toList();
        if (both.isEmpty()) {
            both = a.backup().stream().filter(p -> b.people().contains(p)).toList();
        }
        if (both.isEmpty()) {
            return;
        }
        for (DayOfWeek da : a.days().stream().sorted().toList()) {
            for (DayOfWeek db : b.days().stream().sorted().toList()) {
                long sa = start(da, a);
                long sb = start(db, b);
                long d = Math.floorMod(sb - sa, WEEK);
                long e = Math.floorMod(sa - sb, WEEK);
                if (d < a.minutes() || e < b.minutes()) {
                    fb.problem(fb.pos(), both.get(0) + " is on " + fa.what() + " (line " + fa.pos().line() + ": "
                            + a.describe() + ") and on " + fb.what().replaceFirst(" of the roster.*", "") + " ("
                            + b.describe() + "), which overlap on " + Roster.dayName(d < a.minutes() ? db : da),
                            "one person can be on one shift at a time: change the times, or put someone else on one of them");
                    return;
                }
            }
        }
    }

    private static long start(DayOfWeek d, Roster.Shift s) {
        return (d.getValue() - 1) * 24L * 60 + s.from().getHour() * 60L + s.from().getMinute();
    }
}
