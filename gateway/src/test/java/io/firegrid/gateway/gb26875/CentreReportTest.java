package io.firegrid.gateway.gb26875;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway reports to a city monitoring centre as a UITD: a Pi's smoke alarm over MQTT reaches
 * the centre as a component in fire; while the centre is away the reports wait in the outbox, and
 * when it is back they arrive in order, none lost and none twice; the centre's queries are answered.
 */
class CentreReportTest {

    /** Bit 1 of a component state: fire. */
    static final int FIRE = 1 << 1;

    @TempDir
    Path dataDir;

    TestGateway gw;
    CentreSimulator centre;

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        if (centre != null) {
            centre.close();
        }
    }

    void startGateway() {
        gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withCentre("127.0.0.1:" + centre.port(), 1)));
        gw.registerDevice("t1", "pi-1");
    }

    @Test
    void aPiSmokeAlarmReachesTheCentreAsAComponentInFire() throws Exception {
        centre = CentreSimulator.start(0);
        startGateway();

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> centre.reports().size() == 1);
        CentreSimulator.Received report = centre.reports().get(0);
        assertThat(report.type()).isEqualTo(2);
        assertThat(report.componentState() & FIRE).isEqualTo(FIRE);
        assertThat(report.componentType()).as("a smoke detector").isEqualTo(42);
        assertThat(report.description()).isEqualTo("pi-1/smoke-1");
        assertThat(report.source()).as("the gateway's own address").isEqualTo(1L);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_gb26875_centre_queued") == 0.0);
    }

    @Test
    void theCentresQueriesAreAnsweredFromWhatTheGatewayKnows() throws Exception {
        centre = CentreSimulator.start(0);
        startGateway();
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.reports().size() == 1);

        centre.send(900, 4, new byte[] {61, 1, 1, 0});   // read the system state
        centre.send(901, 4, new byte[] {88, 1, 0});      // read the UITD's clock
        centre.send(902, 4, new byte[] {62, 1, 1, 0, 1, 0, 0, 0}); // a component's state: no sensor has address 1

        await().atMost(Duration.ofSeconds(5)).until(() -> centre.received().stream().filter(r -> r.serial() >= 900).count() == 3);
        List<CentreSimulator.Received> answers = centre.received().stream().filter(r -> r.serial() >= 900).toList();
        CentreSimulator.Received state = answers.stream().filter(r -> r.serial() == 900).findFirst().orElseThrow();
        assertThat(state.command()).isEqualTo(5);
        assertThat(state.type()).isEqualTo(1);
        int systemState = (state.data()[4] & 0xFF) | (state.data()[5] & 0xFF) << 8;
        assertThat(systemState & FIRE).as("a fire is open").isEqualTo(FIRE);
        CentreSimulator.Received clock = answers.stream().filter(r -> r.serial() == 901).findFirst().orElseThrow();
        assertThat(clock.command()).isEqualTo(5);
        assertThat(clock.type()).isEqualTo(28);
        assertThat(answers.stream().filter(r -> r.serial() == 902).findFirst().orElseThrow().command())
                .as("no sensor has component address 1").isEqualTo(6);
    }

    @Test
    void aComponentsStateVersionsAndConfigurationsAreAnswered() throws Exception {
        centre = CentreSimulator.start(0);
        startGateway();
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> centre.reports().size() == 1);
        long address = centre.reports().get(0).componentAddress();
        byte[] component = {1, 0, (byte) address, (byte) (address >> 8), (byte) (address >> 16), (byte) (address >> 24)};

        centre.send(910, 4, concat(new byte[] {62, 1}, component)); // the smoke detector's state
        centre.send(911, 4, concat(new byte[] {67, 1}, component)); // its configuration
        centre.send(912, 4, new byte[] {65, 1, 1, 0});              // the system's software version
        centre.send(913, 4, new byte[] {68, 1, 1, 0});              // the system's clock
        centre.send(914, 4, new byte[] {85, 1, 0});                 // the UITD's software version
        centre.send(915, 4, new byte[] {86, 1, 0});                 // the UITD's configuration
        centre.send(916, 4, concat(new byte[] {63, 1}, component)); // an analog value: a smoke detector has none

        await().atMost(Duration.ofSeconds(5)).until(() -> centre.received().stream().filter(r -> r.serial() >= 910).count() == 7);
        CentreSimulator.Received state = answer(910);
        assertThat(state.command()).isEqualTo(5);
        assertThat(state.type()).isEqualTo(2);
        assertThat(state.componentAddress()).isEqualTo(address);
        assertThat(state.componentState() & FIRE).as("its fire alarm is open").isEqualTo(FIRE);
        assertThat(state.description()).isEqualTo("pi-1/smoke-1");
        CentreSimulator.Received config = answer(911);
        assertThat(config.type()).isEqualTo(7);
        assertThat(config.data()[4] & 0xFF).as("component type: smoke detector").isEqualTo(42);
        assertThat(answer(912).type()).isEqualTo(5);
        assertThat(answer(912).data()[2]).as("the system type asked about, echoed").isEqualTo((byte) 1);
        assertThat(answer(913).type()).isEqualTo(8);
        assertThat(answer(914).type()).isEqualTo(25);
        CentreSimulator.Received uitdConfig = answer(915);
        assertThat(uitdConfig.type()).isEqualTo(26);
        assertThat(new String(uitdConfig.data(), 3, uitdConfig.data()[2] & 0xFF, java.nio.charset.Charset.forName("GB18030")))
                .startsWith("FireGrid").contains("设备1");
        assertThat(answer(916).command()).as("a smoke detector has no analog value: denied").isEqualTo(6);
    }

    private CentreSimulator.Received answer(int serial) {
        return centre.received().stream().filter(r -> r.serial() == serial).findFirst().orElseThrow();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void afterACentreOutageTheOutboxDrainsInOrderWithNothingLostOrRepeated() throws Exception {
        centre = CentreSimulator.start(0);
        int port = centre.port();
        startGateway();
        centre.stop();

        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            for (int i = 1; i <= 5; i++) {
                assertThat(pi.publish("event", Bodies.smoke(i, "det-" + i, "alarm"), 1).reasonCode()).isZero();
            }
        }
        assertThat(gw.metric("firegrid_gb26875_centre_queued")).as("queued with the alarms").isEqualTo(5.0);
        assertThat(centre.reports()).isEmpty();

        centre = CentreSimulator.start(port);

        await().atMost(Duration.ofSeconds(40)).until(() -> gw.metric("firegrid_gb26875_centre_queued") == 0.0);
        assertThat(centre.reportsOnce()).extracting(CentreSimulator.Received::description)
                .containsExactly("pi-1/det-1", "pi-1/det-2", "pi-1/det-3", "pi-1/det-4", "pi-1/det-5");
    }
}
