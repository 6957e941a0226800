package io.firegrid.gateway.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.firegrid.gateway.cloud.AliyunSignature;
import io.firegrid.gateway.cloud.Tc3Signature;
import io.firegrid.gateway.support.DispatchScenario;
import io.firegrid.gateway.voice.PhoneOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * SMS through a cloud service instead of Kannel, against local stand-ins that check each
 * provider's signature: the alarm text in the approved template's variable, the provider's message
 * id kept, its delivery status asked for and recorded, and a provider that is down retried,
 * counted and shown in {@code /health} while the alarm stays on the console; replies the providers
 * push ({@code POST /sms/reply}) acting as that person, and refused pushes counted.
 */
class CloudSmsTest {

    static final String KEY_ID = "sms-key-id";
    static final String KEY_SECRET = "sms-key-secret";
    static final String SECRET = "reply-secret";

    @TempDir
    Path dataDir;

    Vertx vertx;
    HttpServer provider;
    DispatchScenario scenario;
    /** Messages the stand-in took: {@code {"to","text","ref"}}. */
    final List<JsonObject> sent = new CopyOnWriteArrayList<>();
    volatile int refuseWith;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        provider = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            if (refuseWith != 0) {
                req.response().setStatusCode(refuseWith).end("down");
            } else if (req.method().name().equals("GET")) {
                aliyun(req);
            } else {
                tencent(req, b.toString(StandardCharsets.UTF_8));
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scenario = DispatchScenario.start(dataDir);
        scenario.given().site("bldg-7").inCell("cell-3").coveredBy("S");
    }

    @AfterEach
    void stop() throws Exception {
        scenario.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAlarmGoesThroughAliyunSendSmsAndItsDeliveryIsRecorded() {
        use(new CloudSmsOptions(CloudSmsOptions.Provider.ALIYUN, url(), KEY_ID, KEY_SECRET, "示范小区消防", "SMS_1001", null));
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1 && "sent".equals(messages().get(0).getString("state")));
        JsonObject m = sent.get(0);
        assertThat(m.getString("to")).matches("138\\d{8}");
        assertThat(m.getString("text")).contains("烟感 火警").contains("#" + scenario.alarmId()).contains("/m/")
                .doesNotStartWith("【FireGrid】").doesNotContain("回复1受理");
        assertThat(messages().get(0).getString("detail")).contains("BizId " + m.getString("ref"));

        scenario.when().secondsPass((int) CloudSms.ASK_EVERY.toSeconds() + 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !messages().get(0).getJsonArray("reports").isEmpty());
        JsonObject report = messages().get(0).getJsonArray("reports").getJsonObject(0);
        assertThat(report.getString("status")).isEqualTo("delivered");
        assertThat(report.getString("detail")).contains("SendStatus 3");
        assertThat(scenario.gateway().metric("firegrid_sms_reports_total", "status", "delivered")).isEqualTo(1.0);
        assertThat(new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms").getString("provider"))
                .isEqualTo("aliyun");
    }

    @Test
    void anAlarmGoesThroughTencentSendSmsAndItsPulledStatusIsRecorded() {
        use(new CloudSmsOptions(CloudSmsOptions.Provider.TENCENT, url(), KEY_ID, KEY_SECRET, "示范小区消防", "1110", "1400787878"));
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1 && "sent".equals(messages().get(0).getString("state")));
        assertThat(sent.get(0).getString("to")).startsWith("+86138");
        scenario.when().secondsPass((int) CloudSms.ASK_EVERY.toSeconds() + 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> !messages().get(0).getJsonArray("reports").isEmpty());
        assertThat(messages().get(0).getJsonArray("reports").getJsonObject(0).getString("status")).isEqualTo("delivered");
    }

