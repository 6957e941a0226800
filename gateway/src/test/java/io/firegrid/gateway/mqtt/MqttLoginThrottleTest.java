package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.support.Bodies;
import io.firegrid.gateway.support.Mqtt5Device;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed logins are throttled per login name and per address: answered late after a few, then
 * refused unchecked (CONNACK 0x8A, with a reason saying until when) for a while; unknown names the
 * same way; a success resets the name; an administrator sees and lifts blocks; a device that
 * logged in before and devices on other addresses are not harmed.
 */
class MqttLoginThrottleTest {

    /** Delays after 3 failures of a name, block after 6; addresses far later unless a test says otherwise. */
    static final LoginLimits LIMITS = LoginLimits.DEFAULTS.withThresholds(3, 6, 1_000, 2_000).withTimes(50, 200, 900);

    @TempDir
    Path dataDir;

    TestGateway gw;
    final ExecutorService clients = Executors.newFixedThreadPool(8);

    void start(LoginLimits limits) {
        gw = TestGateway.start(dataDir, c -> c.withLogins(limits));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void wrongPasswordsAreDelayedThenBlockedWithAReasonSayingUntilWhen() throws Exception {
        start(LIMITS);
        // GIVEN six wrong passwords for pi-1: the first three answered at once, the next three late
        for (int i = 0; i < 6; i++) {
            assertThat(connect(5, "pi-1@t1", "wrong-" + i).code()).isEqualTo(0x86);
        }
        assertThat(gw.metric("firegrid_login_delayed_total", "kind", "device")).isEqualTo(3.0);
        assertThat(gw.metric("firegrid_login_failures_total")).isEqualTo(6.0);
        double derivations = gw.metric("firegrid_password_derivations_total");

        // WHEN it tries again, with MQTT 5 and with 3.1.1
        RawMqtt.ConnAck v5 = connect(5, "pi-1@t1", "wrong-7");
        RawMqtt.ConnAck v311 = connect(4, "pi-1@t1", "wrong-8");

        // THEN it is refused unchecked: 0x8A banned (3.1.1: 5 not authorised), the reason says until when and what to do
        assertThat(v5.code()).isEqualTo(0x8A);
        assertThat(v5.reason()).contains("too many failed logins as pi-1@t1", "until 20", "new one",
                "DELETE /api/v1/security/blocked-logins/device/pi-1@t1");
        assertThat(v311.code()).isEqualTo(5);
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);
        assertThat(gw.metric("firegrid_login_blocked_total", "kind", "device")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_refused_total", "code", "login-blocked")).isEqualTo(2.0);
        assertThat(gw.metric("firegrid_login_blocks", "kind", "device")).isEqualTo(1.0);
        JsonArray blocks = new JsonArray(gw.get("/api/v1/security/blocked-logins").body());
        assertThat(blocks).hasSize(1);
        assertThat(blocks.getJsonObject(0).getString("kind")).isEqualTo("device");
        assertThat(blocks.getJsonObject(0).getString("key")).isEqualTo("pi-1@t1");
        assertThat(blocks.getJsonObject(0).getInteger("failures")).isEqualTo(6);
        assertThat(v5.reason()).contains(blocks.getJsonObject(0).getString("until"));
        // AND another device is not affected
        assertThat(connect(5, "bystander@t1", TestGateway.PASSWORD).code()).isZero();
    }

    @Test
    void anUnknownNameIsThrottledExactlyLikeAKnownOne() throws Exception {
        start(LIMITS);
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            known.add(answer(connect(5, "pi-1@t1", "wrong-" + i), "pi-1@t1"));
            unknown.add(answer(connect(5, "nobody@t1", "wrong-" + i), "nobody@t1"));
        }

        assertThat(unknown).isEqualTo(known);
        assertThat(known).containsExactly("134 " + BAD, "134 " + BAD, "134 " + BAD, "134 " + BAD, "134 " + BAD,
                "134 " + BAD, known.get(6), known.get(6));
        assertThat(known.get(6)).startsWith("138 too many failed logins as NAME");
        assertThat(gw.metric("firegrid_login_delayed_total", "kind", "device")).isEqualTo(6.0);
    }

