package io.firegrid.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device whose clock is wrong (1970 after a boot without network time, or a corrupt year far in
 * the future) still gets its events and readings stored, acknowledged and alarmed, with the
 * gateway's receive time standing for its {@code ts}; the device is flagged and nothing is logged at ERROR.
 */
class DeviceClockTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    PrintStream err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        err = System.err;
        System.setErr(new PrintStream(new TeeStream(err, log), true, StandardCharsets.UTF_8));
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
        System.setErr(err);
    }

    @Test
    void anEventFromYear999999999IsKeptWithTheReceiveTimeAndFlagged() throws Exception {
        Instant before = Instant.now();
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            Mqtt5Device.Ack event = device.publish("event", event(1, "+999999999-12-31T23:59:59Z"), 1);
            Mqtt5Device.Ack reading = device.publish("telemetry", reading(2, "+999999999-12-31T23:59:59Z"), 1);

            assertThat(event.reasonCode()).isZero();
            assertThat(reading.reasonCode()).isZero();
        }

        JsonObject alarm = gw.openAlarmFor("pi-1", "smoke-1").orElseThrow();
        assertThat(alarm.getValue("deviceTs")).isNull();
        assertThat(Instant.parse(alarm.getString("raisedAt"))).isBetween(before, Instant.now());
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body()).getBoolean("clockSkew")).isTrue();
        assertThat(gw.metric("firegrid_device_clock_skewed_total", "protocol", "mqtt")).isEqualTo(2.0);
        // the reading lands in the history at the receive time, where a console looks for it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history()).isNotEmpty());
        assertNoErrorLogged();
    }

    @Test
    void anEventAtTheEpochIsKeptAndTheFlagClearsWhenTheClockIsRightAgain() throws Exception {
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            assertThat(device.publish("event", event(1, "1970-01-01T00:00:00Z"), 1).reasonCode()).isZero();
            assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body()).getBoolean("clockSkew")).isTrue();

            assertThat(device.publish("event", event(2, Instant.now().toString()), 1).reasonCode()).isZero();
        }

        assertThat(gw.openAlarmFor("pi-1", "smoke-1")).isPresent();
        assertThat(new JsonObject(gw.get("/api/v1/devices/t1/pi-1").body()).getBoolean("clockSkew")).isFalse();
        assertThat(gw.metric("firegrid_device_clock_skewed_total", "protocol", "mqtt")).isEqualTo(1.0);
        assertNoErrorLogged();
    }

    @Test
    void overCoapTooAWrongClockIsAnsweredChangedAndAlarmed() throws Exception {
        gw.close();
        gw = io.firegrid.gateway.support.TestGateway.wrap(io.firegrid.gateway.app.Gateway.start(TestGateway.config(
                dataDir.resolve("coap")).withCoap(io.firegrid.gateway.coap.CoapOptions.DEFAULTS.withPorts(0, 0)
                .withAllowUnauthenticated(true))));
        gw.registerDevice("t1", "pi-1");
        try (io.firegrid.gateway.support.CoapDevice device = io.firegrid.gateway.support.CoapDevice.plain(gw.coapUri())) {
            org.eclipse.californium.core.CoapResponse r = device.post("/event/t1/pi-1", event(1, "1970-01-01T00:00:00Z"));

            assertThat(r.getCode()).isEqualTo(org.eclipse.californium.core.coap.CoAP.ResponseCode.CHANGED);
        }
        assertThat(gw.openAlarmFor("pi-1", "smoke-1")).hasValueSatisfying(a -> assertThat(a.getValue("deviceTs")).isNull());
        assertThat(gw.metric("firegrid_device_clock_skewed_total", "protocol", "coap")).isEqualTo(1.0);
        assertNoErrorLogged();
    }

    @Test
    void theWindowIsFrom2020ToFiveMinutesAheadOfTheReceiveTime() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        assertThat(DeviceClock.skewed(null, now)).isFalse();
        assertThat(DeviceClock.skewed(Instant.parse("2020-01-01T00:00:00Z"), now)).isFalse();
        assertThat(DeviceClock.skewed(Instant.parse("2019-12-31T23:59:59Z"), now)).isTrue();
        assertThat(DeviceClock.skewed(now.plus(Duration.ofMinutes(5)), now)).isFalse();
        assertThat(DeviceClock.skewed(now.plus(Duration.ofMinutes(5)).plusSeconds(1), now)).isTrue();
        assertThat(DeviceClock.skewed(now.plus(Duration.ofHours(3)), now)).as("a clock stepped hours ahead").isTrue();
        assertThat(DeviceClock.skewed(now.minus(Duration.ofDays(3)), now)).as("an outbox's old message").isFalse();
        assertThat(DeviceClock.skewed(Instant.MAX, now)).isTrue();
    }

    private List<Object> history() {
        String range = "&from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofHours(1));
        JsonObject body = new JsonObject(gw.get("/api/v1/devices/t1/pi-1/readings?sensor=hydrant-1" + range).body());
        JsonArray readings = body.getJsonArray("readings");
        return readings == null ? List.of() : readings.getList();
    }

    private void assertNoErrorLogged() {
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(" ERROR ").doesNotContain("ArithmeticException");
    }

    private static byte[] event(long seq, String ts) {
        return ("{\"ts\":\"" + ts + "\",\"seq\":" + seq + ",\"sensor\":\"smoke-1\",\"kind\":\"smoke\",\"state\":\"alarm\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] reading(long seq, String ts) {
        return ("{\"ts\":\"" + ts + "\",\"seq\":" + seq + ",\"readings\":[{\"sensor\":\"hydrant-1\",\"kind\":\"pressure\","
                + "\"value\":0.32,\"unit\":\"MPa\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes to the real stderr and keeps a copy. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