    @Test
    void aCloudProviderDownIsRetriedCountedAndShownInHealth() {
        use(new CloudSmsOptions(CloudSmsOptions.Provider.ALIYUN, url(), KEY_ID, KEY_SECRET, "示范小区消防", "SMS_1001", null));
        refuseWith = 503;
        scenario.when().detector("smoke-1").alarms();

        await().atMost(Duration.ofSeconds(10)).until(() -> !smsDeliveries().isEmpty()
                && !smsDeliveries().get(0).getJsonArray("attempts").isEmpty());
        JsonObject health = new JsonObject(scenario.gateway().get("/health").body());
        assertThat(health.getString("status")).isEqualTo("up");
        assertThat(health.getJsonObject("sms").getString("status")).isEqualTo("failing");
        assertThat(health.getJsonObject("sms").getString("lastFailure")).contains("HTTP 503");
        assertThat(scenario.gateway().metric("firegrid_sms_sent_total", "outcome", "failed")).isGreaterThanOrEqualTo(1.0);
        assertThat(scenario.gateway().alarms("open")).hasSize(1);

        refuseWith = 0;
        scenario.when().secondsPass(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(smsDeliveries().get(0).getString("state")));
        assertThat(sent).hasSize(1);
        assertThat(new JsonObject(scenario.gateway().get("/health").body()).getJsonObject("sms").getString("status"))
                .isEqualTo("up");
        assertThat(scenario.gateway().metric("firegrid_deliveries_total", "channel", "sms", "outcome", "retry"))
                .isGreaterThanOrEqualTo(1.0);
    }


    @Test
    void aReplyOfOnePushedByAliyunAcknowledgesTheAlarmAsThatPerson() throws Exception {
        useWithReplies(new CloudSmsOptions(CloudSmsOptions.Provider.ALIYUN, url(), KEY_ID, KEY_SECRET, "示范小区消防", "SMS_1001", null));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1 && "sent".equals(messages().get(0).getString("state")));
        assertThat(sent.get(0).getString("text")).contains("回复1受理");
        JsonObject up = new JsonObject().put("phone_number", sent.get(0).getString("to")).put("send_time", "2026-12-07 10:05:00")
                .put("content", "1").put("sign_name", "示范小区消防").put("dest_code", "1234").put("sequence_id", 1234567890L);

