package io.firegrid.gateway.voice;

import io.firegrid.gateway.cloud.AliyunRpc;
import io.firegrid.gateway.cloud.TencentApi;
import io.firegrid.gateway.sms.SmsText;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;

/**
 * Voice calls as one piece: the provider chosen by {@link VoiceOptions#provider()}, the
 * {@link VoiceChannel} dispatch sends through, and the {@link CallTracker} that learns how calls
 * ended. The tracker's escalation hook is given once dispatch exists ({@link #escalateWith}),
 * since dispatch is built with the channel.
 */
public final class VoicePhones {

    private final VoiceChannel channel;
    private final CallTracker calls;
    private volatile CallTracker.Escalate escalate = (alarm, why) -> Future.succeededFuture(false);

    private VoicePhones(VoiceOptions options, VoiceProvider provider, Database db, SmsText text, Clock clock,
                        MeterRegistry meters) {
        this.channel = new VoiceChannel(options, provider, db, text, clock, meters);
        this.calls = new CallTracker(db, provider, (alarm, why) -> escalate.now(alarm, why), clock, meters);
    }

    public static VoicePhones create(Vertx vertx, VoiceOptions options, Database db, SmsText text, Clock clock,
                                     MeterRegistry meters) {
        WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) AliyunRpc.DEFAULT_TIMEOUT_MS)
                .setUserAgent("FireGrid-Voice/1").setFollowRedirects(false));
        VoiceProvider provider = options.provider() == VoiceOptions.Provider.TENCENT
                ? new TencentVoice(new TencentApi(client, options.endpoint(), TencentVoice.SERVICE, TencentVoice.API_VERSION,
                        options.accessKeyId(), options.accessKeySecret(), clock), options)
                : new AliyunVoice(new AliyunRpc(client, options.endpoint(), AliyunVoice.API_VERSION, options.accessKeyId(),
                        options.accessKeySecret(), clock), options);
        return new VoicePhones(options, provider, db, text, clock, meters);
    }

    /** Where an unanswered call brings an alarm's escalation forward (dispatch's {@code escalateNow}). */
    public void escalateWith(CallTracker.Escalate hook) {
        this.escalate = hook;
    }

    /** Where an unanswered call moves on to the next person on the roster ({@link RosterMoveOn}). */
    public void moveOnWith(CallTracker.MoveOn hook) {
        calls.moveOnWith(hook);
    }

    public VoiceChannel channel() {
        return channel;
    }

    public CallTracker calls() {
        return calls;
    }

    public Future<Void> tick() {
        return calls.tick();
    }

    public JsonObject health() {
        return channel.health();
    }
}
