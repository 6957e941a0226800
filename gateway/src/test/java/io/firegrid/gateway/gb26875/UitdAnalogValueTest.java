package io.firegrid.gateway.gb26875;

import static io.firegrid.gateway.support.UitdSimulator.unit;
import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.TestGateway;
import io.firegrid.gateway.support.UitdSimulator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A panel's analog values (type 3) over a real socket: a hydrant pressure is confirmed and kept as
 * the reading of the component's sensor, in MPa, so it is the sensor's last value and the low
 * pressure rule applies to it as to a Pi's reading; an analog type FireGrid has no kind for is
 * confirmed, counted and not kept.
 */
class UitdAnalogValueTest {

    static final long ADDRESS = 0xC0A80164L;
    static final int CONFIRM = 3;

    @TempDir
    Path dataDir;

    TestGateway gw;
    int port;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, c -> c.withGb26875(Gb26875Options.DEFAULTS.withPort(0)));
        port = gw.gateway().gb26875Port();
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", "uitd-1").put("password", TestGateway.PASSWORD)
                .put("site", "site-1").put("gb26875Address", "0000c0a80164").put("gb26875Allow", "127.0.0.0/8");
        HttpResponse<String> r = gw.post("/api/v1/devices", body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void aPanelsHydrantPressureIsTheSensorsLastValueAndALowOneRaisesTheAlarm() throws Exception {
        LocalDateTime now = LocalDateTime.now(Gb26875Options.DEFAULTS.zone());
        try (UitdSimulator uitd = UitdSimulator.connect(port, ADDRESS)) {
            int serial = uitd.sendData(unit(3,
                    analog(300, 5, 1000, now),   // 100.0 kPa: 0.1 MPa, below the low threshold
                    analog(301, 4, 3, now),      // 3 tenths of a MPa
                    analog(302, 3, 215, now)));  // 21.5 °C: FireGrid has no temperature kind

            UitdSimulator.Answer answer = uitd.read();
            assertThat(answer.command()).isEqualTo(CONFIRM);
            assertThat(answer.serial()).isEqualTo(serial);
        }

        HttpResponse<String> r = gw.get("/api/v1/devices/t1/uitd-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject last = new JsonObject(r.body()).getJsonObject("lastValues");
        assertThat(last.getString("c-1-1-300")).isEqualTo("0.1");
        assertThat(last.getString("c-1-1-301")).isEqualTo("0.3");
        assertThat(last.containsKey("c-1-1-302")).as("not kept").isFalse();
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-300")).as("0.1 MPa is below the hydrant's low threshold")
                .hasValueSatisfying(a -> assertThat(a.getString("type")).isEqualTo("pressure-low"));
        assertThat(gw.openAlarmFor("uitd-1", "c-1-1-301")).isEmpty();
        assertThat(gw.metric("firegrid_gb26875_analog_values_total", "kept", "true")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_gb26875_analog_values_total", "kept", "false")).isEqualTo(1.0);
    }

    /** A type 3 object written from the layout: system 1/1, component type 0, address, analog type, value, time. */
    static byte[] analog(long component, int analogType, int value, LocalDateTime t) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(1);
        o.write(1);
        o.write(0);
        for (int i = 0; i < 4; i++) {
            o.write((int) (component >> (8 * i)));
        }
        o.write(analogType);
        o.write(value);
        o.write(value >> 8);
        o.write(t.getSecond());
        o.write(t.getMinute());
        o.write(t.getHour());
        o.write(t.getDayOfMonth());
        o.write(t.getMonthValue());
        o.write(t.getYear() - 2000);
        return o.toByteArray();
    }
}
