package io.firegrid.gateway.sms;

import io.firegrid.gateway.cloud.AliyunRpc;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alibaba Cloud SMS (API version 2017-05-25): {@code SendSms} with the approved signature and
 * template, the message in its variable {@code ${text}} ({@link #templateText}); the {@code BizId}
 * it answers is the message's id. {@code QuerySendDetails} tells what became of it:
 * {@code SendStatus} 3 delivered, 2 failed (with {@code ErrCode}), 1 still waiting.
 */
public final class AliyunSms implements SmsSender {

    public static final String API_VERSION = "2017-05-25";
    /** {@code SendDate} of {@code QuerySendDetails} is the day in China. */
    static final DateTimeFormatter SEND_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.of("Asia/Shanghai"));

    private final AliyunRpc api;
    private final CloudSmsOptions options;

    private final boolean replies;

    /** A sender whose messages do not ask for a reply. */
    public AliyunSms(AliyunRpc api, CloudSmsOptions options) {
        this(api, options, false);
    }

    /** {@code replies}: whether replies reach the gateway ({@code POST /sms/reply}), so messages ask for one. */
    public AliyunSms(AliyunRpc api, CloudSmsOptions options, boolean replies) {
        this.api = api;
        this.options = options;
        this.replies = replies;
    }

    @Override
    public String name() {
        return "aliyun";
    }

    @Override
    public Future<KannelClient.Result> send(String to, String text, String dlrUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("PhoneNumbers", AliyunRpc.number(to));
        p.put("SignName", options.signName());
        p.put("TemplateCode", options.template());
        p.put("TemplateParam", new JsonObject().put("text", templateText(text, replies)).encode());
        return api.call("SendSms", p).map(a -> a.ok()
                ? new KannelClient.Result(true, "aliyun SendSms OK, BizId " + a.body().getString("BizId"), a.body().getString("BizId"))
                : new KannelClient.Result(false, "aliyun " + a.detail()));
    }

    @Override
    public Future<List<Report>> reports(List<Waiting> waiting, Instant now) {
        return Future.join(waiting.stream().map(w -> api.call("QuerySendDetails", Map.of("PhoneNumber", AliyunRpc.number(w.phone()),
                "BizId", w.ref(), "SendDate", SEND_DATE.format(w.at()), "PageSize", "10", "CurrentPage", "1"))
                .map(a -> report(w, a.ok() ? a.body() : null, now))).toList())
                .map(cf -> cf.<Optional<Report>>list().stream().flatMap(Optional::stream).toList());
    }

    private static Optional<Report> report(Waiting w, JsonObject answer, Instant now) {
        if (answer == null) {
            return Optional.empty();
        }
        JsonObject dtos = answer.getJsonObject("SmsSendDetailDTOs", new JsonObject());
        JsonArray list = dtos.getJsonArray("SmsSendDetailDTO", new JsonArray());
        for (Object o : list) {
            if (o instanceof JsonObject d) {
                int status = d.getInteger("SendStatus", 1);
                if (status == 3 || status == 2) {
                    return Optional.of(new Report(w.id(), new JsonObject().put("at", now.toString())
                            .put("status", status == 3 ? "delivered" : "undeliverable").put("type", status == 3 ? 1 : 2)
                            .put("detail", "aliyun SendStatus " + status + " " + d.getString("ErrCode", ""))));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The message as the template's variable: without the {@code 【FireGrid】} prefix (the provider
     * puts the approved signature there) and without the invitation to reply, since replies to a
     * cloud SMS reach the gateway only when the provider pushes them ({@link #templateText(String, boolean)}).
     */
    static String templateText(String text) {
        return templateText(text, false);
    }

    /** As {@link #templateText(String)}, keeping the invitation to reply when {@code replies} reach the gateway. */
    static String templateText(String text, boolean replies) {
        String t = text.startsWith(SmsText.PREFIX) ? text.substring(SmsText.PREFIX.length()) : text;
        return replies ? t.strip() : t.replace(" 回复1受理最新 2出发 (1=ack 2=en route)", "").replace(" " + SmsText.REPLY_HINT, "").strip();
    }
}
