package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent MQTT client works: Debian's {@code mosquitto_pub} (mosquitto-clients), used the
 * way the README tells an installer to, gets its event stored and an alarm raised; with a wrong
 * password it is refused. {@code ./firegrid test} installs mosquitto-clients when missing.
 */
class MosquittoClientsIT {

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeAll
    static void requireMosquittoClients() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")))
                .as("mosquitto_pub is missing: install Debian's mosquitto-clients (./firegrid test does it)")
                .isTrue();
    }

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir);
        gw.registerDevice("t1", "pi-0042");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void mosquittoPubEventRaisesAnAlarm(String version) throws Exception {
        Result r = mosquittoPub(version, "pi-0042@t1", TestGateway.PASSWORD, "event",
                new String(Bodies.smoke(42, "smoke-1", "alarm"), StandardCharsets.UTF_8));

        assertThat(r.exitCode()).as(r.output()).isZero();
        List<JsonObject> open = gw.openAlarms();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).getString("device")).isEqualTo("pi-0042");
        assertThat(open.get(0).getLong("seq")).isEqualTo(42L);
    }

    @Test
    void mosquittoPubWithWrongPasswordIsRefused() throws Exception {
        Result r = mosquittoPub("mqttv311", "pi-0042@t1", "not-the-password", "event",
                new String(Bodies.smoke(1, "smoke-1", "alarm"), StandardCharsets.UTF_8));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).containsIgnoringCase("bad user name or password");
        assertThat(gw.openAlarms()).isEmpty();
    }

    @Test
    void mosquittoPubForAnotherDeviceIsRefusedOnMqtt5() throws Exception {
        gw.registerDevice("t1", "pi-0043");
        Result r = mosquittoPub("mqttv5", "pi-0042@t1", TestGateway.PASSWORD, "event/t1/pi-0043",
                new String(Bodies.smoke(1, "smoke-1", "alarm"), StandardCharsets.UTF_8));

        assertThat(r.output()).containsIgnoringCase("not authori");
        assertThat(gw.openAlarms()).isEmpty();
    }

    private record Result(int exitCode, String output) {
    }

    private Result mosquittoPub(String version, String user, String password, String topic, String message)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1",
                "-p", Integer.toString(gw.gateway().mqttPort()), "-V", version, "-u", user, "-P", password,
                "-t", topic, "-q", "1", "-m", message, "-d"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mosquitto_pub did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
