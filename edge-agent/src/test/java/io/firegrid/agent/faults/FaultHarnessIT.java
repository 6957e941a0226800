package io.firegrid.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.HttpCalls;
import io.firegrid.gateway.support.Influxd;
import io.firegrid.gateway.support.SmallDisk;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field faults against a primary and a secondary gateway and agent processes, each a process of its
 * own on loopback (docs/dual-path.md). After each, the checker compares what the sensors produced
 * with what was stored: every event on at least one gateway (lost = 0), none twice on one gateway,
 * in order per device. Short in CI; {@code -Dfaults.long=true} gives the long forms (more devices,
 * longer bursts, a 60 s partition): {@code scripts/faults.sh}.
 */
class FaultHarnessIT {

    private static final boolean LONG = Boolean.getBoolean("faults.long");
    private static final int PROCESSES = 2;
    private static final int DEVICES = LONG ? 25 : 5;
    private static final int EVENTS = LONG ? 18 : 20;
    private static final long EVERY_MS = LONG ? 500 : 100;
    private static final long PARTITION_S = LONG ? 60 : 8;
    private static final long REPORTING_S = 10;
    private static final long SUPERVISION_S = LONG ? 180 : 5;
    /** How long InfluxDB is stopped: 5 minutes in the long form. */
    private static final long INFLUX_OUTAGE_S = LONG ? 300 : 20;
    /** How far an agent's clock is stepped, forward then back. */
    private static final long CLOCK_STEP_S = 3 * 3600;
    private static final String INFLUX_DB = "firegrid";
    /** The field-fault scenarios (InfluxDB, disk, clock) need one agent process: the fault is not the agents'. */
    private static final int FIELD_PROCESSES = LONG ? 2 : 1;
    /**
     * Events per device in the disk and clock scenarios: the checker reads at most 1,000 alarms per
     * gateway, trouble alarms included.
     */
    private static final int FIELD_EVENTS = LONG ? 12 : EVENTS;

    @TempDir
    Path dir;

    @Test
    void killDashNineOfThePrimaryMidBurst() throws Exception {
        try (FaultHarness h = FaultHarness.start(dir, PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S)) {
            h.burst(EVENTS, EVERY_MS);
            await().atMost(Duration.ofSeconds(60)).until(() -> h.produced() >= PROCESSES * DEVICES * EVENTS / 3);
            h.killPrimary();
            long accepting = h.restartPrimary();
            h.awaitBurstDone(Duration.ofSeconds(120));
            long drained = h.awaitDrained(Duration.ofSeconds(120));
            FaultHarness.Report r = h.check("kill -9 of the primary mid-burst", true);
            System.out.printf("recovery: primary restart to accepting connections %d ms; then all agents reconnected and "
                    + "drained %d ms after the burst%n", accepting, drained);
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
            assertThat(r.sent()).isEqualTo(PROCESSES * DEVICES * EVENTS);
        }
    }

