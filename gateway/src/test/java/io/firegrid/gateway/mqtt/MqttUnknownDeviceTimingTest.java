package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unknown device and a wrong password cannot be told apart: the same CONNACK and reason, the
 * same number of key derivations (counted), and refusal times whose distributions overlap, with
 * the real PBKDF2 cost. The throttle is set out of the way so that it does not delay either.
 */
class MqttUnknownDeviceTimingTest {

    static final int SAMPLES = 25;

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, c -> c.withPasswordIterations(PasswordHasher.DEFAULT_ITERATIONS)
                .withLogins(LoginLimits.DEFAULTS.withThresholds(100_000, 100_000, 100_000, 100_000)));
        gw.registerDevice("t1", "pi-1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void unknownDeviceAndWrongPasswordCostTheSameDerivationsAndTime() throws Exception {
        // warm up both paths (JIT, first derivation)
        for (int i = 0; i < 3; i++) {
            refuse("pi-1@t1");
            refuse("nobody@t1");
        }
        double before = gw.metric("firegrid_password_derivations_total");
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        String reasonWrong = null;
        String reasonUnknown = null;
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            reasonWrong = refuse("pi-1@t1");
            wrong.add(System.nanoTime() - t);
            t = System.nanoTime();
            reasonUnknown = refuse("nobody-" + i + "@t1");
            unknown.add(System.nanoTime() - t);
        }

        // structurally: one derivation per refusal, whichever the path
        await().atMost(Duration.ofSeconds(5))
                .until(() -> gw.metric("firegrid_password_derivations_total") == before + 2 * SAMPLES);
        assertThat(reasonUnknown).isEqualTo(reasonWrong);
        // and in time: the medians within a third of each other (a refusal without a derivation,
        // as unknown devices once had, took 2 ms against 26 ms and would fail this by far)
        double mWrong = median(wrong) / 1e6;
        double mUnknown = median(unknown) / 1e6;
        assertThat(Math.abs(mWrong - mUnknown)).as("medians: wrong password %.1f ms, unknown device %.1f ms", mWrong, mUnknown)
                .isLessThanOrEqualTo(Math.max(mWrong, mUnknown) / 3);
        // and each one's middle half overlaps the other's
        assertThat(quantile(unknown, 0.25)).isLessThanOrEqualTo(quantile(wrong, 0.75));
        assertThat(quantile(wrong, 0.25)).isLessThanOrEqualTo(quantile(unknown, 0.75));
    }

    private String refuse(String user) throws Exception {
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            RawMqtt.ConnAck ack = s.connect(5, user, "wrong-password");
            assertThat(ack.code()).isEqualTo(0x86);
            return ack.reason();
        }
    }

    private static double median(List<Long> xs) {
        return quantile(xs, 0.5);
    }

    private static long quantile(List<Long> xs, double q) {
        List<Long> sorted = xs.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }
}