    @Test
    void aCorrectPasswordResetsTheCount() throws Exception {
        start(LIMITS);
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 2; i++) {
                assertThat(connect(5, "pi-1@t1", "wrong").code()).isEqualTo(0x86);
            }
            assertThat(connect(5, "pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        }
        // eight failures in all (more than the three before delays), never more than two in a row: none was delayed
        assertThat(gw.metric("firegrid_login_failures_total")).isEqualTo(8.0);
        assertThat(gw.metric("firegrid_login_delayed_total")).isZero();
    }

    @Test
    void anAdministratorSeesAndLiftsABlockOthersMayNot() throws Exception {
        start(LIMITS);
        block("pi-1@t1");
        // a device that never logged in since the gateway started is refused even with its own password
        assertThat(connect(5, "pi-1@t1", TestGateway.PASSWORD).code()).isEqualTo(0x8A);

        String crew = new JsonObject(gw.post("/api/v1/tokens", new JsonObject().put("name", "crew-1").put("role", "crew")
                .encode()).body()).getString("token");
        assertThat(call("GET", "/api/v1/security/blocked-logins", crew).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/security/blocked-logins/device/pi-1@t1", crew).statusCode()).isEqualTo(403);

        assertThat(call("DELETE", "/api/v1/security/blocked-logins/device/pi-1@t1", TestGateway.ADMIN_TOKEN).statusCode())
                .isEqualTo(204);
        assertThat(connect(5, "pi-1@t1", TestGateway.PASSWORD).code()).isZero();
        HttpResponse<String> again = call("DELETE", "/api/v1/security/blocked-logins/device/pi-1@t1", TestGateway.ADMIN_TOKEN);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).contains("not-blocked");
        assertThat(new JsonArray(gw.get("/api/v1/security/blocked-logins").body())).isEmpty();
    }

    @Test
    void aBlockEndsByItself() throws Exception {
        start(LIMITS.withTimes(50, 200, 1));
        block("pi-1@t1");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> connect(5, "pi-1@t1", TestGateway.PASSWORD).code() == 0);
        assertThat(new JsonArray(gw.get("/api/v1/security/blocked-logins").body())).isEmpty();
    }

