package io.firegrid.gateway.http;

import static io.firegrid.gateway.http.RouteAccess.needs;

import io.firegrid.gateway.access.Action;
import io.firegrid.gateway.alarm.AlarmJson;
import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.alarm.AlarmState;
import io.firegrid.gateway.sms.CloudReplies;
import io.firegrid.gateway.sms.SmsService;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What phones and the SMS center reach (docs/sms.md):
 * <ul>
 * <li>{@code GET /sms/inbound?secret=&from=&text=}: a reply, from Kannel's {@code sms-service}
 * (which cannot send a bearer token, hence outside {@code /api/v1}, with the shared secret
 * {@code FIREGRID_SMS_INBOUND_SECRET}); 200 with an empty body (Kannel sends no reply of its own),
 * 403 {@code bad-sms-secret}, 503 {@code sms-replies-off} without a secret set;</li>
 * <li>{@code POST /sms/reply?secret=}: replies to cloud SMS, pushed by Alibaba Cloud (its uplink
 * {@code SmsUp} batch, a JSON array) or Tencent Cloud (its reply callback, one object), with the same
 * secret; each taken as a reply from Kannel is, answered as the provider documents success
 * ({@code {"code":0,"msg":"接收成功"}} or {@code {"result":0,"errmsg":"OK"}}); 400 {@code bad-sms-reply}
 * for a body of neither form, 500 when a reply could not be recorded (the provider pushes it again);</li>
 * <li>{@code GET /sms/dlr?id=&tag=&type=&answer=}: Kannel's delivery report for a message (the
 * {@code tag} the gateway signed into the {@code dlr-url}); 200, or 404 {@code unknown-message};</li>
 * <li>{@code GET /m/{token}}: the signed link of an SMS, redirected to the phone page
 * ({@code phone.html}); {@code GET /m/{token}/alarm} the alarm it opens,
 * {@code POST /m/{token}/ack} and {@code /en-route} act on it as the person it names;</li>
 * <li>{@code GET /api/v1/alarms/{id}/phone} (action {@code read}): every SMS, summary, delivery
 * report, reply and call about the alarm.</li>
 * </ul>
 * Refusals are counted in {@code firegrid_refused_total{protocol="http",code}}.
 */
public final class SmsRoutes implements ApiRoutes {

    /** A push carries one reply or a small batch. */
    static final int MAX_REPLY_BYTES = 64 * 1024;

    private final SmsService sms;
    private final CloudReplies pushed = new CloudReplies();
    private final AlarmService alarms;
    private final MeterRegistry meters;