    @Test
    void thePrimaryDeadForGood() throws Exception {
        try (FaultHarness h = FaultHarness.start(dir, PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S)) {
            h.killPrimary();
            h.burst(EVENTS, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            HttpCalls secondary = new HttpCalls(h.secondary.httpPort());
            await().atMost(Duration.ofSeconds(30)).until(() -> secondary.alarms("open").stream()
                    .filter(a -> a.getString("sensor").startsWith("smoke-")).count() >= h.produced());
            // the primary's failure is a trouble alarm on the secondary for every device
            await().atMost(Duration.ofSeconds(SUPERVISION_S + 30)).until(() -> secondary.alarms("open").stream()
                    .filter(a -> a.getString("type").equals("path-failure") && a.getString("sensor").equals("path-primary"))
                    .count() == PROCESSES * DEVICES);
            FaultHarness.Report r = h.check("primary dead for good", false);
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
            assertThat(r.storedSecondary()).isEqualTo(r.sent());
        }
    }

    @Test
    void aPartitionBetweenAgentsAndThePrimary() throws Exception {
        try (FaultHarness h = FaultHarness.start(dir, PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S)) {
            h.burst(EVENTS, EVERY_MS);
            await().atMost(Duration.ofSeconds(60)).until(() -> h.produced() >= PROCESSES * DEVICES * EVENTS / 4);
            h.toPrimary.cut();
            long cutAt = System.nanoTime();
            h.awaitBurstDone(Duration.ofSeconds(120));
            Thread.sleep(PARTITION_S * 1000); // the fault's length, not a wait for an outcome
            h.toPrimary.heal();
            long partitionMs = (System.nanoTime() - cutAt) / 1_000_000;
            long drained = h.awaitDrained(Duration.ofSeconds(120));
            FaultHarness.Report r = h.check("partition of " + PARTITION_S + " s between agents and primary", true);
            System.out.printf("recovery: partition %d ms; all agents reconnected and drained %d ms after it healed%n",
                    partitionMs, drained);
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
            assertThat(r.failedOver()).as("what the primary did not answer in the reporting time went over the secondary")
                    .isPositive();
        }
    }

    @Test
    void anAgentPowerCutMidBurst() throws Exception {
        try (FaultHarness h = FaultHarness.start(dir, PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S)) {
            h.burst(EVENTS, EVERY_MS);
            FaultHarness.Agents cut = h.agents.get(0);
            await().atMost(Duration.ofSeconds(60)).until(() -> cut.produced.size() >= DEVICES * EVENTS / 2);
            cut.kill();
            cut.powerOn();
            cut.command("burst " + EVENTS / 2 + " " + EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            long drained = h.awaitDrained(Duration.ofSeconds(120));
            FaultHarness.Report r = h.check("agent power cut (kill -9) mid-burst", true);
            System.out.printf("recovery: agents drained %d ms after the burst%n", drained);
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
        }
    }

    @Test
    void influxdbStoppedUnderLoad() throws Exception {
        Influxd influxd = Influxd.start(dir.resolve("influxd"));
        influxd.createDatabase(INFLUX_DB);
        try (influxd; FaultHarness h = FaultHarness.start(dir, FIELD_PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S,
                dir.resolve("primary"), Map.of("FIREGRID_INFLUX_URL", influxd.url(), "FIREGRID_INFLUX_DB", INFLUX_DB))) {
            // GIVEN readings from every device every 200 ms, from before the outage to after it
            long everyMs = 200;
            h.readings((int) ((INFLUX_OUTAGE_S + 20) * 1000 / everyMs), everyMs);
            await().atMost(Duration.ofSeconds(60)).until(() -> h.readingsProduced().values().stream()
                    .mapToInt(Set::size).sum() >= FIELD_PROCESSES * DEVICES * 10);
            // WHEN InfluxDB stops, and events come during the outage
            influxd.stop();
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !FaultHarness.health(h.primary).getJsonObject("telemetry").getBoolean("reachable", true));
            JsonObject down = FaultHarness.health(h.primary);
            h.burst(EVENTS, INFLUX_OUTAGE_S * 1000 / EVENTS / 2);
            h.awaitBurstDone(Duration.ofSeconds(INFLUX_OUTAGE_S + 120));
            // THEN the gateway keeps storing: the events are alarms, the readings wait in its buffer
            await().atMost(Duration.ofSeconds(60)).until(() -> h.notYetStored() == 0);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    FaultHarness.health(h.primary).getJsonObject("telemetry").getLong("buffered", 0L) > 0);
            long remaining = INFLUX_OUTAGE_S * 1000 - (System.nanoTime() - stoppedAt) / 1_000_000;
            if (remaining > 0) {
                Thread.sleep(remaining); // the fault's length, not a wait for an outcome
            }
            influxd.start();
            long restartedAt = System.nanoTime();
            long outageMs = (restartedAt - stoppedAt) / 1_000_000;
            h.awaitReadingsDone(Duration.ofSeconds(120));
            h.awaitDrained(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonObject t = FaultHarness.health(h.primary).getJsonObject("telemetry");
                return t.getBoolean("reachable", false) && t.getLong("buffered", 1L) == 0 && t.getLong("queued", 1L) == 0
                        && t.getLong("writing", 1L) == 0;
            });
            long caughtUpMs = (System.nanoTime() - restartedAt) / 1_000_000;
            FaultHarness.Report r = h.check("InfluxDB stopped for " + INFLUX_OUTAGE_S + " s under load", true);
            // queued, writing and buffered all 0: /health says InfluxDB has every point, so it is read once
            TelemetryCheck t = TelemetryCheck.of(h, influxd, INFLUX_DB);
            FaultHarness.report(TelemetryCheck.HEADER + "\n" + t.row("InfluxDB stopped for " + INFLUX_OUTAGE_S
                    + " s under load", outageMs, caughtUpMs));
            System.out.printf("health while InfluxDB was down: %s%n", down.encode());
            assertThat(down.getString("status")).as("alarms are still stored: the gateway is not down").isNotEqualTo("down");
            assertThat(down.getJsonObject("telemetry").getString("lastError")).isNotBlank();
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
            assertThat(r.storedPrimary()).as("the primary took every event").isEqualTo(r.sent());
            assertThat(t.eventsInInflux()).as("one event point per stored event").isEqualTo(r.storedPrimary());
            assertThat(t.duplicated()).isZero();
            assertThat(t.missing()).as("what is missing is what the sink counted as dropped (the docs promise none "
                    + "below the 100 MB buffer)").isEqualTo(t.droppedBySink()).isZero();
        }
    }

    @Test
    void theGatewaysDiskFull() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("primary-disk"), 48);
             FaultHarness h = FaultHarness.start(dir, FIELD_PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S,
                     disk.path().resolve("data"), Map.of("FIREGRID_DISK_RESERVE_MB", "4"))) {
            HttpCalls primary = new HttpCalls(h.primary.httpPort());
            // GIVEN the primary's disk below its reserve: readings refused, the trouble alarm raised
            disk.fillLeaving(2L * 1024 * 1024);
            await().atMost(Duration.ofSeconds(30)).until(() -> primary.alarms("open").stream()
                    .anyMatch(a -> a.getString("type").equals("disk-low")));
            // WHEN it is full, during a burst
            disk.fill();
            h.burst(FIELD_EVENTS, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            long burstDone = System.nanoTime();
            // THEN every event reaches a gateway within the reporting time: the primary refuses, the secondary takes it
            Set<String> healthWhileFull = new java.util.TreeSet<>();
            await().atMost(Duration.ofSeconds(REPORTING_S + 20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonObject health = FaultHarness.health(h.primary);
                healthWhileFull.add(health.getString("status") + " " + health.getJsonArray("reasons"));
                return h.notYetStored() == 0;
            });
            long allStoredMs = (System.nanoTime() - burstDone) / 1_000_000;
            double refused = FaultHarness.metric(h.primary, "firegrid_refused_total", "disk-full");
            double refusedLow = FaultHarness.metric(h.primary, "firegrid_refused_total", "\"disk-low\"");
            String refusals = new HttpCalls(h.primary.httpPort()).get("/metrics").body().lines()
                    .filter(l -> l.startsWith("firegrid_refused_total{") || l.startsWith("firegrid_store_refused"))
                    .collect(java.util.stream.Collectors.joining("; "));
            // space returns: the primary stores again by itself, and the agents' outboxes drain into it
            disk.free();
            long freedAt = System.nanoTime();
            long drainedMs = h.awaitDrained(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !FaultHarness.health(h.primary).getString("status").equals("down"));
            long recoveredMs = (System.nanoTime() - freedAt) / 1_000_000;
            // the telemetry history is written again too (it failed for good after a full disk before)
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultHarness.health(h.primary).getJsonObject("telemetry")
                    .getString("failingSince") == null);
            double badPackets = FaultHarness.metric(h.primary, "firegrid_refused_total", "\"bad-packet\"");
            FaultHarness.Report r = h.check("the primary's disk full", true);
            FaultHarness.report(String.format("recovery: every event on a gateway %d ms after the burst (refused "
                    + "disk-full on the primary: %.0f); space back to primary healthy %d ms, outboxes drained %d ms; "
                    + "health while full: %s; the primary's refusals: %s", allStoredMs, refused, recoveredMs, drainedMs,
                    healthWhileFull, refusals));
            assertThat(healthWhileFull).as("health while the disk was full: down on every look, saying why")
                    .allMatch(status -> status.startsWith("down") && status.contains("disk full"));
            // the primary refuses for its disk: readings below the reserve (disk-low), and events while it
            // is full (disk-full). Which of them an agent meets first is a matter of timing: a reading's
            // refusal closes the primary path, and the burst's events may then all take the secondary
            // without one reaching the primary's store (then disk-full is 0, as seen on an idle machine).
            assertThat(refused + refusedLow).as("the primary refused for its disk (disk-full %.0f, disk-low %.0f)", refused,
                    refusedLow).isPositive();
            assertThat(r.failedOver()).as("events went over the secondary").isPositive();
            assertThat(r.storedSecondary()).isPositive();
            assertThat(badPackets).as("messages sent behind a refusal for the disk are no bad packets").isZero();
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
        }
    }

    @Test
    void anAgentsClockSteppedForwardAndBackByHours() throws Exception {
        try (FaultHarness h = FaultHarness.start(dir, FIELD_PROCESSES, DEVICES, REPORTING_S, SUPERVISION_S)) {
            HttpCalls primary = new HttpCalls(h.primary.httpPort());
            String device = "/api/v1/devices/" + FaultHarness.TENANT + "/pi-1-1";
            h.burst(FIELD_EVENTS / 3, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            // WHEN the agents' clocks jump hours ahead, the gateway flags the skew and keeps every event
            h.stepClocks(CLOCK_STEP_S);
            h.burst(FIELD_EVENTS / 3, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    new JsonObject(primary.get(device).body()).getBoolean("clockSkew", false));
            // and when they are stepped back by twice that, to hours behind
            double skewedBefore = FaultHarness.metric(h.primary, "firegrid_device_clock_skewed_total", "");
            h.stepClocks(-CLOCK_STEP_S);
            h.burst(FIELD_EVENTS / 3, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            // every event stamped hours behind is taken with the receive time, the device still flagged
            await().atMost(Duration.ofSeconds(30)).until(() -> FaultHarness.metric(h.primary,
                    "firegrid_device_clock_skewed_total", "") - skewedBefore >= FIELD_PROCESSES * DEVICES * (FIELD_EVENTS / 3));
            boolean flaggedBehind = new JsonObject(primary.get(device).body()).getBoolean("clockSkew", false);
            h.stepClocks(0);
            h.burst(2, EVERY_MS);
            h.awaitBurstDone(Duration.ofSeconds(120));
            h.awaitDrained(Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    !new JsonObject(primary.get(device).body()).getBoolean("clockSkew", true));
            FaultHarness.Report r = h.check("an agent's clock stepped " + CLOCK_STEP_S / 3600 + " h forward, then back",
                    true);
            FaultHarness.report("clock: skew flagged while ahead: yes; while behind: " + (flaggedBehind ? "yes" : "no")
                    + "; cleared when right again: yes; clock-skewed messages counted by the primary: "
                    + (long) FaultHarness.metric(h.primary, "firegrid_device_clock_skewed_total", ""));
            assertThat(r.lost()).isZero();
            assertThat(r.duplicated()).isZero();
            assertThat(r.outOfOrder()).isZero();
            assertThat(r.storedPrimary()).as("nothing rejected: the primary kept every event").isEqualTo(r.sent());
            assertThat(flaggedBehind).as("flagged while hours behind").isTrue();
        }
    }

    /** What reached InfluxDB against what the agents sent; {@code missing} must equal what was counted as dropped. */
    record TelemetryCheck(long readingsSent, long droppedByAgent, long readingsInInflux, long duplicated, long missing,
                          long droppedBySink, long eventsInInflux) {

        static final String HEADER = "| telemetry scenario | readings sent | dropped by the agent's policy | in InfluxDB "
                + "| duplicated | missing | dropped by the gateway's sink (counted) | InfluxDB down (ms) | caught up after "
                + "its return (ms) |";

        static TelemetryCheck of(FaultHarness h, Influxd influxd, String db) throws Exception {
            long sent = 0;
            long inInflux = 0;
            long duplicated = 0;
            long missing = 0;
            for (Map.Entry<String, Set<Long>> e : h.readingsProduced().entrySet()) {
                List<List<Object>> rows = influxd.rows(db, "SELECT count(\"value\"), count(distinct(\"value\")) FROM \"device\" "
                        + "WHERE \"sensor\" = 'agent.load' AND \"device\" = '" + e.getKey() + "'");
                long count = rows.isEmpty() ? 0 : ((Number) rows.get(0).get(1)).longValue();
                long distinct = rows.isEmpty() ? 0 : ((Number) rows.get(0).get(2)).longValue();
                sent += e.getValue().size();
                inInflux += count;
                duplicated += count - distinct;
                missing += e.getValue().size() - distinct;
            }
            long droppedByAgent = h.agentTotal(4);
            List<List<Object>> events = influxd.rows(db, "SELECT count(\"seq\") FROM \"event\" WHERE \"kind\" = 'smoke'");
            long eventsInInflux = events.isEmpty() ? 0 : ((Number) events.get(0).get(1)).longValue();
            long droppedBySink = (long) FaultHarness.metric(h.primary, "firegrid_telemetry_dropped_total", "");
            return new TelemetryCheck(sent, droppedByAgent, inInflux, duplicated, missing - droppedByAgent, droppedBySink,
                    eventsInInflux);
        }

        String row(String scenario, long downMs, long caughtUpMs) {
            return "| " + scenario + " | " + readingsSent + " | " + droppedByAgent + " | " + readingsInInflux + " | "
                    + duplicated + " | " + missing + " | " + droppedBySink + " | " + downMs + " | " + caughtUpMs + " |";
        }
    }
}
