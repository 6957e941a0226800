package io.firegrid.inventory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The duty roster of a station or a grid cell, as written under its {@code roster:} (docs/inventory.md,
 * "Duty rosters"): weekly shifts, leave and swaps, in the sites' local time. The gateway keeps it
 * apart from the station or cell ({@code PUT /api/v1/stations/{t}/{id}/roster}).
 *
 * @param kind {@code station} or {@code cell}
 * @param id   the station's or cell's id
 * @param head the station head, told when the backups do not answer, or null
 */
public record Roster(String kind, String id, String head, List<Shift> shifts, List<Leave> leave, List<Swap> swaps) {

    public static final String STATION = "station";
    public static final String CELL = "cell";

    public Roster {
        shifts = List.copyOf(shifts);
        leave = List.copyOf(leave);
        swaps = List.copyOf(swaps);
    }

    /**
     * A weekly shift: on each of {@code days} from {@code from} to {@code to}, the next day when
     * {@code to} is not after {@code from} (20:00-08:00 crosses midnight; 08:00-08:00 lasts 24 hours).
     */
    public record Shift(Set<DayOfWeek> days, LocalTime from, LocalTime to, List<String> people, List<String> backup) {
        public Shift {
            days = Set.copyOf(days);
            people = List.copyOf(people);
            backup = List.copyOf(backup);
        }

        /** The days in week order, by the names the gateway uses: mon, tue, ... */
        public List<String> dayNames() {
            return days.stream().sorted().map(Roster::dayName).toList();
        }

        /** Minutes from the start to the end: up to 24 hours. */
        long minutes() {
            long m = java.time.Duration.between(from, to).toMinutes();
            return m <= 0 ? m + 24 * 60 : m;
        }

        /** "mon-fri 08:00-20:00", "sat,sun 08:00-20:00": runs of three days or more as ranges, for messages. */
        String describe() {
            List<DayOfWeek> sorted = days.stream().sorted().toList();
            List<String> parts = new java.util.ArrayList<>();
            for (int i = 0; i < sorted.size(); ) {
                int j = i;
                while (j + 1 < sorted.size() && sorted.get(j + 1).getValue() == sorted.get(j).getValue() + 1) {
                    j++;
                }
                if (j - i >= 2) {
                    parts.add(dayName(sorted.get(i)) + "-" + dayName(sorted.get(j)));
                } else {
                    for (int k = i; k <= j; k++) {
                        parts.add(dayName(sorted.get(k)));
                    }
                }
                i = j + 1;
            }
            return String.join(",", parts) + " " + from + "-" + to;
        }
    }

    /** {@code person} is away from {@code from} to {@code to}, both days included. */
    public record Leave(String person, LocalDate from, LocalDate to) {
    }

    /** On shifts beginning on {@code date}, {@code in} works in the place of {@code out}. */
    public record Swap(LocalDate date, String out, String in) {
    }

    static String dayName(DayOfWeek d) {
        return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }
}