    public SmsRoutes(SmsService sms, AlarmService alarms, MeterRegistry meters) {
        this.sms = sms;
        this.alarms = alarms;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        router.get("/sms/inbound").handler(this::inbound);
        router.post("/sms/reply").handler(BodyHandler.create(false).setBodyLimit(MAX_REPLY_BYTES)).handler(this::cloudReply);
        router.get("/sms/dlr").handler(this::report);
        router.get("/m/:token").handler(ctx -> ctx.response().setStatusCode(302)
                .putHeader("Location", "/phone.html#t=" + ctx.pathParam("token")).putHeader("Cache-Control", "no-store")
                .end());
        router.get("/m/:token/alarm").handler(ctx -> sms.grant(ctx.pathParam("token"))
                .onSuccess(v -> JsonIo.send(ctx, 200, v.toJson())).onFailure(ctx::fail));
        router.post("/m/:token/ack").handler(ctx -> advance(ctx, AlarmState.ACKNOWLEDGED));
        router.post("/m/:token/en-route").handler(ctx -> advance(ctx, AlarmState.EN_ROUTE));
        needs(router.get("/api/v1/alarms/:id/phone"), Action.READ).handler(ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw FireGridException.notFound("unknown-alarm", "there is no alarm '" + ctx.pathParam("id") + "'");
            }
            alarms.get(id, TenantScope.of(ctx)).compose(a -> sms.forAlarm(id))
                    .onSuccess(arr -> JsonIo.send(ctx, 200, arr)).onFailure(ctx::fail);
        });
    }

    private void advance(RoutingContext ctx, AlarmState target) {
        sms.advance(ctx.pathParam("token"), target)
                .onSuccess(a -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(AlarmJson.toJson(a)))
                .onFailure(ctx::fail);
    }

    private void inbound(RoutingContext ctx) {
        checkSecret(ctx);
        String from = ctx.request().getParam("from");
        String text = ctx.request().getParam("text");
        if (from == null || text == null) {
            throw refused(FireGridException.Status.BAD_REQUEST, "missing-field",
                    "a reply needs 'from' (%p in Kannel's get-url) and 'text' (%a)");
        }
        sms.inbound(from, text).onSuccess(r -> ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("X-FireGrid-Reply", r.name())
                .end()).onFailure(ctx::fail);
    }

    private void cloudReply(RoutingContext ctx) {
        checkSecret(ctx);
        CloudReplies.Push push;
        try {
            push = CloudReplies.parse(ctx.body().asString());
        } catch (IllegalArgumentException e) {
            throw refused(FireGridException.Status.BAD_REQUEST, "bad-sms-reply", e.getMessage() + ": expected Alibaba"
                    + " Cloud's [{\"phone_number\",\"content\",\"sequence_id\",...}] or Tencent Cloud's"
                    + " {\"mobile\",\"nationcode\",\"text\",\"time\",...}");
        }
        Future<Void> all = Future.succeededFuture();
        for (CloudReplies.Reply r : push.replies()) {
            all = all.compose(v -> {
                if (pushed.seen(r)) {
                    meters.counter("firegrid.sms.inbound", "outcome", "duplicate").increment();
                    return Future.succeededFuture();
                }
                return sms.inbound(r.from(), r.text()).onFailure(t -> pushed.forget(r)).mapEmpty();
            });
        }
        all.onSuccess(v -> JsonIo.send(ctx, 200, push.form().success())).onFailure(ctx::fail);
    }

    /** Refuses a call without the gateway's reply secret: 503 while it is unset, 403 when it differs. */
    private void checkSecret(RoutingContext ctx) {
        String secret = sms.options().inboundSecret();
        if (secret == null) {
            throw refused(FireGridException.Status.UNAVAILABLE, "sms-replies-off",
                    "SMS replies are off: set " + io.firegrid.gateway.sms.SmsOptions.INBOUND_SECRET.name() + " and send it as 'secret' from Kannel's sms-service or in the cloud SMS reply URL");
        }
        String given = ctx.request().getParam("secret");
        if (given == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw refused(FireGridException.Status.FORBIDDEN, "bad-sms-secret",
                    "the 'secret' parameter is not the gateway's " + io.firegrid.gateway.sms.SmsOptions.INBOUND_SECRET.name());
        }
    }

    private void report(RoutingContext ctx) {
        long id;
        int type;
        try {
            id = Long.parseLong(ctx.request().getParam("id", ""));
            type = Integer.parseInt(ctx.request().getParam("type", ""));
        } catch (NumberFormatException e) {
            throw refused(FireGridException.Status.BAD_REQUEST, "bad-report", "a delivery report needs 'id' and 'type' (%d)");
        }
        sms.report(id, ctx.request().getParam("tag"), type, ctx.request().getParam("answer")).onSuccess(ok -> {
            if (!ok) {
                ctx.fail(refused(FireGridException.Status.NOT_FOUND, "unknown-message",
                        "no message " + id + " with that tag: a delivery report must come from the dlr-url the gateway gave"));
                return;
            }
            ctx.response().setStatusCode(200).end();
        }).onFailure(ctx::fail);
    }

    private FireGridException refused(FireGridException.Status status, String code, String reason) {
        meters.counter("firegrid.refused", "protocol", "http", "code", code).increment();
        return new FireGridException(status, code, reason);
    }
}
