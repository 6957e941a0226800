package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.SmokeCheck;
import io.firegrid.gateway.support.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password checks with the real PBKDF2 cost: a storm of wrong passwords takes a bounded share of
 * the machine and delays no alarm, and is blocked after a few derivations; a reconnect storm of known devices runs no derivation at all;
 * a wrong password is never remembered as good, and an unknown device costs and reads the same.
 */
class MqttCredentialStormTest {

    @TempDir
    Path dataDir;

    TestGateway gw;
    Mqtt5Device bystander;
    final ExecutorService clients = Executors.newFixedThreadPool(32);

    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.start(dataDir, c -> c.withPasswordIterations(PasswordHasher.DEFAULT_ITERATIONS));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
        bystander = Mqtt5Device.connect(gw.mqttUri(), "bystander@t1", TestGateway.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        bystander.close();
        gw.close();
    }

    @Test
    void wrongPasswordStormDoesNotDelayASmokeAlarm() throws Exception {
        // GIVEN pi-1 has logged in once since the gateway started
        assertThat(connect("pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        double derivations = gw.metric("firegrid_password_derivations_total");
        // AND 32 clients each try wrong passwords for it as fast as the gateway answers, 200 tries in all
        AtomicInteger tries = new AtomicInteger();
        ConcurrentHashMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Future<?>> storm = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            storm.add(clients.submit(() -> {
                while (tries.incrementAndGet() <= 200) {
                    try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                        int code = s.connect(5, "pi-1@t1", "guess-" + tries.get()).code();
                        answers.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                return null;
            }));
        }

        // WHEN the storm is under way, THEN a connected device's smoke alarms get through within a second
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.metric("firegrid_refused_total", "code", "bad-credentials") >= 5);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
        for (Future<?> f : storm) {
            f.get();
        }

        // AND every try was refused: wrong password (0x86), beyond the pool's queue server busy (0x89), and
        // once the name is blocked (after 20 failures by default) banned (0x8A) without a derivation
        assertThat(answers.keySet()).isSubsetOf(0x86, 0x89, 0x8A).contains(0x8A);
        assertThat(answers.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(200);
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-credentials")
                + gw.metric("firegrid_refused_total", "code", "server-busy")
                + gw.metric("firegrid_refused_total", "code", "login-blocked")).isEqualTo(200.0);
        assertThat(gw.metric("firegrid_password_derivations_total") - derivations)
                .isLessThanOrEqualTo(LoginLimits.DEFAULT_BLOCK_AFTER);
        // AND after the storm the device that was attacked connects with its own password (remembered, so not locked out)
        try (Mqtt5Device device = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            SmokeCheck.smokeAlarmGetsThrough(gw, device, "pi-1", "smoke-1", 1);
        }
    }

    @Test
    void reconnectStormOfKnownDevicesIsServedFromTheCache() throws Exception {
        // GIVEN 30 devices that have connected once (one derivation each)
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            devices.add("storm-" + i);
            gw.registerDevice("t1", "storm-" + i);
        }
        for (String d : devices) {
            try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
                assertThat(s.connect(5, d + "@t1", TestGateway.PASSWORD).code()).isZero();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_mqtt_connections") == 1.0);
        double derivations = gw.metric("firegrid_password_derivations_total");

        // WHEN they all reconnect at once
        List<Future<Integer>> storm = new ArrayList<>();
        List<RawMqtt> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String d : devices) {
            storm.add(clients.submit(() -> {
                RawMqtt s = RawMqtt.open(gw.gateway().mqttPort());
                sockets.add(s);
                return s.connect(5, d + "@t1", TestGateway.PASSWORD).code();
            }));
        }
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-1", 1);

        // THEN every one is accepted without a single key derivation
        for (Future<Integer> f : storm) {
            assertThat(f.get()).isZero();
        }
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);
        assertThat(gw.metric("firegrid_mqtt_connections")).isEqualTo(31.0);
        for (RawMqtt s : sockets) {
            s.close();
        }
        SmokeCheck.smokeAlarmGetsThrough(gw, bystander, "bystander", "smoke-2", 2);
    }

    @Test
    void wrongPasswordsAreNeverCachedAndUnknownDevicesCostTheSame() throws Exception {
        double start = gw.metric("firegrid_password_derivations_total");
        // the right password: derived once, then remembered
        assertThat(connect("pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        assertThat(connect("pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        awaitDerivations(start + 1);

        // a wrong password: derived every time, never accepted
        RawMqtt.ConnAck wrong = connect("pi-1@t1", "wrong-password");
        assertThat(wrong.code()).isEqualTo(0x86);
        assertThat(connect("pi-1@t1", "wrong-password").code()).isEqualTo(0x86);
        awaitDerivations(start + 3);

        // an unknown device: the same work and the same answer
        RawMqtt.ConnAck unknown = connect("nobody@t1", "wrong-password");
        assertThat(unknown.code()).isEqualTo(0x86);
        assertThat(unknown.reason()).isEqualTo(wrong.reason()).contains("unknown device or wrong password");
        awaitDerivations(start + 4);

        // and the right password still needs no derivation
        assertThat(connect("pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(start + 4);
        assertThat(gw.metric("firegrid_refused_total", "code", "bad-credentials")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "unknown-device")).isEqualTo(1.0);
    }

    private RawMqtt.ConnAck connect(String user, String password) throws Exception {
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            return s.connect(5, user, password);
        }
    }

    private void awaitDerivations(double n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.metric("firegrid_password_derivations_total") == n);
    }
}
