package io.firegrid.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.cloud.AliyunSignature;
import io.firegrid.gateway.support.DispatchScenario;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fire alarm nobody acknowledges: the call to the people told ends unanswered, and the next
 * people the escalation names are called at once, through each provider's local stand-in. The
 * escalation interval is an hour, so only the call status can move it on. Alibaba Cloud's stand-in
 * checks the RPC signature and answers {@code QueryCallDetailByCallId}; Tencent Cloud's checks
 * TC3-HMAC-SHA256 computed here from the documented steps, and the test pushes the status as
 * Tencent Cloud does.
 */
class CallStatusEscalationTest {

    static final String KEY_ID = "key-id";
    static final String KEY_SECRET = "key-secret";
    static final String STATUS_SECRET = "status-secret";

    @TempDir
    Path dataDir;

    Vertx vertx;
    HttpServer provider;
    DispatchScenario scenario;
    /** Calls placed, in order: {@code {"callId","to"}}. */
    final List<JsonObject> placed = new CopyOnWriteArrayList<>();
    /** The Alibaba Cloud call result code each called number reports. */
    final Map<String, String> resultFor = new ConcurrentHashMap<>();
    volatile int refuseWith;
    volatile String keyTheProviderKnows = KEY_SECRET;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        provider = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            if (refuseWith != 0) {
                req.response().setStatusCode(refuseWith).end("down for maintenance");
            } else if (req.method().name().equals("GET")) {
                aliyun(req);
            } else {
                tencent(req, b.toString(StandardCharsets.UTF_8));
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scenario = DispatchScenario.start(dataDir);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S");
        scenario.given().station("S").escalatesTo("N");
        scenario.given().station("N");
        scenario.given().dutyOfficer("duty");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anUnansweredAliyunCallCallsTheNextPeopleAtOnce() {
        useVoice(new VoiceOptions("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, null, "TTS_1", 1));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);
        resultFor.put(placed.get(0).getString("to"), "200003");

        scenario.when().secondsPass((int) CallTracker.FIRST_ASK.toSeconds() + 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 3);
        JsonObject first = calls().get(0);
        assertThat(first.getString("person")).isEqualTo("S-crew");
        assertThat(first.getString("state")).isEqualTo("no-answer");
        assertThat(first.getString("detail")).startsWith("state 200003");
        assertThat(scenario.then().recipients("escalated")).containsExactlyInAnyOrder("N crew", "duty");
        assertThat(calls().subList(1, 3)).extracting(c -> c.getString("person")).containsExactlyInAnyOrder("N-crew", "duty");
        assertThat(scenario.gateway().metric("firegrid_voice_call_status_total", "status", "no-answer")).isEqualTo(1.0);
    }

    @Test
    void anUnansweredCallCallsTheNextPersonOnTheRosterNotTheWholeEscalation() {
        scenario.given().station("S").withCrew("S-head").roster().shift("mon-sun", "00:00", "00:00", "S-crew").head("S-head");
        useVoice(new VoiceOptions("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, null, "TTS_1", 1));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);
        assertThat(calls().get(0).getString("person")).isEqualTo("S-crew");
        resultFor.put(placed.get(0).getString("to"), "200003");

        scenario.when().secondsPass((int) CallTracker.FIRST_ASK.toSeconds() + 2);

        // the station head, next on the roster after the crew on duty, is called; the alarm does not escalate
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 2);
        assertThat(calls()).extracting(c -> c.getString("person")).containsExactly("S-crew", "S-head");
        assertThat(calls().get(0).getString("state")).isEqualTo("no-answer");
        scenario.then().notEscalated();

        // the head does not answer either: nobody is left on the roster, so the escalation is brought forward
        resultFor.put(placed.get(1).getString("to"), "200003");
        scenario.when().secondsPass((int) CallTracker.FIRST_ASK.toSeconds() + 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> !scenario.then().recipients("escalated").isEmpty());
        assertThat(calls().get(1).getString("state")).isEqualTo("no-answer");
    }

    @Test
    void anAnsweredCallLeavesTheEscalationToItsTimer() {
        useVoice(new VoiceOptions("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, null, "TTS_1", 1));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);
        resultFor.put(placed.get(0).getString("to"), "200000");

        scenario.when().secondsPass((int) CallTracker.FIRST_ASK.toSeconds() + 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> "answered".equals(calls().get(0).getString("state")));
        scenario.when().secondsPass(2);
        assertThat(calls()).hasSize(1);
        scenario.then().notEscalated();
    }

    @Test
    void anUnansweredTencentCallPushedByTheProviderCallsTheNextPeople() {
        useVoice(VoiceOptions.tencent("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, "4356", "1400006666")
                .withStatusSecret(STATUS_SECRET));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1 && "placed".equals(calls().get(0).getString("state")));
        String callId = placed.get(0).getString("callId");
        String push = new JsonObject().put("voiceprompt_callback", new JsonObject().put("result", "1").put("callid", callId)
                .put("mobile", "13800001000").put("nationcode", "86").put("fee", "0")).encode();

        HttpResponse<String> wrong = scenario.gateway().post("/voice/status?secret=guess", push);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(wrong.body()).getString("error")).isEqualTo("bad-voice-secret");
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "bad-voice-secret")).isEqualTo(1.0);
        assertThat(calls().get(0).getString("state")).isEqualTo("placed");

        HttpResponse<String> ok = scenario.gateway().post("/voice/status?secret=" + STATUS_SECRET, push);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(new JsonObject(ok.body()).getInteger("result")).isZero();
        scenario.when().secondsPass(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 3);
        assertThat(calls().get(0).getString("state")).isEqualTo("no-answer");
        assertThat(scenario.then().recipients("escalated")).containsExactlyInAnyOrder("N crew", "duty");
        assertThat(placed).extracting(p -> p.getString("to")).allMatch(n -> n.startsWith("+86"));
        // the same push again changes nothing and is counted as an unknown call
        assertThat(scenario.gateway().post("/voice/status?secret=" + STATUS_SECRET, push).statusCode()).isEqualTo(200);
        assertThat(scenario.gateway().metric("firegrid_voice_status_reports_total", "outcome", "unknown-call")).isEqualTo(1.0);
    }

    @Test
    void aBusyCallPushedInAlibabaCloudsFormMovesOnAndAMalformedPushIsRefused() {
        useVoice(new VoiceOptions("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, null, "TTS_1", 1)
                .withStatusSecret(STATUS_SECRET));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);

        HttpResponse<String> bad = scenario.gateway().post("/voice/status?secret=" + STATUS_SECRET, "{\"hello\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("bad-voice-status");
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "bad-voice-status")).isEqualTo(1.0);

        String push = new JsonArray().add(new JsonObject().put("call_id", placed.get(0).getString("callId"))
                .put("status_code", "200002").put("status_time", "2026-12-07 12:00:10").put("out_id", "firegrid-1")).encode();
        assertThat(scenario.gateway().post("/voice/status?secret=" + STATUS_SECRET, push).statusCode()).isEqualTo(200);
        scenario.when().secondsPass(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 3);
        assertThat(calls().get(0).getString("state")).isEqualTo("busy");
        assertThat(scenario.then().recipients("escalated")).containsExactlyInAnyOrder("N crew", "duty");
    }

    @Test
    void aProviderDownIsRetriedCountedAndShownInHealth() {
        useVoice(VoiceOptions.tencent("http://127.0.0.1:" + provider.actualPort() + "/", KEY_ID, KEY_SECRET, "4356", "1400006666"));
        refuseWith = 503;
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> !voiceDeliveries().isEmpty()
                && !voiceDeliveries().get(0).getJsonArray("attempts").isEmpty());
        JsonObject voice = health().getJsonObject("voice");
        assertThat(voice.getString("status")).isEqualTo("failing");
        assertThat(voice.getString("provider")).isEqualTo("tencent");
        assertThat(voice.getString("lastFailure")).contains("HTTP 503");
        assertThat(health().getString("status")).isEqualTo("up");
        assertThat(scenario.gateway().metric("firegrid_voice_failing")).isEqualTo(1.0);
        assertThat(scenario.gateway().metric("firegrid_voice_calls_total", "outcome", "failed")).isGreaterThanOrEqualTo(1.0);
        assertThat(scenario.gateway().alarms("open")).hasSize(1);

        keyTheProviderKnows = "another-key";
        refuseWith = 0;
        scenario.when().secondsPass(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> voiceDeliveries().get(0).getJsonArray("attempts").size() >= 2);
        assertThat(health().getJsonObject("voice").getString("lastFailure")).contains("AuthFailure.SignatureFailure");

        keyTheProviderKnows = KEY_SECRET;
        scenario.when().secondsPass(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(voiceDeliveries().get(0).getString("state")));
        assertThat(health().getJsonObject("voice").getString("status")).isEqualTo("up");
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "voice", "outcome", "retry"))
                .isGreaterThanOrEqualTo(2.0);
    }

    // ------------------------------------------------------------------ helpers

    private void useVoice(VoiceOptions voice) {
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600)
                .withPhones(c.phones().withVoice(voice)));
    }

    private List<JsonObject> calls() {
        return new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/phone").body()).stream()
                .map(JsonObject.class::cast).filter(e -> "call".equals(e.getString("kind"))).toList();
    }

    private List<JsonObject> voiceDeliveries() {
        return scenario.then().deliveries().stream().filter(d -> "voice".equals(d.getString("channel"))).toList();
    }

    private JsonObject health() {
        return new JsonObject(scenario.gateway().get("/health").body());
    }

    /** Alibaba Cloud's RPC API: SingleCallByTts and QueryCallDetailByCallId, signature checked. */
    private void aliyun(HttpServerRequest req) {
        Map<String, String> params = new TreeMap<>();
        req.params().forEach(e -> params.put(e.getKey(), e.getValue()));
        if (!AliyunSignature.sign("GET", params, keyTheProviderKnows).equals(params.get("Signature"))) {
            json(req, 400, new JsonObject().put("Code", "SignatureDoesNotMatch").put("Message", "Specified signature is not matched"));
            return;
        }
        switch (params.get("Action")) {
            case "SingleCallByTts" -> {
                String callId = "1160" + placed.size() + "^1028";
                placed.add(new JsonObject().put("callId", callId).put("to", params.get("CalledNumber")));
                json(req, 200, new JsonObject().put("Code", "OK").put("CallId", callId).put("RequestId", "r"));
            }
            case "QueryCallDetailByCallId" -> {
                String to = placed.stream().filter(p -> p.getString("callId").equals(params.get("CallId")))
                        .map(p -> p.getString("to")).findFirst().orElse(null);
                String state = to == null ? null : resultFor.get(to);
                boolean sameDay = params.get("QueryDate") != null && Long.parseLong(params.get("QueryDate")) > 0
                        && "11000000300006".equals(params.get("ProdId"));
                JsonObject answer = new JsonObject().put("Code", sameDay ? "OK" : "isv.INVALID_PARAMETERS").put("RequestId", "q");
                if (state != null) {
                    answer.put("Data", new JsonObject().put("state", state).put("stateDesc", "user did not answer")
                            .put("duration", 0).put("callee", to).encode());
                }
                json(req, 200, answer);
            }
            default -> json(req, 400, new JsonObject().put("Code", "InvalidAction"));
        }
    }

    /** Tencent Cloud's API 3.0: SendTtsVoice, TC3-HMAC-SHA256 computed from the documented steps. */
    private void tencent(HttpServerRequest req, String payload) {
        String ts = req.getHeader("X-TC-Timestamp");
        String date = Instant.ofEpochSecond(Long.parseLong(ts)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String canonical = "POST\n/\n\ncontent-type:" + req.getHeader("Content-Type") + "\nhost:" + req.getHeader("Host")
                + "\n\ncontent-type;host\n" + sha256(payload);
        String toSign = "TC3-HMAC-SHA256\n" + ts + "\n" + date + "/vms/tc3_request\n" + sha256(canonical);
        byte[] k = hmac(hmac(hmac(("TC3" + keyTheProviderKnows).getBytes(StandardCharsets.UTF_8), date), "vms"), "tc3_request");
        String expected = "TC3-HMAC-SHA256 Credential=" + KEY_ID + "/" + date + "/vms/tc3_request, SignedHeaders=content-type;host, "
                + "Signature=" + HexFormat.of().formatHex(hmac(k, toSign));
        if (!expected.equals(req.getHeader("Authorization"))) {
            json(req, 200, new JsonObject().put("Response", new JsonObject().put("Error", new JsonObject()
                    .put("Code", "AuthFailure.SignatureFailure").put("Message", "The provided credentials could not be validated"))
                    .put("RequestId", "t")));
            return;
        }
        JsonObject p = new JsonObject(payload);
        assertThat(req.getHeader("X-TC-Action")).isEqualTo("SendTtsVoice");
        assertThat(req.getHeader("X-TC-Version")).isEqualTo("2020-09-02");
        assertThat(p.getString("VoiceSdkAppid")).isEqualTo("1400006666");
        assertThat(p.getJsonArray("TemplateParamSet")).hasSize(3);
        String callId = "12582bce-403c-11eb-96b8-" + placed.size();
        placed.add(new JsonObject().put("callId", callId).put("to", p.getString("CalledNumber")));
        json(req, 200, new JsonObject().put("Response", new JsonObject().put("SendStatus", new JsonObject()
                .put("CallId", callId).put("SessionContext", p.getString("SessionContext"))).put("RequestId", "t")));
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, String msg) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(msg.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
