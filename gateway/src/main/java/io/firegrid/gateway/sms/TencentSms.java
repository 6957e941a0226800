package io.firegrid.gateway.sms;

import io.firegrid.gateway.cloud.TencentApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tencent Cloud SMS (API 3.0, {@code sms}, version 2021-01-11): {@code SendSms} to an E.164 number
 * with the approved signature and template, the message as its parameter {@code {1}}; the
 * {@code SerialNo} of its {@code SendStatusSet} entry ({@code "Code":"Ok"}) is the message's id.
 * {@code PullSmsSendStatus} hands over the reports not pulled yet, for the whole application:
 * {@code ReportStatus} {@code SUCCESS} delivered, {@code FAIL} undeliverable.
 */
public final class TencentSms implements SmsSender {

    public static final String SERVICE = "sms";
    public static final String API_VERSION = "2021-01-11";
    /** The most reports one pull returns. */
    static final int PULL_LIMIT = 100;

    private final TencentApi api;
    private final CloudSmsOptions options;

    private final boolean replies;

    /** A sender whose messages do not ask for a reply. */
    public TencentSms(TencentApi api, CloudSmsOptions options) {
        this(api, options, false);
    }

    /** {@code replies}: whether replies reach the gateway ({@code POST /sms/reply}), so messages ask for one. */
    public TencentSms(TencentApi api, CloudSmsOptions options, boolean replies) {
        this.api = api;
        this.options = options;
        this.replies = replies;
    }

    @Override
    public String name() {
        return "tencent";
    }

    @Override
    public Future<KannelClient.Result> send(String to, String text, String dlrUrl) {
        JsonObject p = new JsonObject().put("PhoneNumberSet", new JsonArray().add(to)).put("SmsSdkAppId", options.appId())
                .put("SignName", options.signName()).put("TemplateId", options.template())
                .put("TemplateParamSet", new JsonArray().add(AliyunSms.templateText(text, replies)));
        return api.call("SendSms", p).map(a -> {
            JsonArray set = a.body().getJsonArray("SendStatusSet", new JsonArray());
            JsonObject s = set.isEmpty() ? new JsonObject() : set.getJsonObject(0);
            if (a.ok() && "Ok".equals(s.getString("Code"))) {
                return new KannelClient.Result(true, "tencent SendSms Ok, SerialNo " + s.getString("SerialNo"), s.getString("SerialNo"));
            }
            return new KannelClient.Result(false, "tencent " + (a.ok() ? "SendSms " + s.getString("Code") + " "
                    + s.getString("Message") : a.detail()));
        });
    }

    @Override
    public Future<List<Report>> reports(List<Waiting> waiting, Instant now) {
        if (waiting.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Map<String, Waiting> byRef = waiting.stream().collect(Collectors.toMap(Waiting::ref, Function.identity(), (a, b) -> a));
        return api.call("PullSmsSendStatus", new JsonObject().put("Limit", PULL_LIMIT).put("SmsSdkAppId", options.appId()))
                .map(a -> {
                    List<Report> out = new ArrayList<>();
                    if (!a.ok()) {
                        return out;
                    }
                    for (Object o : a.body().getJsonArray("PullSmsSendStatusSet", new JsonArray())) {
                        if (o instanceof JsonObject r && byRef.containsKey(r.getString("SerialNo"))) {
                            boolean ok = "SUCCESS".equals(r.getString("ReportStatus"));
                            out.add(new Report(byRef.get(r.getString("SerialNo")).id(), new JsonObject().put("at", now.toString())
                                    .put("status", ok ? "delivered" : "undeliverable").put("type", ok ? 1 : 2)
                                    .put("detail", "tencent " + r.getString("ReportStatus") + " " + r.getString("Description", ""))));
                        }
                    }
                    return out;
                });
    }
}
