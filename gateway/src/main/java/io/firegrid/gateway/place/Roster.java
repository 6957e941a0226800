package io.firegrid.gateway.place;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is on duty at a station or in a grid cell, and when: shifts on a weekly pattern, with leave
 * and swaps as exceptions, in the site's local time ({@link RosterOptions#zone()}).
 *
 * <p>A shift begins on each of its {@code days} at {@code from} and ends at {@code to}, the next
 * day when {@code to} is not after {@code from} (20:00-08:00 crosses midnight; 08:00-08:00 lasts 24
 * hours). Leave and swaps are dated by the day the shift begins: a person on leave that day is not
 * on duty on it; a swap puts {@code in} in the place of {@code out} on the shifts {@code out} works
 * that day.
 *
 * @param kind  {@code station} or {@code cell}
 * @param head  the station head, told when the backups did not answer (stations), or {@code null}
 */
public record Roster(String tenant, String kind, String id, String head, List<Shift> shifts, List<Leave> leave,
                     List<Swap> swaps) {

    public static final String STATION = "station";
    public static final String CELL = "cell";

    public Roster {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        shifts = List.copyOf(shifts);
        leave = List.copyOf(leave);
        swaps = List.copyOf(swaps);
    }

    /**
     * A weekly shift.
     *
     * @param people who is on duty
     * @param backup who is told when they do not acknowledge in time
     */
    public record Shift(Set<DayOfWeek> days, LocalTime from, LocalTime to, List<String> people, List<String> backup) {
        public Shift {
            days = Set.copyOf(days);
            people = List.copyOf(people);
            backup = List.copyOf(backup);
        }

        /** Minutes from the start to the end: up to 24 hours. */
        long minutes() {
            long m = java.time.Duration.between(from, to).toMinutes();
            return m <= 0 ? m + 24 * 60 : m;
        }

        /** "mon,tue 08:00-20:00", for messages. */
        public String describe() {
            return String.join(",", days.stream().sorted().map(Roster::dayName).toList()) + " " + from + "-" + to;
        }
    }

    /** {@code person} is away from {@code from} to {@code to}, both days included. */
    public record Leave(String person, LocalDate from, LocalDate to) {
    }

    /** On shifts beginning on {@code date}, {@code in} works in the place of {@code out}. */
    public record Swap(LocalDate date, String out, String in) {
    }

    /** Who is on duty at one moment: the shift's people and backups after leave and swaps. */
    public record Duty(List<String> people, List<String> backup, String head) {
    }

    /** Who is on duty at {@code at}; empty when no shift covers it or every one of its people is away. */
    public Optional<Duty> onDuty(ZonedDateTime at) {
        Set<String> people = new LinkedHashSet<>();
        Set<String> backup = new LinkedHashSet<>();
        for (Shift s : shifts) {
            for (int back = 0; back <= 1; back++) {
                LocalDate day = at.toLocalDate().minusDays(back);
                if (!s.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime start = day.atTime(s.from()).atZone(at.getZone());
                ZonedDateTime end = start.plusMinutes(s.minutes());
                if (!at.isBefore(start) && at.isBefore(end)) {
                    people.addAll(present(s.people(), day));
                    backup.addAll(present(s.backup(), day));
                }
            }
        }
        backup.removeAll(people);
        return people.isEmpty() ? Optional.empty() : Optional.of(new Duty(List.copyOf(people), List.copyOf(backup), head));
    }

    /** {@code ids} as they work shifts beginning on {@code day}: swapped, then without those on leave. */
    private List<String> present(List<String> ids, LocalDate day) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String who = swaps.stream().filter(w -> w.date().equals(day) && w.out().equals(id)).map(Swap::in)
                    .findFirst().orElse(id);
            boolean away = leave.stream().anyMatch(l -> l.person().equals(who) && !day.isBefore(l.from())
                    && !day.isAfter(l.to()));
            if (!away) {
                out.add(who);
            }
        }
        return out;
    }

    /** Everyone the roster names. */
    public Set<String> named() {
        Set<String> out = new LinkedHashSet<>();
        if (head != null) {
            out.add(head);
        }
        shifts.forEach(s -> {
            out.addAll(s.people());
            out.addAll(s.backup());
        });
        leave.forEach(l -> out.add(l.person()));
        swaps.forEach(w -> {
            out.add(w.out());
            out.add(w.in());
        });
        return out;
    }

    static String dayName(DayOfWeek d) {
        return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }
}
