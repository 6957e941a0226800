package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.List;

/**
 * What a roster must satisfy, checked in the transaction that stores it: every shift names someone
 * ({@code empty-shift}), every person named exists ({@code unknown-reference}), nobody is on two
 * shifts at once ({@code overlapping-shifts}), leave ends on or after it begins and a swap puts
 * someone else in ({@code bad-roster}). All are 400 with a reason naming the shift and the person.
 */
final class RosterChecks {

    private static final int WEEK = 7 * 24 * 60;

    private RosterChecks() {
    }

    static void check(Connection c, Roster r) throws SQLException {
        for (int i = 0; i < r.shifts().size(); i++) {
            Roster.Shift s = r.shifts().get(i);
            if (s.people().isEmpty()) {
                throw FireGridException.badRequest("empty-shift", "shift " + (i + 1) + " (" + s.describe()
                        + ") names no one: every shift needs at least one person in 'people'");
            }
        }
        for (String person : r.named()) {
            if (PlaceStore.role(c, r.tenant(), person) == null) {
                throw FireGridException.badRequest("unknown-reference", "the roster of " + r.kind() + " " + r.id()
                        + " names " + person + ", who is not a person of tenant " + r.tenant() + ": create them first")
                        .withHint("POST /api/v1/people");
            }
        }
        for (Roster.Leave l : r.leave()) {
            if (l.to().isBefore(l.from())) {
                throw FireGridException.badRequest("bad-roster", "leave of " + l.person() + " ends (" + l.to()
                        + ") before it begins (" + l.from() + ")");
            }
        }
        for (Roster.Swap w : r.swaps()) {
            if (w.in().equals(w.out())) {
                throw FireGridException.badRequest("bad-roster", "the swap of " + w.date() + " puts " + w.in()
                        + " in their own place");
            }
        }
        for (int i = 0; i < r.shifts().size(); i++) {
            for (int j = i + 1; j < r.shifts().size(); j++) {
                overlap(r.shifts().get(i), i, r.shifts().get(j), j);
            }
        }
    }

    /** Refuses two shifts that share a person and whose weekly times meet. */
    private static void overlap(Roster.Shift a, int i, Roster.Shift b, int j) {
        List<String> both = a.people().stream().filter(p -> b.people().contains(p) || b.backup().contains(p)).toList();
        if (both.isEmpty()) {
            both = a.backup().stream().filter(p -> b.people().contains(p)).toList();
        }
        if (both.isEmpty()) {
            return;
        }
        for (DayOfWeek da : a.days()) {
            for (DayOfWeek db : b.days()) {
                long sa = start(da, a);
                long sb = start(db, b);
                if (meet(sa, a.minutes(), sb, b.minutes())) {
                    throw FireGridException.badRequest("overlapping-shifts", both.get(0) + " is on shift " + (i + 1)
                            + " (" + a.describe() + ") and shift " + (j + 1) + " (" + b.describe()
                            + "), which overlap on " + Roster.dayName(da) + ": one person can be on one shift at a time");
                }
            }
        }
    }

    private static long start(DayOfWeek d, Roster.Shift s) {
        return (d.getValue() - 1) * 24L * 60 + s.from().getHour() * 60L + s.from().getMinute();
    }

    /** Whether [a, a+la) and [b, b+lb) meet on a week that wraps round. */
    private static boolean meet(long a, long la, long b, long lb) {
        long d = Math.floorMod(b - a, WEEK);
        long e = Math.floorMod(a - b, WEEK);
        return d < la || e < lb;
    }
}
