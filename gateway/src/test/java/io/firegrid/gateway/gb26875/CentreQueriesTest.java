package io.firegrid.gateway.gb26875;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.CentreSimulator;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The centre's queries of analog values (63) and operation records (64, 84), over a real socket
 * from a centre simulator, the answers read byte by byte here, from the standard's layouts: a
 * hydrant's last pressure, the alarm steps people took, the duty check answered on the console.
 */
class CentreQueriesTest {

    static final int ANSWER = 5;
    static final int DENY = 6;
    /** Analog type 5: pressure in kPa, steps of 0.1 kPa. */
    static final int PRESSURE_KPA = 5;
    /** System operation bit 5: 确认; bit 3: 警情消除. */
    static final int CONFIRM = 1 << 5;
    static final int ALARM_CLEARED = 1 << 3;
    /** UITD operation bit 5: 查岗应答. */
    static final int DUTY_ANSWER = 1 << 5;
    static final ZoneId ZONE = Gb26875Options.DEFAULTS.zone();

    @TempDir
    Path dataDir;

    TestGateway gw;
    CentreSimulator centre;
    int serial = 1000;

    @BeforeEach
    void start() throws Exception {
        centre = CentreSimulator.start(0);
        gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withCentre("127.0.0.1:" + centre.port(), 1)));
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", "pi-1").put("password", TestGateway.PASSWORD)
                .put("site", "site-1").put("sensors", new JsonArray()
                        .add(new JsonObject().put("id", "hydrant-1").put("kind", "pressure"))
                        .add(new JsonObject().put("id", "hydrant-2").put("kind", "pressure"))
                        .add(new JsonObject().put("id", "smoke-1").put("kind", "smoke").put("zone", "A")));
        HttpResponse<String> r = gw.post("/api/v1/devices", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                centre.send(1, 4, new byte[] {81, 1, 0}); // read the UITD's state: sent once the gateway is connected
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        if (centre != null) {
            centre.close();
        }
    }

    @Test
    void aHydrantsLastPressureIsAnsweredAsAnAnalogValueInTenthsOfAKilopascal() throws Exception {
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("telemetry", Bodies.pressure(1, 0.32), 1).reasonCode()).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "0.32".equals(lastValue("pi-1", "hydrant-1")));
        long hydrant = address("pi-1", "hydrant-1");

        CentreSimulator.Received answer = ask(63, concat(bytes(1, 0), le32(hydrant)));

        assertThat(answer.command()).isEqualTo(ANSWER);
        byte[] d = answer.data();
        assertThat(d[0] & 0xFF).as("type 3").isEqualTo(3);
        assertThat(d[1] & 0xFF).as("one object").isEqualTo(1);
        assertThat(d).as("type, count and one object of 16 bytes").hasSize(18);
        assertThat(d[2] & 0xFF).as("the system type asked about").isEqualTo(1);
        assertThat(u32(d, 5)).isEqualTo(hydrant);
        assertThat(d[9] & 0xFF).as("analog type: pressure, kPa").isEqualTo(PRESSURE_KPA);
        assertThat(s16(d, 10)).as("0.32 MPa = 320.0 kPa").isEqualTo(3200);
        LocalDateTime at = time(d, 12);
        assertThat(Duration.between(at, LocalDateTime.now(ZONE)).abs()).isLessThan(Duration.ofMinutes(1));

        // a value beyond what 16 bits carry is clamped
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("telemetry", Bodies.pressure(2, 4.5), 1).reasonCode()).isZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "4.5".equals(lastValue("pi-1", "hydrant-1")));
        assertThat(s16(ask(63, concat(bytes(1, 0), le32(hydrant))).data(), 10)).isEqualTo(32767);
    }

    @Test
    void aComponentWithoutAReadingOrWithoutASensorIsDeniedAndCounted() throws Exception {
        CentreSimulator.Received never = ask(63, concat(bytes(1, 0), le32(address("pi-1", "hydrant-2"))));
        CentreSimulator.Received smoke = ask(63, concat(bytes(1, 0), le32(address("pi-1", "smoke-1"))));
        CentreSimulator.Received nobody = ask(63, concat(bytes(1, 0), le32(address("pi-1", "no-such-sensor"))));

        assertThat(never.command()).as("a hydrant not read since the start").isEqualTo(DENY);
        assertThat(smoke.command()).as("a smoke detector has no analog value").isEqualTo(DENY);
        assertThat(nobody.command()).isEqualTo(DENY);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875-centre", "code", "no-value")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875-centre", "code", "unknown-component")).isEqualTo(1.0);
        // the link goes on: the next query is answered
        assertThat(ask(81, bytes(0)).command()).isEqualTo(ANSWER);
    }

    @Test
    void theSystemsRecordsAreTheAlarmStepsPeopleTookFromTheStartTimeOn() throws Exception {
        LocalDateTime before = LocalDateTime.now(ZONE).minusMinutes(1).withNano(0);
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(pi.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
        }
        long id = gw.openAlarmFor("pi-1", "smoke-1").orElseThrow().getLong("id");
        assertThat(gw.post("/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
        assertThat(gw.post("/api/v1/alarms/" + id + "/en-route", "{}").statusCode()).isEqualTo(200);
        assertThat(gw.post("/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"false-alarm\"}").statusCode()).isEqualTo(200);

        CentreSimulator.Received all = ask(64, concat(bytes(1, 0, 10), label(before)));

        assertThat(all.command()).isEqualTo(ANSWER);
        List<int[]> records = systemRecords(all.data());
        assertThat(records).as("acknowledged (确认), then resolved (警情消除); en route has no bit")
                .extracting(r -> r[2]).containsExactly(CONFIRM, ALARM_CLEARED);
        assertThat(records).allSatisfy(r -> {
            assertThat(r[0]).as("system type, echoed").isEqualTo(1);
            assertThat(r[3]).as("operator: the gateway numbers nobody").isZero();
        });
        LocalDateTime acknowledged = time(all.data(), 2 + 4);
        assertThat(acknowledged).isAfterOrEqualTo(before).isBefore(LocalDateTime.now(ZONE).plusMinutes(1));

        // as many as asked for, oldest first
        assertThat(systemRecords(ask(64, concat(bytes(1, 0, 1), label(before))).data())).extracting(r -> r[2])
                .containsExactly(CONFIRM);
        // none from a later time: an answer with no objects
        CentreSimulator.Received none = ask(64, concat(bytes(1, 0, 10), label(LocalDateTime.now(ZONE).plusMinutes(5))));
        assertThat(none.command()).isEqualTo(ANSWER);
        assertThat(none.data()).containsExactly(4, 0);
        // the UITD's records hold none of these
        assertThat(ask(84, concat(bytes(10), label(before))).data()).containsExactly(24, 0);
    }

    @Test
    void anAnswerHoldsNoMoreRecordsThanOneFrameCarries() throws Exception {
        LocalDateTime before = LocalDateTime.now(ZONE).minusMinutes(1).withNano(0);
        try (Mqtt5Device pi = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            for (int i = 1; i <= 52; i++) { // 104 records: each alarm acknowledged and resolved
                assertThat(pi.publish("event", Bodies.smoke(2 * i - 1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
                long id = gw.openAlarmFor("pi-1", "smoke-1").orElseThrow().getLong("id");
                assertThat(gw.post("/api/v1/alarms/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
                assertThat(gw.post("/api/v1/alarms/" + id + "/resolve", "{\"cause\":\"test\"}").statusCode()).isEqualTo(200);
                assertThat(pi.publish("event", Bodies.smoke(2 * i, "smoke-1", "normal"), 1).reasonCode()).isZero();
            }
        }

        CentreSimulator.Received most = ask(64, concat(bytes(1, 0, 255), label(before)));

        assertThat(most.command()).isEqualTo(ANSWER);
        assertThat(systemRecords(most.data())).as("(1024 - 2) / 10 records, not the 255 asked for").hasSize(102);
        assertThat(most.data()).hasSize(1022);
    }

    @Test
    void theUitdsRecordsAreTheDutyChecksAnswered() throws Exception {
        LocalDateTime before = LocalDateTime.now(ZONE).minusMinutes(1).withNano(0);
        centre.send(700, 1, new byte[] {91, 1, 5});
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(700) != null);
        HttpResponse<String> checks = gw.get("/api/v1/gb26875/duty-checks");
        long check = new JsonObject(checks.body()).getJsonArray("checks").getJsonObject(0).getLong("id");
        HttpResponse<String> answered = gw.post("/api/v1/gb26875/duty-checks/" + check + "/answer", "");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

        CentreSimulator.Received records = ask(84, concat(bytes(10), label(before)));

        assertThat(records.command()).isEqualTo(ANSWER);
        byte[] d = records.data();
        assertThat(d[0] & 0xFF).as("type 24").isEqualTo(24);
        assertThat(d[1] & 0xFF).as("one record").isEqualTo(1);
        assertThat(d).hasSize(2 + 8);
        assertThat(d[2] & 0xFF).as("查岗应答").isEqualTo(DUTY_ANSWER);
        assertThat(d[3] & 0xFF).as("operator").isZero();
        assertThat(time(d, 4)).isAfterOrEqualTo(before);
        assertThat(ask(64, concat(bytes(1, 0, 10), label(before))).data()).as("not a system record").containsExactly(4, 0);
    }

    @Test
    void aStartTimeThatNamesNoTimeIsDeniedAndCounted() throws Exception {
        CentreSimulator.Received bad = ask(84, bytes(10, 0, 0, 0, 1, 13, 26)); // month 13

        assertThat(bad.command()).isEqualTo(DENY);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "gb26875-centre", "code", "bad-time")).isEqualTo(1.0);
        assertThat(ask(84, concat(bytes(10), label(LocalDateTime.now(ZONE)))).command()).isEqualTo(ANSWER);
    }

    private String lastValue(String device, String sensor) {
        HttpResponse<String> r = gw.get("/api/v1/devices/t1/" + device);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonObject("lastValues").getString(sensor);
    }

    /** Sends a request of {@code type} with one object, {@code body}, and waits for its answer or deny. */
    private CentreSimulator.Received ask(int type, byte[] body) throws Exception {
        int s = serial++;
        centre.send(s, 4, concat(bytes(type, 1), body));
        await().atMost(Duration.ofSeconds(5)).until(() -> answerTo(s) != null);
        return answerTo(s);
    }

    private CentreSimulator.Received answerTo(int serial) {
        return centre.received().stream().filter(r -> r.serial() == serial).findFirst().orElse(null);
    }

    /** The component address the gateway gives a sensor: the CRC-32 of tenant/device/sensor (docs/gb26875.md). */
    static long address(String device, String sensor) {
        CRC32 crc = new CRC32();
        crc.update(("t1/" + device + "/" + sensor).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The objects of a type 4 answer: system type, system address, flags, operator (the time left out). */
    static List<int[]> systemRecords(byte[] d) {
        assertThat(d[0] & 0xFF).as("type 4").isEqualTo(4);
        int n = d[1] & 0xFF;
        assertThat(d).as("%d objects of 10 bytes", n).hasSize(2 + 10 * n);
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int o = 2 + 10 * k;
            out.add(new int[] {d[o] & 0xFF, d[o + 1] & 0xFF, d[o + 2] & 0xFF, d[o + 3] & 0xFF});
        }
        return out;
    }

    /** A time label: second, minute, hour, day, month, year - 2000. */
    static byte[] label(LocalDateTime t) {
        return bytes(t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear() - 2000);
    }

    static LocalDateTime time(byte[] d, int off) {
        return LocalDateTime.of(2000 + (d[off + 5] & 0xFF), d[off + 4] & 0xFF, d[off + 3] & 0xFF, d[off + 2] & 0xFF,
                d[off + 1] & 0xFF, d[off] & 0xFF);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] le32(long v) {
        return bytes((int) v, (int) (v >> 8), (int) (v >> 16), (int) (v >> 24));
    }

    static long u32(byte[] d, int off) {
        return (d[off] & 0xFFL) | (d[off + 1] & 0xFFL) << 8 | (d[off + 2] & 0xFFL) << 16 | (d[off + 3] & 0xFFL) << 24;
    }

    static int s16(byte[] d, int off) {
        return (short) ((d[off] & 0xFF) | (d[off + 1] & 0xFF) << 8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
