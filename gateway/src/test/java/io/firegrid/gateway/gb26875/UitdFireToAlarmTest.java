package io.firegrid.gateway.gb26875;

import static io.firegrid.gateway.support.UitdSimulator.componentState;
import static io.firegrid.gateway.support.UitdSimulator.systemOperation;
import static io.firegrid.gateway.support.UitdSimulator.unit;
import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.UitdSimulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fire alarm panel's UITD over a real TCP socket: its component states become alarms on the UITD's
 * device, confirmed only after the store's commit, with the panel's description readable through
 * the API; whatever is not a good frame from a registered UITD is skipped or denied, counted, and
 * the connection goes on.
 */
class UitdFireToAlarmTest {

    static final long ADDRESS = 0xC0A80164L;
    static final int CONFIRM = 3;
    static final int DENY = 6;
    /** Fire alarm system 1 at address 1, component type 42 (point photoelectric smoke detector). */
    static final int SMOKE = 42;

    @TempDir
    Path dataDir;

    TestGateway gw;
    int port;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withPort(0)));
        port = gw.gateway().gb26875Port();
        registerUitd("uitd-1", "0000c0a80164", "127.0.0.0/8");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void smokeDetectorInFireRaisesAFireAlarmWithThePanelsDescriptionAndIsConfirmed() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            int serial = uitd.sendData(unit(2, componentState(1, 1, SMOKE, 261, 0x0003, "三楼东侧走廊", LocalDateTime.now())));

            UitdSimulator.Answer answer = uitd.read();

            assertThat(answer.command()).isEqualTo(CONFIRM);
            assertThat(answer.serial()).isEqualTo(serial);
            assertThat(answer.destination()).as("the answer goes back to the UITD").isEqualTo(ADDRESS);
        }
        // confirmed after the commit: the alarm is already there
        JsonObject alarm = gw.openAlarmFor("uitd-1", "c-1-1-261").orElseThrow();
        assertThat(alarm.getString("class")).isEqualTo("fire");
        assertThat(alarm.getString("type")).isEqualTo("smoke");
        assertThat(alarm.getString("protocol")).isEqualTo("gb26875");
        assertThat(alarm.getString("site")).isEqualTo("site-1");
        assertThat(alarm.getJsonObject("location").getString("label")).as("the crew reads the panel's words")
                .isEqualTo("三楼东侧走廊");
        assertThat(alarm.getJsonObject("locationText").getString("zh")).as("and what raised it").endsWith("三楼东侧走廊 烟感");
        JsonObject component = component("uitd-1", "c-1-1-261");
        assertThat(component.getString("description")).isEqualTo("三楼东侧走廊");
        assertThat(component.getString("typeName")).isEqualTo("smoke detector");
        assertThat(component.getBoolean("fire")).isTrue();
    }

    @Test
    void aComponentsRegisteredPlaceWinsOverThePanelsWordsAndTheUitdsFloorIsNotTheDetectors() throws Exception {
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", "uitd-3").put("password", TestGateway.PASSWORD)
                .put("site", "site-1").put("gb26875Address", "000000000003").put("gb26875Allow", "127.0.0.1")
                .put("location", new JsonObject().put("building", "7").put("floor", 1).put("label", "消防控制室"))
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "c-1-1-5").put("kind", "smoke")
                        .put("location", new JsonObject().put("floor", 3).put("label", "东侧楼梯间"))));
        assertThat(gw.post("/api/v1/devices", body.encode()).statusCode()).isEqualTo(201);
        try (UitdSimulator uitd = UitdSimulator.connect(port, 3)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 5, 0x0003, "三楼B", LocalDateTime.now()),
                    componentState(1, 1, SMOKE, 6, 0x0003, "五层电梯厅", LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        JsonObject registered = gw.openAlarmFor("uitd-3", "c-1-1-5").orElseThrow().getJsonObject("location");
        assertThat(registered.getString("label")).as("the installer's words").isEqualTo("东侧楼梯间");
        assertThat(registered.getInteger("floor")).isEqualTo(3);
        JsonObject described = gw.openAlarmFor("uitd-3", "c-1-1-6").orElseThrow().getJsonObject("location");
        assertThat(described.getString("label")).isEqualTo("五层电梯厅");
        assertThat(described.getString("building")).isEqualTo("7");
        assertThat(described.getValue("floor")).as("the control room's floor is not the detector's").isNull();
    }

    @Test
    void thePanelsWordsAreKeptAcrossARestartForAReportWithoutThem() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 9, 0x0001, "地下一层车库", LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        gw.close();
        gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withPort(0)));
        try (UitdSimulator uitd = UitdSimulator.connect(gw.gateway().gb26875Port(), ADDRESS)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 9, 0x0003, "", LocalDateTime.now().plusSeconds(1))));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-9").orElseThrow().getJsonObject("location").getString("label"))
                .isEqualTo("地下一层车库");
    }

    @Test
    void aFrameSentAgainIsConfirmedAgainAndRaisesNothingMore() throws Exception {
        LocalDateTime at = LocalDateTime.now();
        byte[] data = unit(2, componentState(1, 1, SMOKE, 7, 0x0003, "一层大厅", at));
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            byte[] frame = uitd.frame(41, 2, data);
            uitd.write(frame);
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
            uitd.write(frame); // the confirm was lost: the UITD sends the same frame again

            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.openAlarms()).hasSize(1);
        assertThat(gw.metric("firegrid_messages_total", "protocol", "gb26875", "outcome", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void twoDetectorsInOneRegisteredZoneConfirmTheFire() throws Exception {
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", "uitd-2").put("password", TestGateway.PASSWORD)
                .put("site", "site-1").put("gb26875Address", "000000000002").put("gb26875Allow", "127.0.0.1")
                .put("sensors", new JsonArray()
                        .add(new JsonObject().put("id", "c-1-1-1").put("kind", "smoke").put("zone", "F3"))
                        .add(new JsonObject().put("id", "c-1-1-2").put("kind", "smoke").put("zone", "F3")));
        assertThat(gw.post("/api/v1/devices", body.encode()).statusCode()).isEqualTo(201);
        try (UitdSimulator uitd = UitdSimulator.connect(port, 2)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 1, 0x0003, "三楼A", LocalDateTime.now()),
                    componentState(1, 1, SMOKE, 2, 0x0003, "三楼B", LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).hasSize(2).allSatisfy(a -> {
            assertThat(a.getBoolean("confirmed")).isTrue();
            assertThat(a.getString("zone")).isEqualTo("F3");
        });
    }

    @Test
    void faultSupervisoryAndIsolationAreShownAndAResetRestoresThem() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.sendData(unit(2, componentState(1, 1, 31, 5, 0x0005, "泵房感温", LocalDateTime.now()),
                    componentState(1, 1, 24, 6, 0x0011, "二层消火栓", LocalDateTime.now()),
                    componentState(1, 1, SMOKE, 8, 0x0009, "地下车库", LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);

            assertThat(gw.openAlarmFor("uitd-1", "c-1-1-5").orElseThrow().getString("type")).isEqualTo("sensor-fault");
            JsonObject supervisory = gw.openAlarmFor("uitd-1", "c-1-1-6").orElseThrow();
            assertThat(supervisory.getString("class")).isEqualTo("supervisory");
            assertThat(supervisory.getString("type")).isEqualTo("panel-supervisory");
            assertThat(component("uitd-1", "c-1-1-8").getBoolean("isolated")).isTrue();
            assertThat(component("uitd-1", "c-1-1-6").getString("kind")).isEqualTo("call-point");

            uitd.sendData(unit(4, systemOperation(1, 1, 0x01, LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-5")).isEmpty();
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-6")).isEmpty();
        assertThat(component("uitd-1", "c-1-1-5").getBoolean("fault")).isFalse();
    }

    @Test
    void aFireAlarmStaysOpenAfterThePanelsResetUntilAPersonResolvesIt() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 9, 0x0003, "五楼", LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
            uitd.sendData(unit(4, systemOperation(1, 1, 0x01, LocalDateTime.now())));
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-9").orElseThrow().getString("class")).isEqualTo("fire");
    }

    @Test
    void theUitdsOwnStateIsItsHeartbeatAndItsPowerFaultATrouble() throws Exception {
        LocalDateTime now = LocalDateTime.now();
        byte[] powerFault = {0x09, (byte) now.getSecond(), (byte) now.getMinute(), (byte) now.getHour(),
                (byte) now.getDayOfMonth(), (byte) now.getMonthValue(), (byte) (now.getYear() - 2000)}; // normal + main power fault
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.sendData(unit(21, powerFault));

            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        JsonObject trouble = gw.openAlarmFor("uitd-1", "uitd").orElseThrow();
        assertThat(trouble.getString("class")).isEqualTo("trouble");
        assertThat(trouble.getString("type")).isEqualTo("power-fault");
        assertThat(gw.metric("firegrid_messages_total", "protocol", "gb26875", "endpoint", "telemetry", "outcome", "stored"))
                .as("the state word stored as a reading: the UITD was heard").isEqualTo(1.0);
    }

    @Test
    void anUnregisteredAddressIsDeniedAndCountedAndTheConnectionGoesOn() throws Exception {
        byte[] fire = unit(2, componentState(1, 1, SMOKE, 3, 0x0003, "x", LocalDateTime.now()));
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.write(UitdSimulator.frame(5, 2, 0x0BAD, 0, fire, LocalDateTime.now()));

            UitdSimulator.Answer denied = uitd.read();
            assertThat(denied.command()).isEqualTo(DENY);
            assertThat(denied.serial()).isEqualTo(5);

            uitd.sendData(fire);
            assertThat(uitd.read().command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "unknown-address")).isEqualTo(1.0);
        assertThat(gw.openAlarms()).extracting(a -> a.getString("device")).containsExactly("uitd-1");
    }

    @Test
    void aUitdConnectingFromOutsideItsRangeIsDenied() throws Exception {
        registerUitd("uitd-far", "000000000099", "10.0.0.0/8");
        try (UitdSimulator uitd = UitdSimulator.connect(port, 0x99)) {
            uitd.sendData(unit(2, componentState(1, 1, SMOKE, 3, 0x0003, "x", LocalDateTime.now())));

            assertThat(uitd.read().command()).isEqualTo(DENY);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "address-not-allowed")).isEqualTo(1.0);
        assertThat(gw.openAlarms()).isEmpty();
    }

    @Test
    void garbageBadChecksumsAndSplitFramesCostNothingButThemselves() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS);
             UitdSimulator other = UitdSimulator.connect(port, ADDRESS)) {
            byte[] bad = uitd.frame(60, 2, unit(2, componentState(1, 1, SMOKE, 60, 0x0003, "坏", LocalDateTime.now())));
            bad[bad.length - 3] ^= 0x55;
            byte[] good = uitd.frame(61, 2, unit(2, componentState(1, 1, SMOKE, 61, 0x0003, "好", LocalDateTime.now())));
            uitd.write(new byte[] {0x00, 0x7f, '#', '#'});
            uitd.write(bad);
            uitd.write(java.util.Arrays.copyOf(good, 10));          // the good frame in two pieces
            other.sendData(unit(2, componentState(1, 1, SMOKE, 62, 0x0003, "另一个", LocalDateTime.now())));
            assertThat(other.read().command()).as("another connection is unharmed").isEqualTo(CONFIRM);
            uitd.write(java.util.Arrays.copyOfRange(good, 10, good.length));

            UitdSimulator.Answer answer = uitd.read();
            assertThat(answer.serial()).as("the bad frame gets no answer, the good one its confirm").isEqualTo(61);
            assertThat(answer.command()).isEqualTo(CONFIRM);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "bad-checksum")).isEqualTo(1.0);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "garbage")).isEqualTo(1.0);
        assertThat(gw.openAlarms()).extracting(a -> a.getString("sensor")).containsExactlyInAnyOrder("c-1-1-61", "c-1-1-62");
    }

    @Test
    void anUnknownDataTypeIsDeniedAndCounted() throws Exception {
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            uitd.sendData(new byte[] {(byte) 200, 1, 0});

            assertThat(uitd.read().command()).isEqualTo(DENY);
        }
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875", "code", "unknown-type")).isEqualTo(1.0);
    }

    @Test
    void registrationRefusesABadAddressAndOneAlreadyTaken() {
        HttpResponse<String> bad = gw.post("/api/v1/devices", new JsonObject().put("tenant", "t1").put("id", "u-bad")
                .put("password", TestGateway.PASSWORD).put("gb26875Address", "c0a80164").encode());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad-gb26875").contains("12 hex digits");
        HttpResponse<String> taken = gw.post("/api/v1/devices", new JsonObject().put("tenant", "t1").put("id", "u-two")
                .put("password", TestGateway.PASSWORD).put("gb26875Address", "0000C0A80164").encode());
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("gb26875-address-taken").contains("uitd-1");
        assertThat(gw.get("/api/v1/devices/t1/u-two").statusCode()).as("nothing was registered").isEqualTo(404);
    }

    private void registerUitd(String id, String address, String allow) {
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", id).put("password", TestGateway.PASSWORD)
                .put("site", "site-1").put("gb26875Address", address).put("gb26875Allow", allow);
        HttpResponse<String> r = gw.post("/api/v1/devices", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private JsonObject component(String device, String sensor) {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/" + device + "/gb26875");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("components").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("sensor").equals(sensor)).findFirst().orElseThrow();
    }
}