    @Test
    void guessesOnTheNameOfADeviceThatLoggedInBeforeDoNotLockItOut() throws Exception {
        start(LIMITS);
        // GIVEN pi-1 connected with its password (remembered by the credential cache)
        try (Mqtt5Device first = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
            // WHEN someone blocks its name with wrong passwords
            block("pi-1@t1");
            // THEN pi-1 still gets in with its own password, with no derivation
            double derivations = gw.metric("firegrid_password_derivations_total");
            try (Mqtt5Device again = Mqtt5Device.connect(gw.mqttUri(), "pi-1@t1", TestGateway.PASSWORD)) {
                assertThat(again.publish("event", Bodies.smoke(1, "smoke-1", "alarm"), 1).reasonCode()).isZero();
            }
            assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);
            // AND a wrong password is still refused unchecked
            assertThat(connect(5, "pi-1@t1", "wrong").code()).isEqualTo(0x8A);
        }
    }

    @Test
    void aDeviceOnAnotherAddressKeepsPublishingWhileAnAttackerHammers() throws Exception {
        // addresses delayed after 10 failures and blocked after 30
        start(LIMITS.withThresholds(3, 6, 10, 30));
        // GIVEN a device connected from 127.0.0.2
        MqttAsyncClient device = pahoFrom("127.0.0.2", "bystander@t1");
        // AND an attacker on 127.0.0.1 trying made-up names and wrong passwords from 8 sockets at a time
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger tries = new AtomicInteger();
        List<Future<?>> attack = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            attack.add(clients.submit(() -> {
                while (attacking.get()) {
                    int n = tries.incrementAndGet();
                    connect(5, (n % 2 == 0 ? "pi-1" : "guess-" + n) + "@t1", "guess-" + n);
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.metric("firegrid_login_blocked_total", "kind", "address") > 0);

        // WHEN the device publishes events during the attack, THEN every one is acknowledged
        for (int seq = 1; seq <= 20; seq++) {
            MqttMessage m = new MqttMessage(Bodies.smoke(seq, "smoke-1", seq % 2 == 1 ? "alarm" : "normal"));
            m.setQos(1);
            IMqttToken token = device.publish("event", m);
            token.waitForCompletion(5_000);
            assertThat(token.getReasonCodes()).as("PUBACK of event %d", seq).containsExactly(0);
        }
        attacking.set(false);
        for (Future<?> f : attack) {
            f.get();
        }
        // AND the attack was counted and its address blocked, the device's address not
        assertThat(gw.metric("firegrid_login_failures_total")).isGreaterThanOrEqualTo(30.0);
        List<String> blocked = new JsonArray(gw.get("/api/v1/security/blocked-logins").body()).stream()
                .map(o -> ((JsonObject) o).getString("key")).toList();
        assertThat(blocked).contains("127.0.0.1").doesNotContain("127.0.0.2");
        assertThat(device.isConnected()).isTrue();
        device.disconnect().waitForCompletion(5_000);
        device.close();
    }

    @Test
    void aBlockedClientRetryingFastDoesNotUseUpTheConnectionRate() throws Exception {
        // GIVEN a gateway that handles 10 CONNECTs a second (bursts of 10), and a blocked name
        gw = TestGateway.start(dataDir, c -> c.withLogins(LIMITS.withThresholds(3, 6, 1_000, 2_000))
                .withMqttLimits(c.mqttLimits().withConnectRate(10, 10)));
        gw.registerDevice("t1", "pi-1");
        gw.registerDevice("t1", "bystander");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            int code = connect(5, "pi-1@t1", "wrong").code();
            assertThat(code).isIn(0x86, 0x8A, 0x9F);
            return code == 0x8A;
        });

        // WHEN it retries 50 times as fast as it is answered
        for (int i = 0; i < 50; i++) {
            assertThat(connect(5, "pi-1@t1", "wrong-" + i).code()).isEqualTo(0x8A);
        }

        // THEN another device still gets in at once
        assertThat(connect(5, "bystander@t1", TestGateway.PASSWORD).code()).isZero();
        assertThat(gw.metric("firegrid_login_blocked_total", "kind", "device")).isGreaterThanOrEqualTo(50.0);
    }

    static final String BAD = "unknown device or wrong password";

    /** The code and the reason up to its time, with the name replaced, so two names' answers compare. */
    private static String answer(RawMqtt.ConnAck ack, String name) {
        String reason = ack.reason().replace(name, "NAME");
        int until = reason.indexOf(" until ");
        return ack.code() + " " + (reason.startsWith(BAD) ? BAD : until < 0 ? reason : reason.substring(0, until));
    }

    private void block(String name) throws IOException {
        for (int i = 0; i < 6; i++) {
            connect(5, name, "wrong-" + i);
        }
        assertThat(connect(5, name, "wrong").code()).isEqualTo(0x8A);
    }

    private RawMqtt.ConnAck connect(int version, String user, String password) throws IOException {
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            return s.connect(version, user, password);
        }
    }

    private HttpResponse<String> call(String method, String path, String token) {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A Paho MQTT 5 client whose socket is bound to {@code localAddress} (any 127.x.y.z). */
    private MqttAsyncClient pahoFrom(String localAddress, String authId) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), authId + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(authId);
        o.setPassword(TestGateway.PASSWORD.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(10);
        o.setSocketFactory(new BoundSocketFactory(localAddress));
        c.connect(o).waitForCompletion(15_000);
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
