package io.firegrid.agent;

import static io.firegrid.agent.TestAgents.smoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.agent.health.Heartbeat;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.thresholds.ThresholdStore;
import io.firegrid.agent.thresholds.Thresholds;
import io.firegrid.agent.uplink.CommandHandler.Reply;
import io.firegrid.protocol.Reading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code set-thresholds}: answered with the values in force, kept across restarts, a bad body refused. */
class ThresholdCommandTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private Agent agent;

    @AfterEach
    void close() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void setThresholdsAnswersTheValuesInForceAndTheyOutliveARestart() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = start(uplink, Duration.ofSeconds(60));

        Reply reply = uplink.command("set-thresholds", "{\"debounceMs\":200,\"heartbeatSeconds\":600}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(text(reply)).isEqualTo("{\"debounceMs\":200,\"heartbeatSeconds\":600}");
        assertThat(agent.thresholds()).isEqualTo(new Thresholds(Duration.ofMillis(200), Duration.ofSeconds(600)));
        agent.close();

        RecordingUplink after = RecordingUplink.working();
        agent = start(after, Duration.ofSeconds(60));
        assertThat(agent.thresholds()).isEqualTo(new Thresholds(Duration.ofMillis(200), Duration.ofSeconds(600)));
        assertThat(text(after.command("get-thresholds", ""))).isEqualTo("{\"debounceMs\":200,\"heartbeatSeconds\":600}");
    }

    @Test
    void aLongerDebounceHoldsBackTheNextContactChange() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = start(uplink, Duration.ofSeconds(60));
        await().atMost(SOON).until(() -> uplink.events("smoke-1").size() == 1);

        assertThat(uplink.command("set-thresholds", "{\"debounceMs\":700}").status()).isEqualTo(200);
        long before = System.nanoTime();
        agent.mockContact("smoke-1").set(true);
        await().atMost(SOON).until(agent::isSirenSounding);
        long tookMs = (System.nanoTime() - before) / 1_000_000;

        assertThat(tookMs).as("siren after the new 700 ms debounce, not the configured 0 ms").isGreaterThanOrEqualTo(700);
        await().atMost(SOON).until(() -> uplink.events("smoke-1").size() == 2);
    }

    @Test
    void aBadBodyIsRefusedWithTheReasonChangesNothingAndIsCountedInTheHeartbeat() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = start(uplink, Duration.ofMillis(100));
        Thresholds before = agent.thresholds();

        Reply reply = uplink.command("set-thresholds", "{\"debounceMs\":5000,\"colour\":\"red\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(text(reply)).contains("\"error\":\"bad-threshold\"")
                .contains("unknown field 'colour'").contains("debounceMs should be between 0 and 1000, was 5000");
        assertThat(agent.thresholds()).isEqualTo(before);
        assertThat(dir.resolve(ThresholdStore.FILE_NAME)).doesNotExist();
        await().atMost(SOON).until(() -> last(uplink.readings(Heartbeat.REFUSED_COMMANDS)) == 1.0);
    }

    @Test
    void sirenCommandsStillGetThrough() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = start(uplink, Duration.ofSeconds(60));

        Reply reply = uplink.command("test", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(agent.isSirenSounding()).isTrue();
    }

    @Test
    void aNewHeartbeatPeriodTakesEffect() throws Exception {
        RecordingUplink uplink = RecordingUplink.working();
        agent = start(uplink, Duration.ofHours(1));

        // the smallest period a command may set is 10 s: a heartbeat arrives within it, none before
        assertThat(uplink.command("set-thresholds", "{\"heartbeatSeconds\":10}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> !uplink.readings(Heartbeat.UPTIME).isEmpty());
        assertThat(uplink.readings(Heartbeat.UPTIME).get(0).value()).isBetween(9.0, 12.0);
    }

    private Agent start(RecordingUplink uplink, Duration heartbeat) throws Exception {
        Agent a = new Agent(TestAgents.DEVICE, new Hardware(GpioPlatform.MOCK, List.of(smoke("smoke-1", 17, Contact.NO)),
                TestAgents.SIREN_PIN, Duration.ZERO), SeqCounter.open(dir.resolve("seq"), () -> 1), uplink,
                new ThresholdStore(dir.resolve(ThresholdStore.FILE_NAME)), heartbeat);
        a.start();
        return a;
    }

    private static double last(List<Reading> readings) {
        return readings.isEmpty() ? -1 : readings.get(readings.size() - 1).value();
    }

    private static String text(Reply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }
}