        HttpResponse<String> r = push(SECRET, new JsonArray().add(up).encode());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("code", 0).put("msg", "接收成功"));
        JsonObject alarm = scenario.then().alarm();
        assertThat(alarm.getString("state")).isEqualTo("acknowledged");
        String person = messages().get(0).getString("person");
        assertThat(alarm.getJsonArray("steps").getJsonObject(1).getString("by")).isEqualTo("Person " + person + " (SMS)");
        assertThat(replies()).singleElement().satisfies(e -> {
            assertThat(e.getString("state")).isEqualTo("acknowledged");
            assertThat(e.getString("person")).isEqualTo(person);
            assertThat(e.getString("phone")).isEqualTo("+86" + sent.get(0).getString("to"));
        });
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "acknowledged")).isEqualTo(1.0);

        // the provider pushes the same message again (its answer was lost): taken once
        assertThat(push(SECRET, new JsonArray().add(up).encode()).statusCode()).isEqualTo(200);
        assertThat(replies()).hasSize(1);
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void aReplyOfTwoPushedByTencentReportsEnRouteAndIsAnsweredAsTencentDocuments() throws Exception {
        useWithReplies(new CloudSmsOptions(CloudSmsOptions.Provider.TENCENT, url(), KEY_ID, KEY_SECRET, "示范小区消防", "1110", "1400787878"));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1 && "sent".equals(messages().get(0).getString("state")));
        String to = sent.get(0).getString("to");

        HttpResponse<String> r = push(SECRET, new JsonObject().put("extend", "").put("mobile", to.substring(3)).put("nationcode", "86")
                .put("sign", "示范小区消防").put("text", "出发").put("time", 1796637900L).encode());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("result", 0).put("errmsg", "OK"));
        JsonObject alarm = scenario.then().alarm();
        assertThat(alarm.getString("state")).isEqualTo("en-route");
        assertThat(alarm.getJsonArray("steps").stream().map(JsonObject.class::cast).map(s -> s.getString("by")))
                .contains("Person " + messages().get(0).getString("person") + " (SMS)");
        assertThat(replies()).singleElement().satisfies(e -> assertThat(e.getString("state")).isEqualTo("en-route"));
    }

    @Test
    void pushedRepliesWithoutTheSecretOrOfAnotherFormOrFromUnknownNumbersChangeNothingAndAreCounted() throws Exception {
        use(new CloudSmsOptions(CloudSmsOptions.Provider.ALIYUN, url(), KEY_ID, KEY_SECRET, "示范小区消防", "SMS_1001", null));
        HttpResponse<String> off = push(SECRET, "[]");
        assertThat(off.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(off.body()).getString("error")).isEqualTo("sms-replies-off");
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "sms-replies-off")).isEqualTo(1.0);

        useWithReplies(new CloudSmsOptions(CloudSmsOptions.Provider.ALIYUN, url(), KEY_ID, KEY_SECRET, "示范小区消防", "SMS_1001", null));
        scenario.when().detector("smoke-1").alarms();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1 && "sent".equals(messages().get(0).getString("state")));
        String one = new JsonArray().add(new JsonObject().put("phone_number", sent.get(0).getString("to")).put("content", "1")
                .put("send_time", "2026-12-07 10:05:00").put("dest_code", "1234").put("sequence_id", 7L)).encode();

        HttpResponse<String> forged = push("guess", one);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(forged.body()).getString("error")).isEqualTo("bad-sms-secret");
        HttpResponse<String> bad = push(SECRET, "{\"phone\":\"1\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error")).isEqualTo("bad-sms-reply");
        assertThat(new JsonObject(bad.body()).getString("detail")).contains("mobile").contains("phone_number");
        HttpResponse<String> stranger = push(SECRET, new JsonArray().add(new JsonObject().put("phone_number", "13999999999")
                .put("content", "1").put("send_time", "2026-12-07 10:06:00").put("dest_code", "1234").put("sequence_id", 8L)).encode());
        assertThat(stranger.statusCode()).isEqualTo(200);

        assertThat(scenario.then().alarm().getString("state")).isEqualTo("raised");
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "bad-sms-secret")).isEqualTo(1.0);
        assertThat(scenario.gateway().metric("firegrid_refused_total", "code", "bad-sms-reply")).isEqualTo(1.0);
        assertThat(scenario.gateway().metric("firegrid_sms_inbound_total", "outcome", "unknown-number")).isEqualTo(1.0);
        assertThat(sent).hasSize(1);

        // the person whose number it is still acknowledges
        assertThat(push(SECRET, one).statusCode()).isEqualTo(200);
        assertThat(scenario.then().alarm().getString("state")).isEqualTo("acknowledged");
    }

    // ------------------------------------------------------------------ helpers

    private String url() {
        return "http://127.0.0.1:" + provider.actualPort() + "/";
    }

    private void use(CloudSmsOptions cloud) {
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600)
                .withPhones(PhoneOptions.OFF.withSms(SmsOptions.OFF.withCloud(cloud))));
    }

    private void useWithReplies(CloudSmsOptions cloud) {
        scenario.restart(c -> c.withEscalationSeconds(3600).withReminderSeconds(3600)
                .withPhones(PhoneOptions.OFF.withSms(SmsOptions.OFF.withCloud(cloud).withInboundSecret(SECRET))));
    }

    /** The provider pushing a reply to {@code POST /sms/reply}, as its reply URL is configured. */
    private HttpResponse<String> push(String secret, String body) {
        return scenario.gateway().send(HttpRequest.newBuilder(scenario.gateway().uri("/sms/reply?secret=" + secret))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private List<JsonObject> replies() {
        return messages().stream().filter(e -> "reply".equals(e.getString("kind"))).toList();
    }

    private List<JsonObject> messages() {
        return new JsonArray(scenario.gateway().get("/api/v1/alarms/" + scenario.alarmId() + "/phone").body()).stream()
                .map(JsonObject.class::cast).filter(e -> "sms".equals(e.getString("channel"))).toList();
    }

    private List<JsonObject> smsDeliveries() {
        return scenario.then().deliveries().stream().filter(d -> "sms".equals(d.getString("channel"))).toList();
    }

    private void aliyun(HttpServerRequest req) {
        Map<String, String> p = new TreeMap<>();
        req.params().forEach(e -> p.put(e.getKey(), e.getValue()));
        if (!AliyunSignature.sign("GET", p, KEY_SECRET).equals(p.get("Signature")) || !"2017-05-25".equals(p.get("Version"))) {
            json(req, 400, new JsonObject().put("Code", "SignatureDoesNotMatch").put("Message", "Specified signature is not matched"));
            return;
        }
        switch (p.get("Action")) {
            case "SendSms" -> {
                assertThat(p.get("SignName")).isEqualTo("示范小区消防");
                assertThat(p.get("TemplateCode")).isEqualTo("SMS_1001");
                String ref = "9007" + sent.size() + "^0";
                sent.add(new JsonObject().put("to", p.get("PhoneNumbers"))
                        .put("text", new JsonObject(p.get("TemplateParam")).getString("text")).put("ref", ref));
                json(req, 200, new JsonObject().put("Code", "OK").put("Message", "OK").put("BizId", ref).put("RequestId", "r"));
            }
            case "QuerySendDetails" -> {
                boolean known = sent.stream().anyMatch(s -> s.getString("ref").equals(p.get("BizId"))
                        && s.getString("to").equals(p.get("PhoneNumber"))) && p.get("SendDate").matches("\\d{8}");
                JsonArray dtos = new JsonArray();
                if (known) {
                    dtos.add(new JsonObject().put("SendStatus", 3).put("ErrCode", "DELIVERED").put("PhoneNum", p.get("PhoneNumber")));
                }
                json(req, 200, new JsonObject().put("Code", "OK").put("TotalCount", dtos.size())
                        .put("SmsSendDetailDTOs", new JsonObject().put("SmsSendDetailDTO", dtos)));
            }
            default -> json(req, 400, new JsonObject().put("Code", "InvalidAction"));
        }
    }

    private void tencent(HttpServerRequest req, String payload) {
        String expected = Tc3Signature.authorization(KEY_ID, KEY_SECRET, "sms", req.getHeader("Host"), req.getHeader("Content-Type"),
                Long.parseLong(req.getHeader("X-TC-Timestamp")), payload);
        if (!expected.equals(req.getHeader("Authorization"))) {
            json(req, 200, new JsonObject().put("Response", new JsonObject().put("Error", new JsonObject()
                    .put("Code", "AuthFailure.SignatureFailure").put("Message", "bad signature"))));
            return;
        }
        JsonObject p = new JsonObject(payload);
        assertThat(req.getHeader("X-TC-Version")).isEqualTo("2021-01-11");
        switch (req.getHeader("X-TC-Action")) {
            case "SendSms" -> {
                assertThat(p.getString("SmsSdkAppId")).isEqualTo("1400787878");
                String ref = "5000:10" + sent.size();
                String to = p.getJsonArray("PhoneNumberSet").getString(0);
                sent.add(new JsonObject().put("to", to).put("text", p.getJsonArray("TemplateParamSet").getString(0)).put("ref", ref));
                json(req, 200, new JsonObject().put("Response", new JsonObject().put("SendStatusSet", new JsonArray()
                        .add(new JsonObject().put("SerialNo", ref).put("PhoneNumber", to).put("Fee", 1).put("Code", "Ok")
                                .put("Message", "send success"))).put("RequestId", "t")));
            }
            case "PullSmsSendStatus" -> {
                JsonArray set = new JsonArray();
                sent.forEach(s -> set.add(new JsonObject().put("SerialNo", s.getString("ref")).put("PhoneNumber", s.getString("to"))
                        .put("ReportStatus", "SUCCESS").put("Description", "DELIVRD")));
                json(req, 200, new JsonObject().put("Response", new JsonObject().put("PullSmsSendStatusSet", set).put("RequestId", "t")));
            }
            default -> json(req, 400, new JsonObject());
        }
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
