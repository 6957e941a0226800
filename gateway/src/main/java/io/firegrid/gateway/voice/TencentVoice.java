package io.firegrid.gateway.voice;

import io.firegrid.gateway.cloud.TencentApi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Tencent Cloud VMS (API 3.0, {@code vms}, version 2020-09-02): {@code SendTtsVoice} places the call
 * to an E.164 number with the template's parameters {@code {1}} kind, {@code {2}} place, {@code {3}}
 * alarm number. How the call ended is pushed by Tencent Cloud to the callback URL configured in
 * the VMS console ({@code voiceprompt_callback}, {@code voice_failure_callback}), received by
 * {@code POST /voice/status} and handed to {@link CallTracker#report}; there is no status query.
 */
public final class TencentVoice implements VoiceProvider {

    public static final String SERVICE = "vms";
    public static final String API_VERSION = "2020-09-02";

    private final TencentApi api;
    private final VoiceOptions options;

    public TencentVoice(TencentApi api, VoiceOptions options) {
        this.api = api;
        this.options = options;
    }

    @Override
    public String name() {
        return "tencent";
    }

    @Override
    public boolean asksForStatus() {
        return false;
    }

    @Override
    public Future<Placed> place(String phone, long deliveryId, String kind, String place, String id) {
        JsonObject p = new JsonObject().put("TemplateId", options.ttsCode())
                .put("TemplateParamSet", new JsonArray().add(kind).add(place).add(id)).put("CalledNumber", phone)
                .put("VoiceSdkAppid", options.appId()).put("PlayTimes", options.playTimes())
                .put("SessionContext", "firegrid-" + deliveryId);
        return api.call("SendTtsVoice", p).map(a -> {
            String callId = a.body().getJsonObject("SendStatus", new JsonObject()).getString("CallId");
            return a.ok() && callId != null ? new Placed(true, callId, "call placed, CallId " + callId)
                    : new Placed(false, null, "voice API: " + a.detail());
        });
    }

    @Override
    public Future<Optional<Ended>> status(String callId, Instant placedAt) {
        return Future.succeededFuture(Optional.empty());
    }
}
