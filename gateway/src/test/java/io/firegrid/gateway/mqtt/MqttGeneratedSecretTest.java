package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.device.LoginLimits;
import io.firegrid.gateway.device.PasswordHasher;
import io.firegrid.gateway.support.RawMqtt;
import io.firegrid.gateway.support.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated device secrets ({@code "passwordKind": "generated"}) are checked without a key
 * derivation; passwords a person chose keep PBKDF2 at the gateway's default cost; a short or
 * ordinary-looking secret cannot be registered as generated; and a wrong secret of a generated
 * device costs what an unknown device costs (one derivation each, the same answer, overlapping
 * times), as {@link MqttUnknownDeviceTimingTest} proves for passwords a person chose. A device
 * brought back after decommissioning takes {@code "passwordKind"} as registration does.
 */
class MqttGeneratedSecretTest {

    static final int SAMPLES = 15;
    static final String SECRET = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));

    @TempDir
    Path dataDir;

    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dataDir, c -> c.withPasswordIterations(PasswordHasher.DEFAULT_ITERATIONS)
                .withLogins(LoginLimits.DEFAULTS.withThresholds(100_000, 100_000, 100_000, 100_000)));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void generatedSecretConnectsWithoutADerivation() throws Exception {
        assertThat(register("pi-gen", SECRET, "generated").statusCode()).isEqualTo(201);
        double derivations = gw.metric("firegrid_password_derivations_total");
        double fast = gw.metric("firegrid_password_fast_checks_total");

        for (int i = 0; i < 3; i++) {
            MqttClient c = gw.connect("pi-gen@t1", SECRET);
            assertThat(c.isConnected()).isTrue();
            c.disconnect();
            c.close();
        }

        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);
        assertThat(gw.metric("firegrid_password_fast_checks_total")).isGreaterThanOrEqualTo(fast + 3);
    }

    @Test
    void passwordAPersonChoseKeepsPbkdf2() throws Exception {
        // the same 144-bit string, but nobody said it was generated: the slow scheme
        assertThat(register("pi-chosen", SECRET, null).statusCode()).isEqualTo(201);
        assertThat(register("pi-said-chosen", SECRET + "x", "chosen").statusCode()).isEqualTo(201);
        double derivations = gw.metric("firegrid_password_derivations_total");

        gw.connect("pi-chosen@t1", SECRET).disconnect();
        gw.connect("pi-said-chosen@t1", SECRET + "x").disconnect();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> gw.metric("firegrid_password_derivations_total") == derivations + 2);
    }

    @Test
    void secretThatCannotHold128BitsIsRefusedAsGenerated() {
        assertRefused(register("a", "correct-horse-battery", "generated"), "bad-password", "128 random bits");
        assertRefused(register("b", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "generated"), "bad-password", "distinct characters");
        assertRefused(register("c", "0123456789abcdef0123456789abcde", "generated"), "bad-password", "32 hex digits");
        assertRefused(register("d", "Tr0ub4dor&3-Tr0ub4dor&3-Tr0ub4dor&3", "generated"), "bad-password", "Base64url");
        assertRefused(register("e", SECRET, "random"), "bad-password-kind", "\"generated\"");
        // none of them was registered
        assertThat(gw.get("/api/v1/devices/t1/a").statusCode()).isEqualTo(404);
        // 32 hex digits are 128 bits: accepted
        assertThat(register("f", java.util.HexFormat.of().formatHex(randomBytes(16)), "generated").statusCode())
                .isEqualTo(201);
    }

    @Test
    void recommissionedDeviceTakesAGeneratedSecretAndItsClaimIsChecked() throws Exception {
        assertThat(register("pi-back", "a-chosen-password", null).statusCode()).isEqualTo(201);
        assertThat(gw.as(TestGateway.ADMIN_TOKEN, "DELETE", "/api/v1/devices/t1/pi-back", "{\"reason\":\"Pi replaced\"}").statusCode())
                .isEqualTo(200);
        // a claim the secret cannot hold is refused, and the device stays decommissioned
        assertRefused(recommission("pi-back", "correct-horse-battery", "generated"), "bad-password", "128 random bits");
        assertRefused(recommission("pi-back", SECRET, "random"), "bad-password-kind", "\"generated\"");
        assertThat(gw.get("/api/v1/devices/decommissioned").body()).contains("pi-back");

        HttpResponse<String> back = recommission("pi-back", SECRET, "generated");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        double derivations = gw.metric("firegrid_password_derivations_total");
        double fast = gw.metric("firegrid_password_fast_checks_total");
        MqttClient c = gw.connect("pi-back@t1", SECRET);
        assertThat(c.isConnected()).isTrue();
        c.disconnect();
        c.close();
        assertThat(gw.metric("firegrid_password_derivations_total")).isEqualTo(derivations);
        assertThat(gw.metric("firegrid_password_fast_checks_total")).isGreaterThan(fast);
    }

    @Test
    void wrongGeneratedSecretCostsWhatAnUnknownDeviceCosts() throws Exception {
        assertThat(register("pi-gen", SECRET, "generated").statusCode()).isEqualTo(201);
        String wrongSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(18));
        for (int i = 0; i < 3; i++) {
            refuse("pi-gen@t1", wrongSecret);
            refuse("nobody@t1", wrongSecret);
        }
        double before = gw.metric("firegrid_password_derivations_total");
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        String reasonWrong = null;
        String reasonUnknown = null;
        for (int i = 0; i < SAMPLES; i++) {
            long t = System.nanoTime();
            reasonWrong = refuse("pi-gen@t1", wrongSecret);
            wrong.add(System.nanoTime() - t);
            t = System.nanoTime();
            reasonUnknown = refuse("nobody-" + i + "@t1", wrongSecret);
            unknown.add(System.nanoTime() - t);
        }

        await().atMost(Duration.ofSeconds(5))
                .until(() -> gw.metric("firegrid_password_derivations_total") == before + 2 * SAMPLES);
        assertThat(reasonUnknown).isEqualTo(reasonWrong);
        assertThat(gw.metric("firegrid_refused_total", "protocol", "mqtt", "code", "bad-credentials"))
                .isGreaterThanOrEqualTo(SAMPLES);
        // each one's middle half overlaps the other's: a refusal after a fast check alone (tens of
        // microseconds against tens of milliseconds) would fail this by far
        assertThat(quantile(unknown, 0.25)).isLessThanOrEqualTo(quantile(wrong, 0.75));
        assertThat(quantile(wrong, 0.25)).isLessThanOrEqualTo(quantile(unknown, 0.75));
        // and the device itself still gets in
        assertThat(gw.connect("pi-gen@t1", SECRET).isConnected()).isTrue();
    }

    private HttpResponse<String> register(String device, String password, String kind) {
        JsonObject body = new JsonObject().put("tenant", "t1").put("id", device).put("password", password)
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke")));
        if (kind != null) {
            body.put("passwordKind", kind);
        }
        return gw.post("/api/v1/devices", body.encode());
    }

    private HttpResponse<String> recommission(String device, String password, String kind) {
        JsonObject body = new JsonObject().put("password", password).put("passwordKind", kind)
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "smoke-1").put("kind", "smoke")));
        return gw.as(TestGateway.ADMIN_TOKEN, "POST", "/api/v1/devices/t1/" + device + "/recommission", body.encode());
    }

    private static void assertRefused(HttpResponse<String> r, String error, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject b = new JsonObject(r.body());
        assertThat(b.getString("error")).isEqualTo(error);
        assertThat(b.getString("detail")).contains(detailPart);
    }

    private String refuse(String user, String password) throws Exception {
        try (RawMqtt s = RawMqtt.open(gw.gateway().mqttPort())) {
            RawMqtt.ConnAck ack = s.connect(5, user, password);
            assertThat(ack.code()).isEqualTo(0x86);
            return ack.reason();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static long quantile(List<Long> xs, double q) {
        List<Long> sorted = xs.stream().sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
    }
}
