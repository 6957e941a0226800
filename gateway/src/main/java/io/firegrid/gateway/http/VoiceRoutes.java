package io.firegrid.gateway.http;

import io.firegrid.gateway.voice.CallStatus;
import io.firegrid.gateway.voice.CallTracker;
import io.firegrid.gateway.voice.VoiceOptions;
import io.firegrid.gateway.voice.VoiceProvider;
import io.firegrid.protocol.FireGridException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /voice/status?secret=}: how calls ended, pushed by the voice provider (docs/sms.md,
 * "Call status"). Outside {@code /api/v1} because providers cannot send a bearer token; the shared
 * secret {@code FIREGRID_VOICE_STATUS_SECRET} in the URL configured at the provider takes its place.
 * Takes Tencent Cloud VMS's {@code {"voiceprompt_callback":{...}}} and
 * {@code {"voice_failure_callback":{...}}}, and Alibaba Cloud's HTTP-pushed {@code VoiceReport}
 * (a JSON array of {@code {"call_id","status_code",...}}). Answers 200 {@code {"result":0,"errmsg":"OK"}}
 * (what Tencent Cloud expects) also for a call it does not know, counted in
 * {@code firegrid_voice_status_reports_total{outcome="unknown-call"}}; 403 {@code bad-voice-secret},
 * 503 {@code voice-status-off} without a secret set, 400 {@code bad-voice-status} for a body of
 * neither form.
 */
public final class VoiceRoutes implements ApiRoutes {

    /** A push carries one status or a small batch. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final CallTracker calls;
    private final VoiceOptions options;
    private final MeterRegistry meters;

    public VoiceRoutes(CallTracker calls, VoiceOptions options, MeterRegistry meters) {
        this.calls = calls;
        this.options = options;
        this.meters = meters;
    }

    @Override
    public void mount(Router router) {
        router.post("/voice/status").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::status);
    }

    private void status(RoutingContext ctx) {
        String secret = options.statusSecret();
        if (secret == null) {
            throw refused(FireGridException.Status.UNAVAILABLE, "voice-status-off", "pushed call statuses are off: set "
                    + VoiceOptions.STATUS_SECRET.name() + " and put it in the status URL as ?secret=");
        }
        String given = ctx.request().getParam("secret");
        if (given == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw refused(FireGridException.Status.FORBIDDEN, "bad-voice-secret",
                    "the 'secret' parameter is not the gateway's " + VoiceOptions.STATUS_SECRET.name());
        }
        List<Report> reports;
        try {
            reports = parse(ctx.body().asString());
        } catch (RuntimeException e) {
            reports = List.of();
        }
        if (reports.isEmpty()) {
            throw refused(FireGridException.Status.BAD_REQUEST, "bad-voice-status", "expected Tencent Cloud's"
                    + " {\"voiceprompt_callback\":{\"callid\",\"result\"}} or Alibaba Cloud's [{\"call_id\",\"status_code\"}]");
        }
        Future.join(reports.stream().map(r -> calls.report(r.callId(), r.ended()).onSuccess(known -> meters
                .counter("firegrid.voice.status.reports", "outcome", known ? "recorded" : "unknown-call").increment())).toList())
                .onSuccess(v -> JsonIo.send(ctx, 200, new JsonObject().put("result", 0).put("errmsg", "OK")))
                .onFailure(ctx::fail);
    }

    private record Report(String callId, VoiceProvider.Ended ended) {
    }

    private static List<Report> parse(String body) {
        List<Report> out = new ArrayList<>();
        String b = body == null ? "" : body.strip();
        if (b.startsWith("[")) {
            for (Object o : new JsonArray(b)) {
                if (o instanceof JsonObject r && r.getString("call_id") != null) {
                    CallStatus.fromAliyun(r.getString("status_code")).ifPresent(s -> out.add(new Report(r.getString("call_id"),
                            new VoiceProvider.Ended(s, "state " + r.getString("status_code")))));
                }
            }
            return out;
        }
        JsonObject o = new JsonObject(b);
        JsonObject prompt = o.getJsonObject("voiceprompt_callback");
        if (prompt != null && prompt.getString("callid") != null) {
            String result = String.valueOf(prompt.getValue("result"));
            out.add(new Report(prompt.getString("callid"), new VoiceProvider.Ended(CallStatus.fromTencent(result),
                    "result " + result + (prompt.getValue("fee") == null ? "" : ", billed " + prompt.getValue("fee") + " min"))));
        }
        JsonObject failure = o.getJsonObject("voice_failure_callback");
        if (failure != null && failure.getString("callid") != null) {
            out.add(new Report(failure.getString("callid"), new VoiceProvider.Ended(CallStatus.FAILED,
                    "failure " + failure.getValue("failure_code") + " " + failure.getString("failure_reason"))));
        }
        return out;
    }

    private FireGridException refused(FireGridException.Status status, String code, String reason) {
        meters.counter("firegrid.refused", "protocol", "http", "code", code).increment();
        return new FireGridException(status, code, reason);
    }
}
