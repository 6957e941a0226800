package io.firegrid.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.HttpCalls;
import java.nio.file.Path;
import java.time.Duration;
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
}
