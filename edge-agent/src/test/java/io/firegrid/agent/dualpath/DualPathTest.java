package io.firegrid.agent.dualpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.faults.TcpProxy;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.gateway.support.TestGateway;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dual-path reporting against two real gateways, the primary behind a relay the test can cut:
 * failover of events, supervision of both paths, and no second alarm when the primary returns.
 */
class DualPathTest {

    private static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void withThePrimaryDeadASmokeAlarmReachesTheSecondaryWithinTenSecondsAndTheDutyOfficerIsTold() throws Exception {
        TestGateway dead = TestGateway.start(dir.resolve("primary"));
        TcpProxy toPrimary = keep(new TcpProxy(dead.gateway().mqttPort()));
        dead.close();
        TestGateway secondary = keep(TestGateway.start(dir.resolve("secondary")));
        secondary.registerDevice(DEVICE.tenant(), DEVICE.device());
        assertThat(secondary.post("/api/v1/people", new JsonObject().put("tenant", "t1").put("id", "duty")
                .put("name", "Duty Officer").put("role", "duty-officer").put("phone", "+8613800000000").encode()).statusCode())
                .isEqualTo(201);
        DualPathUplink uplink = keep(uplink(toPrimary.mqttUri(), secondary.mqttUri(), DualPathOptions.DEFAULT_REPORTING_TIME,
                DualPathOptions.DEFAULT_SUPERVISION_TIME));
        uplink.start();

        long sent = System.nanoTime();
        uplink.send(smoke("smoke-1", State.ALARM));

        JsonObject alarm = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> secondary.openAlarmFor(DEVICE.device(), "smoke-1"), Optional::isPresent).orElseThrow();
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(alarm.getString("class")).isEqualTo("fire");
        JsonArray told = await().atMost(Duration.ofSeconds(5)).until(() -> new JsonArray(
                secondary.get("/api/v1/alarms/" + alarm.getValue("id") + "/notifications").body()), a -> !a.isEmpty());
        assertThat(told.getJsonObject(0).getJsonObject("recipient").getString("id")).isEqualTo("duty");
        // the primary's outbox records that the secondary took it: its replay will not raise it again
        await().atMost(Duration.ofSeconds(5)).until(() -> uplink.primary().handledElsewhere() == 1);
        assertThat(uplink.primary().queuedEvents()).isEmpty();
        System.out.printf("dual path: smoke alarm on the secondary %d ms after it was sent, the primary dead%n", tookMs);
    }

    @Test
    void anEventThePartitionedPrimaryDidNotAcknowledgeGoesOverTheSecondaryAndItsReplayRaisesNoSecondAlarm() throws Exception {
        TestGateway primary = keep(TestGateway.start(dir.resolve("primary")));
        TestGateway secondary = keep(TestGateway.start(dir.resolve("secondary")));
        primary.registerDevice(DEVICE.tenant(), DEVICE.device());
        secondary.registerDevice(DEVICE.tenant(), DEVICE.device());
        TcpProxy toPrimary = keep(new TcpProxy(primary.gateway().mqttPort()));
        DualPathUplink uplink = keep(uplink(toPrimary.mqttUri(), secondary.mqttUri(), Duration.ofSeconds(2),
                DualPathOptions.DEFAULT_SUPERVISION_TIME));
        uplink.start();
        uplink.send(smoke("smoke-1", State.ALARM));
        await().atMost(Duration.ofSeconds(10)).until(() -> primary.openAlarmFor(DEVICE.device(), "smoke-1").isPresent()
                && uplink.undelivered() == 0);

        // WHEN the network to the primary is cut and a second detector goes off
        toPrimary.cut();
        uplink.send(smoke("smoke-2", State.ALARM));

        // THEN after the reporting time it is on the secondary, and only there
        await().atMost(Duration.ofSeconds(10)).until(() -> secondary.openAlarmFor(DEVICE.device(), "smoke-2").isPresent());
        assertThat(uplink.failedOver()).isEqualTo(1);
        assertThat(primary.openAlarmFor(DEVICE.device(), "smoke-2")).isEmpty();
        assertThat(secondary.openAlarmFor(DEVICE.device(), "smoke-1")).as("what the primary took stays there").isEmpty();

        // WHEN the network returns and the primary is sent a new event
        toPrimary.heal();
        uplink.send(smoke("smoke-1", State.NORMAL));
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.primary().isConnected() && uplink.undelivered() == 0
                && primary.metric("firegrid_messages_total", "outcome", "stored") >= 2);

        // THEN the primary's replay did not raise the alarm the secondary handled; each exists once
        assertThat(primary.openAlarmFor(DEVICE.device(), "smoke-2")).isEmpty();
        assertThat(secondary.openAlarms()).filteredOn(a -> a.getString("sensor").equals("smoke-2")).hasSize(1);
        assertThat(uplink.primary().handledElsewhere()).isEqualTo(1);
        assertThat(primary.metric("firegrid_messages_total", "outcome", "duplicate")).isZero();
    }

    @Test
    void aSecondaryThatStopsAnsweringIsAPathFailureOnThePrimaryClearedWhenItAnswersAgain() throws Exception {
        TestGateway primary = keep(TestGateway.start(dir.resolve("primary")));
        TestGateway secondary = keep(TestGateway.start(dir.resolve("secondary")));
        primary.registerDevice(DEVICE.tenant(), DEVICE.device());
        secondary.registerDevice(DEVICE.tenant(), DEVICE.device());
        TcpProxy toSecondary = keep(new TcpProxy(secondary.gateway().mqttPort()));
        DualPathUplink uplink = keep(uplink(primary.mqttUri(), toSecondary.mqttUri(), DualPathOptions.DEFAULT_REPORTING_TIME,
                Duration.ofSeconds(2)));
        uplink.troubles((sensor, state) -> uplink.send(new Event(Instant.now(), seq.incrementAndGet(), sensor, Kind.DEVICE, state)));
        uplink.start();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
        keep(beat::shutdownNow);
        beat.scheduleAtFixedRate(() -> uplink.heartbeat(new Readings(Instant.now(), seq.incrementAndGet(),
                List.of(new Reading("agent.uptime", Kind.DEVICE, 1, "s")))), 0, 300, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10)).until(uplink::isConnected);

        toSecondary.cut();

        JsonObject trouble = await().atMost(Duration.ofSeconds(10))
                .until(() -> primary.openAlarmFor(DEVICE.device(), DualPathUplink.SECONDARY), Optional::isPresent).orElseThrow();
        assertThat(trouble.getString("class")).isEqualTo("trouble");
        assertThat(trouble.getString("type")).isEqualTo("path-failure");
        assertThat(uplink.isConnected()).as("the status LED blinks").isFalse();

        toSecondary.heal();

        await().atMost(Duration.ofSeconds(30)).until(() -> primary.openAlarmFor(DEVICE.device(), DualPathUplink.SECONDARY).isEmpty());
        assertThat(uplink.pathFailed()).isFalse();
        assertThat(primary.openAlarmFor(DEVICE.device(), DualPathUplink.PRIMARY)).isEmpty();
    }

    @Test
    void aPrimaryRestartedAfterTheSecondaryTookItsEventsIsReconnectedPromptly() throws Exception {
        TestGateway primary = TestGateway.start(dir.resolve("primary"));
        TestGateway secondary = keep(TestGateway.start(dir.resolve("secondary")));
        primary.registerDevice(DEVICE.tenant(), DEVICE.device());
        secondary.registerDevice(DEVICE.tenant(), DEVICE.device());
        TcpProxy toPrimary = keep(new TcpProxy(primary.gateway().mqttPort()));
        DualPathUplink uplink = keep(uplink(toPrimary.mqttUri(), secondary.mqttUri(), Duration.ofSeconds(2),
                DualPathOptions.DEFAULT_SUPERVISION_TIME));
        uplink.start();
        await().atMost(Duration.ofSeconds(10)).until(uplink::isConnected);

        primary.close();
        for (int i = 1; i <= 5; i++) {
            uplink.send(smoke("smoke-" + (10 + i), State.ALARM));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> uplink.primary().handledElsewhere() == 5);
        TestGateway back = keep(TestGateway.start(dir.resolve("primary")));
        toPrimary.retarget(back.gateway().mqttPort());
        long t0 = System.nanoTime();

        await().atMost(Duration.ofSeconds(8)).until(() -> uplink.primary().isConnected());
        System.out.printf("dual path: primary reconnected %d ms after its restart%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(back.openAlarms()).as("what the secondary took is not raised again on the primary").isEmpty();
    }

    private DualPathUplink uplink(String primaryUri, String secondaryUri, Duration reporting, Duration supervision) {
        MqttUplink p = new MqttUplink(MqttUplinkOptions.of(URI.create(primaryUri), DEVICE, TestGateway.PASSWORD,
                dir.resolve("agent/mqtt")).withMaxReconnectDelay(Duration.ofSeconds(1)));
        MqttUplink s = new MqttUplink(MqttUplinkOptions.of(URI.create(secondaryUri), DEVICE, TestGateway.PASSWORD,
                dir.resolve("agent/secondary")).withMaxReconnectDelay(Duration.ofSeconds(1)));
        return new DualPathUplink(DEVICE, DualPathOptions.of(URI.create(secondaryUri), TestGateway.PASSWORD)
                .withTimes(reporting, supervision), p, s);
    }

    private Event smoke(String sensor, State state) {
        return new Event(Instant.now(), seq.incrementAndGet(), sensor, Kind.SMOKE, state);
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }
}
