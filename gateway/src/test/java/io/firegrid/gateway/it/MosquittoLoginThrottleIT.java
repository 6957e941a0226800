package io.firegrid.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed logins throttled, as Debian's {@code mosquitto_pub} meets it: wrong passwords in a loop
 * are answered late, then refused as banned with the reason; the block ends by itself; a correct
 * password in between resets the count; and a device on another address (Paho, bound to 127.0.0.2)
 * keeps publishing events with PUBACKs while {@code mosquitto_pub} hammers from 127.0.0.1.
 */
class MosquittoLoginThrottleIT {

    /** Names delayed after 3 failures and blocked after 6; addresses far later unless a test says otherwise. */
    static final LoginLimits LIMITS = LoginLimits.DEFAULTS.withThresholds(3, 6, 1_000, 2_000).withTimes(100, 400, 900);

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeAll
    static void requireMosquittoClients() {
        assertThat(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")))
                .as("mosquitto_pub is missing: install Debian's mosquitto-clients (./firegrid test does it)")
                .isTrue();
    }

    void start(LoginLimits limits) {
        gw = TestGateway.start(dataDir, c -> c.withLogins(limits));
        gw.registerDevice("t1", "pi-0042");
        gw.registerDevice("t1", "pi-0043");
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void wrongPasswordsInALoopAreDelayedThenBannedWithTheReason() throws Exception {
        start(LIMITS);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pub("mqttv5", "pi-0042@t1", "guess-" + i));
        }

        for (Result r : results.subList(0, 6)) {
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).containsIgnoringCase("bad user name or password");
        }
        assertThat(gw.metric("firegrid_login_delayed_total", "kind", "device")).isEqualTo(3.0);
        for (Result r : results.subList(6, 8)) {
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.output()).as(r.output()).containsIgnoringCase("banned");
        }
        assertThat(gw.metric("firegrid_login_blocked_total", "kind", "device")).isEqualTo(2.0);
        // the reason, for the device's owner: in the admin's list, and in the CONNACK's reason string
        JsonObject block = new JsonArray(gw.get("/api/v1/security/blocked-logins").body()).getJsonObject(0);
        assertThat(block.getString("key")).isEqualTo("pi-0042@t1");
        String reason;
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            reason = s.connect(5, "pi-0042@t1", "guess-9").reason();
        }
        assertThat(reason).contains("too many failed logins as pi-0042@t1", "until " + block.getString("until"));
        // and 3.1.1 gets "not authorised"
        assertThat(pub("mqttv311", "pi-0042@t1", "guess-10").output()).containsIgnoringCase("not authori");
    }

    @Test
    void theBlockEndsByItself() throws Exception {
        start(LIMITS.withTimes(100, 400, 2));
        for (int i = 0; i < 6; i++) {
            pub("mqttv5", "pi-0042@t1", "guess-" + i);
        }
        assertThat(pub("mqttv5", "pi-0042@t1", TestGateway.PASSWORD).output()).containsIgnoringCase("banned");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> pub("mqttv5", "pi-0042@t1", TestGateway.PASSWORD).exitCode() == 0);
        assertThat(gw.openAlarmFor("pi-0042", "smoke-1")).isPresent();
    }

    @Test
    void aCorrectPasswordAfterSomeFailuresResetsTheCount() throws Exception {
        start(LIMITS);
        for (int round = 0; round < 3; round++) {
            assertThat(pub("mqttv311", "pi-0042@t1", "old-password").exitCode()).isNotZero();
            assertThat(pub("mqttv311", "pi-0042@t1", "old-password").exitCode()).isNotZero();
            Result ok = pub("mqttv311", "pi-0042@t1", TestGateway.PASSWORD);
            assertThat(ok.exitCode()).as(ok.output()).isZero();
        }
        assertThat(gw.metric("firegrid_login_failures_total")).isEqualTo(6.0);
        assertThat(gw.metric("firegrid_login_delayed_total")).isZero();
        assertThat(new JsonArray(gw.get("/api/v1/security/blocked-logins").body())).isEmpty();
    }

    @Test
    void aDeviceOnAnotherAddressKeepsPublishingWhileMosquittoPubHammers() throws Exception {
        start(LIMITS.withThresholds(3, 6, 10, 30));
        MqttAsyncClient device = paho("127.0.0.2", "pi-0043@t1", TestGateway.PASSWORD);
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger tries = new AtomicInteger();
        List<CompletableFuture<Void>> attackers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            attackers.add(CompletableFuture.runAsync(() -> {
                while (attacking.get()) {
                    int n = tries.incrementAndGet();
                    try {
                        pub("mqttv5", (n % 3 == 0 ? "pi-0042" : "guess-" + n) + "@t1", "guess-" + n);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        try {
            int seq = 0;
            // the device publishes until the attacker's address is blocked, and 10 events more
            long start = System.nanoTime();
            while (gw.metric("firegrid_login_blocked_total", "kind", "address") == 0
                    && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
                publishEvent(device, ++seq);
            }
            for (int i = 0; i < 10; i++) {
                publishEvent(device, ++seq);
            }
        } finally {
            attacking.set(false);
            CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(gw.metric("firegrid_login_blocked_total", "kind", "address")).isPositive();
        assertThat(gw.metric("firegrid_login_failures_total")).isGreaterThanOrEqualTo(30.0);
        List<String> blocked = new JsonArray(gw.get("/api/v1/security/blocked-logins").body()).stream()
                .map(o -> ((JsonObject) o).getString("key")).toList();
        assertThat(blocked).contains("127.0.0.1").doesNotContain("127.0.0.2", "pi-0043@t1");
        assertThat(device.isConnected()).isTrue();
        device.disconnect().waitForCompletion(5_000);
        device.close();
    }

    private static void publishEvent(MqttAsyncClient device, int seq) throws Exception {
        MqttMessage m = new MqttMessage(Bodies.smoke(seq, "smoke-1", seq % 2 == 1 ? "alarm" : "normal"));
        m.setQos(1);
        IMqttToken token = device.publish("event", m);
        token.waitForCompletion(5_000);
        assertThat(token.getReasonCodes()).as("PUBACK of event %d", seq).containsExactly(0);
    }

    private record Result(int exitCode, String output) {
    }

    /** One {@code mosquitto_pub} of a smoke alarm, QoS 1. */
    private Result pub(String version, String user, String password) throws IOException, InterruptedException {
        List<String> cmd = List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.gateway().mqttPort()),
                "-V", version, "-u", user, "-P", password, "-t", "event", "-q", "1",
                "-m", new String(Bodies.smoke(System.nanoTime() % 1_000_000_000L, "smoke-1", "alarm"), StandardCharsets.UTF_8),
                "-d");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mosquitto_pub did not finish within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private MqttAsyncClient paho(String local, String user, String password) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(10);
        o.setSocketFactory(new BoundSocketFactory(local));
        IMqttToken t = c.connect(o);
        t.waitForCompletion(15_000);
        return c;
    }

    /** Sockets bound to one local address before Paho connects them. */
    private static final class BoundSocketFactory extends SocketFactory {
        private final String local;

        BoundSocketFactory(String local) {
            this.local = local;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(address, port);
        }
    }
}
