package io.firegrid.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.cloud.AliyunSignature;
import io.firegrid.gateway.support.DispatchScenario;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice channel against a local stand-in for Alibaba Cloud's voice API that checks each
 * request's signature as the provider documents it (and refuses a bad one with the provider's
 * {@code SignatureDoesNotMatch}), the form of its timestamp and its nonce.
 */
class VoiceChannelTest {

    static final String KEY_ID = "LTAI-test-key";
    static final String KEY_SECRET = "test-secret-of-the-ram-user";

    @TempDir
    Path dataDir;

    DispatchScenario scenario;
    Vertx vertx;
    HttpServer provider;
    final List<MultiMap> calls = new CopyOnWriteArrayList<>();
    volatile String secretTheProviderKnows = KEY_SECRET;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        provider = vertx.createHttpServer().requestHandler(req -> {
            MultiMap q = MultiMap.caseInsensitiveMultiMap().addAll(req.params());
            calls.add(q);
            Map<String, String> params = new TreeMap<>();
            req.params().forEach(e -> params.put(e.getKey(), e.getValue()));
            String expected = AliyunSignature.sign(req.method().name(), params, secretTheProviderKnows);
            // the gateway's clock is the scenario's; the provider would also compare it with its own
            boolean fresh = q.get("Timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            boolean ok = expected.equals(q.get("Signature")) && fresh && q.get("SignatureNonce") != null;
            JsonObject answer = ok ? new JsonObject().put("Code", "OK").put("Message", "OK")
                    .put("CallId", "116012354148^10281378" + calls.size()).put("RequestId", "r-" + calls.size())
                    : new JsonObject().put("Code", "SignatureDoesNotMatch").put("Message", "Specified signature is not matched");
            req.response().setStatusCode(ok ? 200 : 400).putHeader("Content-Type", "application/json").end(answer.encode());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scenario = DispatchScenario.start(dataDir);
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600).withPhones(PhoneOptions.OFF.withVoice(
                new VoiceOptions("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, "057100000000",
                        "TTS_10001", 2))));
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S").withGridWorker("gw1");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFireAlarmCallsEachPhoneWithASignedSingleCallByTts() {
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(10)).until(() -> voiceDeliveries().stream()
                .allMatch(d -> "delivered".equals(d.getString("state"))) && voiceDeliveries().size() == 2);
        assertThat(calls).extracting(q -> q.get("CalledNumber")).containsExactlyInAnyOrder("13800001000", "13800001001");
        MultiMap q = calls.get(0);
        assertThat(q.get("Action")).isEqualTo("SingleCallByTts");
        assertThat(q.get("Version")).isEqualTo("2017-05-25");
        assertThat(q.get("AccessKeyId")).isEqualTo(KEY_ID);
        assertThat(q.get("TtsCode")).isEqualTo("TTS_10001");
        assertThat(q.get("CalledShowNumber")).isEqualTo("057100000000");
        assertThat(new JsonObject(q.get("TtsParam")).getString("kind")).startsWith("火警");
        assertThat(calls.get(0).get("SignatureNonce")).isNotEqualTo(calls.get(1).get("SignatureNonce"));

        JsonArray log = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/phone").body());
        assertThat(log.stream().map(JsonObject.class::cast).filter(e -> "call".equals(e.getString("kind"))))
                .allSatisfy(e -> {
                    assertThat(e.getString("state")).isEqualTo("placed");
                    assertThat(e.getString("detail")).startsWith("call placed, CallId ");
                }).hasSize(2);
        assertThat(scenario.gateway().metric("firegrid_voice_calls_total", "outcome", "placed")).isEqualTo(2.0);
    }

    @Test
    void aRefusedSignatureIsAFailedAttemptThatIsRetried() {
        secretTheProviderKnows = "another-secret";
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> voiceDeliveries().size() == 2
                && voiceDeliveries().stream().allMatch(d -> !d.getJsonArray("attempts").isEmpty()));
        assertThat(voiceDeliveries()).allSatisfy(d -> {
            assertThat(d.getString("state")).isEqualTo("pending");
            assertThat(d.getJsonArray("attempts").getJsonObject(0).getString("detail")).contains("SignatureDoesNotMatch");
        });

        secretTheProviderKnows = KEY_SECRET;
        scenario.when().secondsPass(1);
        assertThat(voiceDeliveries()).extracting(d -> d.getString("state")).containsOnly("delivered");
    }

    @Test
    void supervisoryAndTroubleAlarmsCallNobody() {
        scenario.when().tick();
        scenario.gateway().post("/api/v1/devices", new JsonObject().put("tenant", DispatchScenario.TENANT).put("id", "pi-door")
                .put("password", io.firegrid.gateway.support.TestGateway.PASSWORD).put("site", "bldg-7")
                .put("sensors", new JsonArray().add(new JsonObject().put("id", "door-1").put("kind", "door"))).encode());
        try (var d = io.firegrid.gateway.support.Mqtt5Device.connect(scenario.gateway().mqttUri(),
                "pi-door@" + DispatchScenario.TENANT, io.firegrid.gateway.support.TestGateway.PASSWORD)) {
            assertThat(d.publish("event", "{\"ts\":\"2026-11-28T12:00:00Z\",\"seq\":1,\"sensor\":\"door-1\",\"kind\":\"door\",\"state\":\"fault\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), 1).accepted()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !scenario.gateway().alarms("open").isEmpty());
        long id = scenario.gateway().alarms("open").get(0).getLong("id");
        await().atMost(Duration.ofSeconds(10)).until(() -> !new JsonArray(scenario.gateway()
                .get("/api/v1/alarms/" + id + "/notifications").body()).isEmpty());
        JsonArray deliveries = new JsonArray(scenario.gateway().get("/api/v1/alarms/" + id + "/deliveries").body());
        assertThat(deliveries.stream().map(JsonObject.class::cast).filter(d -> "voice".equals(d.getString("channel")))).isEmpty();
        assertThat(calls).isEmpty();
    }

    private List<JsonObject> voiceDeliveries() {
        return new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/deliveries").body()).stream()
                .map(JsonObject.class::cast).filter(d -> "voice".equals(d.getString("channel"))).toList();
    }
}
