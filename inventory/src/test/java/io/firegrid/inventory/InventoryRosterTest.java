package io.firegrid.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Duty rosters of stations and cells: read as the gateway takes them, each refusal at its line, with what to do. */
class InventoryRosterTest {

    private static final String PLACES = """
            tenant: t1
            people:
              - {id: li, name: Li Wei, role: crew}
              - {id: chen, name: Chen Jing, role: crew}
              - {id: wang, name: Wang Fang, role: grid-worker}
              - {id: sun, name: Sun Hao, role: duty-officer}
            cells:
              - {id: c1, station: S1, gridWorkers: [wang]}
            stations:
              - id: S1
                name: Station 1
                location: {lat: 31.2, lon: 121.4}
                crew: [li, chen]
                roster:
            """; // 14 lines; the roster's keys follow from line 15

    private static InventoryParser.Result roster(String body) {
        return InventoryParser.parse(PLACES + body.indent(6));
    }

    @Test
    void aRosterIsReadWithItsShiftsLeaveAndSwaps() {
        InventoryParser.Result r = roster("""
                head: sun
                shifts:
                  - {days: [mon-fri], from: "08:00", to: "20:00", people: [li], backup: [chen]}
                  - {days: [fri-mon], from: "20:00", to: "08:00", people: [chen]}
                leave: [{person: li, from: 2026-12-01, to: 2026-12-03}]
                swaps: [{date: 2026-12-07, out: chen, in: li}]
                """);

        assertThat(r.problems()).isEmpty();
        Roster roster = r.inventory().rosters().get(0);
        assertThat(roster.kind()).isEqualTo("station");
        assertThat(roster.id()).isEqualTo("S1");
        assertThat(roster.head()).isEqualTo("sun");
        assertThat(roster.shifts().get(0)).isEqualTo(new Roster.Shift(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(20, 0),
                List.of("li"), List.of("chen")));
        assertThat(roster.shifts().get(1).dayNames()).as("a range wraps round the week, in week order")
                .containsExactly("mon", "fri", "sat", "sun");
        assertThat(roster.leave()).containsExactly(new Roster.Leave("li", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3)));
        assertThat(roster.swaps()).containsExactly(new Roster.Swap(LocalDate.of(2026, 12, 7), "chen", "li"));
    }

    @Test
    void aCellsRosterIsReadToo() {
        InventoryParser.Result r = InventoryParser.parse(PLACES.replace("roster:\n", "") .replace(
                "{id: c1, station: S1, gridWorkers: [wang]}",
                "{id: c1, station: S1, gridWorkers: [wang], roster: {shifts: [{days: [sat, sun], from: \"09:00\", to: \"17:00\", "
                        + "people: [wang]}]}}"));

        assertThat(r.problems()).isEmpty();
        assertThat(r.inventory().rosters()).extracting(Roster::kind, Roster::id).containsExactly(tuple("cell", "c1"));
    }

    @Test
    void aPersonNotUnderPeopleIsRefusedWhereverTheRosterNamesThem() {
        InventoryParser.Result r = roster("""
                head: sunn
                shifts:
                  - {days: [mon-sun], from: "08:00", to: "20:00", people: [li, zhou-qiang], backup: [chen]}
                leave: [{person: lii, from: 2026-12-01, to: 2026-12-03}]
                swaps: [{date: 2026-12-07, out: li, in: nobody-known}]
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message, Problem::hint).containsExactly(
                tuple(15, "'head' of the roster of station 'S1' names 'sunn', who is not under 'people'", "did you mean 'sun'?"),
                tuple(17, "'people' of shift 1 of the roster of station 'S1' names 'zhou-qiang', who is not under 'people'",
                        "add them under 'people', or correct the id (people: li, chen, wang, sun)"),
                tuple(18, "'person' of leave in the roster of station 'S1' names 'lii', who is not under 'people'",
                        "did you mean 'li'?"),
                tuple(19, "'in' of a swap in the roster of station 'S1' names 'nobody-known', who is not under 'people'",
                        "add them under 'people', or correct the id (people: li, chen, wang, sun)"));
    }

    @Test
    void overlappingShiftsOfOnePersonAreRefusedNamingBothShiftsAndTheDay() {
        InventoryParser.Result r = roster("""
                shifts:
                  - {days: [mon-fri], from: "08:00", to: "20:00", people: [li]}
                  - {days: [sat, sun], from: "08:00", to: "20:00", people: [li]}
                  - {days: [fri], from: "18:00", to: "02:00", people: [chen], backup: [li]}
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(18, "li is on shift 1 of the roster of station 'S1' (line 16: mon-fri 08:00-20:00) and on "
                        + "shift 3 (fri 18:00-02:00), which overlap on fri"));
        assertThat(r.problems().get(0).hint()).startsWith("one person can be on one shift at a time");
    }

    @Test
    void aNightShiftRunningIntoTheNextDaysShiftOverlapsIt() {
        InventoryParser.Result r = roster("""
                shifts:
                  - {days: [sun], from: "20:00", to: "09:00", people: [li]}
                  - {days: [mon], from: "08:00", to: "12:00", people: [li]}
                """);

        assertThat(r.problems()).extracting(Problem::message).singleElement().asString()
                .endsWith("which overlap on mon");
    }

    @Test
    void backToBackShiftsDoNotOverlap() {
        InventoryParser.Result r = roster("""
                shifts:
                  - {days: [mon-sun], from: "08:00", to: "20:00", people: [li], backup: [chen]}
                  - {days: [mon-sun], from: "20:00", to: "08:00", people: [chen], backup: [li]}
                """);

        assertThat(r.problems()).isEmpty();
    }

    @Test
    void badDaysTimesDatesAndEmptyShiftsAreRefusedSayingTheForm() {
        InventoryParser.Result r = roster("""
                shifts:
                  - {days: [monday], from: "8:00", to: "20:00", people: [li]}
                  - {days: [sat], from: "08:00", to: "20:00", people: []}
                  - {from: "08:00", to: "20:00", people: [chen]}
                leave: [{person: li, from: 2026-12-03, to: 2026-12-01}, {person: chen, from: next week, to: 2026-12-09}]
                swaps: [{date: 2026-12-07, out: li, in: li}]
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(16, "'monday' in 'days' of shift 1 of the roster of station 'S1' is not a day or a range of days"),
                tuple(16, "'from' of shift 1 of the roster of station 'S1' is '8:00', not a time of day"),
                tuple(17, "shift 2 of the roster of station 'S1' names no one in 'people'"),
                tuple(18, "shift 3 of the roster of station 'S1' has no 'days'"),
                tuple(19, "leave of li ends (2026-12-01) before it begins (2026-12-03)"),
                tuple(19, "'from' of leave in the roster of station 'S1' is 'next week', not a date"),
                tuple(20, "the swap of 2026-12-07 puts li in their own place"));
        assertThat(r.problems().get(0).hint()).contains("[mon-fri]");
        assertThat(r.problems().get(1).hint()).contains("HH:mm");
        assertThat(r.problems().get(5).hint()).contains("YYYY-MM-DD");
    }

    @Test
    void aRosterWithoutShiftsOrWithAnUnknownKeyIsRefused() {
        InventoryParser.Result r = roster("""
                head: sun
                shift: []
                """);

        assertThat(r.problems()).extracting(Problem::line, Problem::message).containsExactly(
                tuple(15, "the roster of station 'S1' has no 'shifts'"),
                tuple(16, "unknown key 'shift' in the roster of station 'S1'"));
        assertThat(r.problems().get(1).hint()).isEqualTo("did you mean 'shifts'?");
    }
}
