package io.firegrid.gateway.voice;

import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.Recipient;
import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.sms.PhoneLog;
import io.firegrid.gateway.sms.SmsChannel;
import io.firegrid.gateway.sms.SmsText;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code voice} channel: a phone call that reads the alarm out, through the chosen
 * {@link VoiceProvider} (Alibaba Cloud {@code SingleCallByTts} or Tencent Cloud VMS
 * {@code SendTtsVoice}). Targets the phones of the recipient's people for fire alarms only (a
 * call at night is for a fire); which notifications get a call is dispatch's choice. A call the
 * provider takes is delivered, and recorded with the alarm's phone log in state {@code placed} with
 * its call id, until {@link CallTracker} learns how it ended; a refusal, an HTTP error or no answer
 * from the API is a failed attempt that dispatch retries. Off (no targets) unless
 * {@link VoiceOptions#enabled()}. Counts {@code firegrid_voice_calls_total{outcome}}; while the API
 * refuses or cannot be reached {@code firegrid_voice_failing} is 1 and {@code /health} says so.
 */
public final class VoiceChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceChannel.class);
    public static final String NAME = "voice";

    private final VoiceOptions options;
    private final VoiceProvider provider;
    private final Database db;
    private final SmsText text;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile Instant failingSince;
    private volatile String lastFailure;

    public VoiceChannel(VoiceOptions options, VoiceProvider provider, Database db, SmsText text, Clock clock,
                        MeterRegistry meters) {
        this.options = options;
        this.provider = provider;
        this.db = db;
        this.text = text;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("firegrid.voice.failing", this, v -> v.failingSince == null ? 0 : 1)
                .description("1 while the voice API refuses calls or cannot be reached").register(meters);
    }

    @Override
    public String name() {
        return NAME;
    }

    public VoiceProvider provider() {
        return provider;
    }

    @Override
    public List<String> targets(String tenant, Recipient recipient, JsonObject alarm) {
        if (!options.enabled() || !"fire".equals(alarm.getString("class"))) {
            return List.of();
        }
        return SmsChannel.phones(recipient);
    }

    @Override
    public Future<Outcome> send(String target, long deliveryId, String body) {
        JsonObject n = new JsonObject(body);
        JsonObject alarm = n.getJsonObject("alarm", new JsonObject());
        String spoken = text.spoken(alarm);
        Instant at = clock.instant();
        String person = personWith(n.getJsonObject("recipient"), target);
        return provider.place(target, deliveryId, spoken, String.valueOf(alarm.getString("site")),
                String.valueOf(alarm.getValue("id"))).compose(p -> {
                    health(p);
                    JsonObject call = new JsonObject().put("provider", provider.name()).put("callId", p.callId())
                            .put("delivery", deliveryId);
                    return db.write(c -> {
                        PhoneLog.insert(c, alarm.getLong("id"), n.getString("tenant"), person, target, NAME, "out",
                                PhoneLog.CALL, spoken, null, p.ok() ? CallLog.PLACED : "failed", p.detail(), at, null,
                                call.encode());
                        return new Outcome(p.ok(), p.detail());
                    }).otherwise(new Outcome(p.ok(), p.detail()));
                }).onSuccess(o -> meters.counter("firegrid.voice.calls", "provider", provider.name(), "outcome",
                        o.delivered() ? "placed" : "failed").increment());
    }

    private void health(VoiceProvider.Placed p) {
        if (p.ok()) {
            if (failingSince != null) {
                LOG.info("voice API takes calls again [provider: {}, failing since: {}]", provider.name(), failingSince);
            }
            failingSince = null;
        } else {
            if (failingSince == null) {
                failingSince = clock.instant();
                LOG.warn("voice API refuses calls or cannot be reached; calls are retried [provider: {}, detail: {}]",
                        provider.name(), p.detail());
            }
            lastFailure = p.detail();
        }
    }

    /** {@code {"enabled","provider","status":"up|failing|off","failingSince","lastFailure"}} for {@code /health}. */
    public JsonObject health() {
        if (!options.enabled()) {
            return new JsonObject().put("enabled", false).put("status", "off");
        }
        Instant since = failingSince;
        return new JsonObject().put("enabled", true).put("provider", provider.name())
                .put("status", since == null ? "up" : "failing").put("failingSince", since == null ? null : since.toString())
                .put("lastFailure", since == null ? null : lastFailure);
    }

    /** The id of the person of {@code recipient} whose number is {@code phone}, or {@code null}. */
    private static String personWith(JsonObject recipient, String phone) {
        if (recipient == null) {
            return null;
        }
        for (Object o : recipient.getJsonArray("people", new io.vertx.core.json.JsonArray())) {
            if (o instanceof JsonObject p && (Phones.e164(p.getString("phone")).map(phone::equals).orElse(false)
                    || p.getJsonArray("phones", new io.vertx.core.json.JsonArray()).contains(phone))) {
                return p.getString("id");
            }
        }
        return null;
    }
}
