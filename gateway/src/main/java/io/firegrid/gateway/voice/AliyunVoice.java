package io.firegrid.gateway.voice;

import io.firegrid.gateway.cloud.AliyunRpc;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Alibaba Cloud's voice notification (API version 2017-05-25): {@code SingleCallByTts} places the
 * call, {@code QueryCallDetailByCallId} (product {@value #PROD_ID}, voice notification) reads how it
 * ended: its {@code Data} is a JSON text whose {@code state} is a call result code
 * ({@link CallStatus#fromAliyun}); no {@code Data} or no {@code state} yet means the call is going on.
 * The called number is sent in Alibaba Cloud's form ({@link AliyunRpc#number}): mainland numbers without {@code +86}.
 */
public final class AliyunVoice implements VoiceProvider {

    public static final String API_VERSION = "2017-05-25";
    /** The product id of voice notification for {@code QueryCallDetailByCallId}. */
    public static final String PROD_ID = "11000000300006";

    private final AliyunRpc api;
    private final VoiceOptions options;

    public AliyunVoice(AliyunRpc api, VoiceOptions options) {
        this.api = api;
        this.options = options;
    }

    @Override
    public String name() {
        return "aliyun";
    }

    @Override
    public boolean asksForStatus() {
        return true;
    }

    @Override
    public Future<Placed> place(String phone, long deliveryId, String kind, String place, String id) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CalledNumber", AliyunRpc.number(phone));
        if (options.showNumber() != null) {
            p.put("CalledShowNumber", options.showNumber());
        }
        p.put("TtsCode", options.ttsCode());
        p.put("TtsParam", new JsonObject().put("kind", kind).put("place", place).put("id", id).encode());
        p.put("PlayTimes", Integer.toString(options.playTimes()));
        p.put("OutId", "firegrid-" + deliveryId);
        return api.call("SingleCallByTts", p).map(a -> a.ok()
                ? new Placed(true, a.body().getString("CallId"), "call placed, CallId " + a.body().getString("CallId"))
                : new Placed(false, null, "voice API: " + a.detail()));
    }

    @Override
    public Future<Optional<Ended>> status(String callId, Instant placedAt) {
        return api.call("QueryCallDetailByCallId", Map.of("CallId", callId, "ProdId", PROD_ID,
                "QueryDate", Long.toString(placedAt.toEpochMilli()))).map(a -> {
                    if (!a.ok()) {
                        return Optional.empty();
                    }
                    String data = a.body().getString("Data");
                    if (data == null || data.isBlank()) {
                        return Optional.empty();
                    }
                    JsonObject d;
                    try {
                        d = new JsonObject(data);
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                    String state = d.getValue("state") == null ? null : String.valueOf(d.getValue("state"));
                    return CallStatus.fromAliyun(state).map(s -> new Ended(s, "state " + state
                            + (d.getString("stateDesc") == null ? "" : " " + d.getString("stateDesc"))
                            + (d.getValue("duration") == null ? "" : ", " + d.getValue("duration") + " s")));
                });
    }
}
