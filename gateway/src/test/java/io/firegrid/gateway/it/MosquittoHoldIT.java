package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.mqtt.MqttLimits;
import io.firegrid.gateway.storage.Database;
import io.firegrid.gateway.storage.StoreOptions;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readings held, not refused, seen by an independent client: Debian's {@code mosquitto_pub}, MQTT 5
 * and 3.1.1, publishing QoS 1 readings (one per line of its input) into a telemetry lane of 4 is
 * slowed, not disconnected: it connects once, every reading is acknowledged and stored once, and
 * meanwhile another device's smoke alarm is acknowledged and raised.
 */
class MosquittoHoldIT {

    static final int READINGS = 300;

    @TempDir
    Path dataDir;

    TestGateway gw;
    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void requireMosquittoClients() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")))
                .as("mosquitto_pub is missing: install Debian's mosquitto-clients (./firegrid test does it)")
                .isTrue();
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void mosquittoPubIntoAFullTelemetryLaneIsHeldAndEveryReadingStoredOnceWhileAnAlarmGetsThrough() throws Exception {
        // GIVEN a store whose telemetry lane takes 4 readings, two mosquitto_pub devices and a bystander
        gw = TestGateway.start(dataDir, c -> c.withMqttLimits(MqttLimits.DEFAULTS.withReceiveMaximum(8))
                .withStore(StoreOptions.DEFAULTS.withLimits(Database.Limits.DEFAULTS.withTelemetryQueue(4))));
        gw.registerDevice("t1", "bystander");
        gw.registerDevice("t1", "pub-v5");
        gw.registerDevice("t1", "pub-v311");
        Mqtt5Device bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
        Path lines = dataDir.resolve("readings.txt");
        StringBuilder body = new StringBuilder();
        for (int seq = 1; seq <= READINGS; seq++) {
            body.append(new String(Bodies.pressure(seq, 0.3), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(lines, body);

        // WHEN both publish their readings as fast as their PUBACKs let them (20 in flight each)
        Process v5 = mosquittoPub("mqttv5", "pub-v5@t1", lines);
        Process v311 = mosquittoPub("mqttv311", "pub-v311@t1", lines);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> gw.metric("firegrid_mqtt_paused_total") > 0);

        // THEN a smoke alarm from another device is acknowledged and raised meanwhile
        try (bystander) {
            Mqtt5Device.Ack ack = bystander.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1);
            assertThat(ack.reasonCode()).as("PUBACK of the smoke alarm").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.openAlarmFor("bystander", "smoke-1").isPresent());
        }

        // AND each mosquitto_pub ends normally, connected once, every reading acknowledged
        for (Process p : List.of(v5, v311)) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(count(out, "sending CONNECT")).as("connected once, never disconnected: %s", out).isEqualTo(1);
            assertThat(count(out, "received PUBACK")).as("PUBACKs").isEqualTo(READINGS);
            assertThat(out).doesNotContainIgnoringCase("disconnect (").doesNotContain("Error");
        }
        // AND each reading was stored once, no refusal, no hold ran out
        assertThat(gw.metric("firegrid_messages_total", "endpoint", "telemetry", "outcome", "stored"))
                .isEqualTo(2.0 * READINGS);
        assertThat(gw.metric("firegrid_messages_total", "outcome", "duplicate")).isZero();
        assertThat(gw.metric("firegrid_refused_total", "code", "store-busy")).isZero();
        assertThat(gw.metric("firegrid_mqtt_hold_expired_total")).isZero();
        assertThat(gw.metric("firegrid_mqtt_paused_total")).as("the lane was full and held them").isPositive();
    }

    private Process mosquittoPub(String version, String user, Path input) throws Exception {
        Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.gateway().mqttPort()),
                "-V", version, "-u", user, "-P", TestGateway.PASSWORD, "-t", "telemetry", "-q", "1", "-M", "20", "-l", "-d")
                .redirectErrorStream(true).redirectInput(input.toFile()).start();
        processes.add(p);
        return p;
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
