package io.firegrid.agent.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.RecordingUplink;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.sim.DemoDevice;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in scenarios played on the demo's three devices with a recording uplink in place of
 * the platform, a hundred times faster or more. Each power-on gets a new uplink, so a power cut
 * shows as one uplink closed and the next one carrying on.
 */
class ScenarioRunnerTest {

    private static final double SPEED = 100;
    /** The agents read pressure as often, relative to the scenario, as on a Pi every 10 s. */
    private static final Duration PRESSURE_PERIOD = Duration.ofMillis(100);
    private static final Duration SOON = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final Map<String, List<RecordingUplink>> uplinks = new ConcurrentHashMap<>();
    private final List<String> narrated = new CopyOnWriteArrayList<>();
    private Fleet fleet;
    private ScenarioRunner runner;

    @BeforeEach
    void startDemoDevices() {
        fleet = new Fleet();
        for (DemoDevice d : DemoDevice.first(3)) {
            Hardware hardware = d.hardware(Duration.ZERO, PRESSURE_PERIOD);
            fleet.add(d.name(), hardware, () -> newAgent(d, hardware));
        }
        fleet.startAll();
    }

    private Agent newAgent(DemoDevice d, Hardware hardware) {
        RecordingUplink uplink = RecordingUplink.working();
        uplinks.computeIfAbsent(d.name(), k -> new CopyOnWriteArrayList<>()).add(uplink);
        try {
            return new Agent(d.id(), hardware, SeqCounter.open(dir.resolve(d.name()).resolve("seq"), () -> 1), uplink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        fleet.close();
    }

    private void play(String name, double speed) throws Exception {
        Scenario scenario = Scenarios.load(name, fleet.layout());
        runner = new ScenarioRunner(fleet, speed, narrated::add);
        runner.run(scenario).get(30, TimeUnit.SECONDS);
    }

    /** Every message {@code device} sent, across power cuts, in order. */
    private List<DeviceMessage> messages(String device) {
        List<DeviceMessage> all = new ArrayList<>();
        uplinks.getOrDefault(device, List.of()).forEach(u -> all.addAll(u.messages()));
        return all;
    }

    private List<State> states(String device, String sensor) {
        return messages(device).stream().filter(Event.class::isInstance).map(Event.class::cast)
                .filter(e -> e.sensor().equals(sensor)).map(Event::state).toList();
    }

    private List<Reading> readings(String device, String sensor) {
        List<Reading> all = new ArrayList<>();
        uplinks.getOrDefault(device, List.of()).forEach(u -> all.addAll(u.readings(sensor)));
        return all;
    }

    @Test
    void fireInZoneARaisesBothZoneADetectorsOneAfterTheOtherAndClearsThem() throws Exception {
        play("fire-in-zone-a", 1000);

        await().atMost(SOON).until(() -> states("pi-a2", "smoke-1").size() == 3);
        assertThat(states("pi-a1", "smoke-1")).containsExactly(State.NORMAL, State.ALARM, State.NORMAL);
        assertThat(states("pi-a2", "smoke-1")).containsExactly(State.NORMAL, State.ALARM, State.NORMAL);
        assertThat(alarmAt("pi-a1")).isBefore(alarmAt("pi-a2"));
        assertThat(states("pi-b1", "smoke-1")).containsExactly(State.NORMAL);
        assertThat(narrated).contains("scenario: 0:00 pi-a1 smoke-1 -> ALARM", "scenario: 0:05 pi-a2 smoke-1 -> ALARM");
    }

    private java.time.Instant alarmAt(String device) {
        return messages(device).stream().filter(Event.class::isInstance).map(Event.class::cast)
                .filter(e -> e.state() == State.ALARM).findFirst().orElseThrow().ts();
    }

    @Test
    void slowHydrantLeakSendsPressuresFallingToTwentyHundredthsOfAMegapascalWithoutAFault() throws Exception {
        play("slow-hydrant-leak", SPEED * 2);

        await().atMost(SOON).until(() -> last(readings("pi-b1", "hydrant-1")).value() < 0.201);
        // the standing pressure until the leak starts: 0.45 MPa, whose first level may fall between two reads
        List<Double> leak = readings("pi-b1", "hydrant-1").stream().map(Reading::value)
                .dropWhile(v -> v <= Fleet.STANDING_PRESSURE_MPA + 0.001).toList();
        assertThat(leak).hasSizeGreaterThan(20);
        assertThat(leak.get(0)).isGreaterThan(0.43);
        assertThat(leak).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(last(leak)).isCloseTo(0.20, within(0.001));
        assertThat(states("pi-b1", "hydrant-1")).containsExactly(State.NORMAL);
    }

    @Test
    void wireBreakEndsFallingReadingsWithOneFaultAndNoReadingsUntilMended() throws Exception {
        play("wire-break", SPEED);

        await().atMost(SOON).until(() -> states("pi-b1", "hydrant-1").size() == 3);
        assertThat(states("pi-b1", "hydrant-1")).containsExactly(State.NORMAL, State.FAULT, State.NORMAL);
        List<DeviceMessage> sent = messages("pi-b1");
        long faultSeq = hydrantEvent(sent, State.FAULT).seq();
        long mendedSeq = sent.stream().filter(m -> m.seq() > faultSeq && m instanceof Event e
                && e.sensor().equals("hydrant-1")).findFirst().orElseThrow().seq();
        List<Double> before = sent.stream().filter(m -> m.seq() < faultSeq).flatMap(m -> readingsIn(m).stream()).toList();
        assertThat(before).hasSizeGreaterThan(2).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(last(before)).isLessThan(0.36);
        assertThat(sent.stream().filter(m -> m.seq() > faultSeq && m.seq() < mendedSeq)
                .flatMap(m -> readingsIn(m).stream())).isEmpty();
    }

    private static Event hydrantEvent(List<DeviceMessage> sent, State state) {
        return sent.stream().filter(Event.class::isInstance).map(Event.class::cast)
                .filter(e -> e.sensor().equals("hydrant-1") && e.state() == state).findFirst().orElseThrow();
    }

    private static List<Double> readingsIn(DeviceMessage m) {
        return m instanceof io.firegrid.protocol.Readings r
                ? r.readings().stream().filter(x -> x.sensor().equals("hydrant-1")).map(Reading::value).toList()
                : List.of();
    }

    @Test
    void doorWedgedOpenStaysOpenUntilTheWedgeIsRemoved() throws Exception {
        play("door-wedged-open", 1000);

        await().atMost(SOON).until(() -> states("pi-a1", "door-1").size() == 3);
        assertThat(states("pi-a1", "door-1")).containsExactly(State.CLOSED, State.OPEN, State.CLOSED);
        List<Event> door = messages("pi-a1").stream().filter(Event.class::isInstance).map(Event.class::cast)
                .filter(e -> e.sensor().equals("door-1")).toList();
        assertThat(Duration.between(door.get(1).ts(), door.get(2).ts())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void powerCutClosesTheAgentAndANewOneReportsTheAlarmItMissedWithSeqCarryingOn() throws Exception {
        play("power-cut", SPEED);

        await().atMost(SOON).until(() -> states("pi-a2", "smoke-1").size() == 3);
        List<RecordingUplink> lives = uplinks.get("pi-a2");
        assertThat(lives).hasSize(2);
        assertThat(lives.get(0).isClosed()).isTrue();
        assertThat(lives.get(1).isClosed()).isFalse();
        // before the cut: both sensors at start-up, the door opening and closing
        assertThat(lives.get(0).events()).extracting(Event::state)
                .containsExactlyInAnyOrder(State.NORMAL, State.CLOSED, State.OPEN, State.CLOSED);
        // after: the agent boots into the alarm raised while it was off, then the detector clears
        assertThat(states("pi-a2", "smoke-1")).containsExactly(State.NORMAL, State.ALARM, State.NORMAL);
        assertThat(lives.get(1).events("smoke-1")).extracting(Event::state).containsExactly(State.ALARM, State.NORMAL);
        List<Long> seqs = messages("pi-a2").stream().map(DeviceMessage::seq).toList();
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        assertThat(uplinks.get("pi-a1")).hasSize(1);
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
