package io.firegrid.gateway.voice;

import io.firegrid.gateway.dispatch.Channel;
import io.firegrid.gateway.dispatch.Recipient;
import io.firegrid.gateway.sms.PhoneLog;
import io.firegrid.gateway.place.Phones;
import io.firegrid.gateway.sms.SmsChannel;
import io.firegrid.gateway.sms.SmsText;
import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code voice} channel: a phone call that reads the alarm out, through Alibaba Cloud's voice
 * notification {@code SingleCallByTts} (API version 2017-05-25, signed as {@link AliyunSignature}).
 * Targets the phones of the recipient's people for fire alarms only (a call at night is for a fire);
 * which notifications get a call is dispatch's choice. A call the API accepts ({@code "Code":"OK"})
 * is delivered, with its {@code CallId}; another code, an HTTP error or no answer is a failed attempt
 * that dispatch retries. Every call is recorded with the alarm's phone log. Off (no targets) unless
 * {@link VoiceOptions#enabled()}.
 */
public final class VoiceChannel implements Channel {

    public static final String NAME = "voice";
    public static final String API_VERSION = "2017-05-25";
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final VoiceOptions options;
    private final WebClient client;
    private final Database db;
    private final SmsText text;
    private final Clock clock;
    private final MeterRegistry meters;

    public VoiceChannel(Vertx vertx, VoiceOptions options, Database db, SmsText text, Clock clock, MeterRegistry meters) {
        this.options = options;
        this.db = db;
        this.text = text;
        this.clock = clock;
        this.meters = meters;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) DEFAULT_TIMEOUT_MS)
                .setUserAgent("FireGrid-Voice/1").setFollowRedirects(false));
    }

    @Override
    public String name() {
        return NAME;
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
        Map<String, String> params = params(target, deliveryId, alarm, clock.instant());
        String url = options.url() + (options.url().contains("?") ? "&" : "?") + AliyunSignature.canonicalQuery(params)
                + "&Signature=" + AliyunSignature.encode(AliyunSignature.sign("GET", params, options.accessKeySecret()));
        Instant at = clock.instant();
        return client.getAbs(url).timeout(DEFAULT_TIMEOUT_MS).send().map(r -> {
            JsonObject answer;
            try {
                answer = r.bodyAsJsonObject();
            } catch (RuntimeException e) {
                answer = null;
            }
            if (answer == null) {
                return new Outcome(false, "voice API HTTP " + r.statusCode());
            }
            boolean ok = r.statusCode() == 200 && "OK".equals(answer.getString("Code"));
            return new Outcome(ok, ok ? "call placed, CallId " + answer.getString("CallId")
                    : "voice API HTTP " + r.statusCode() + ": " + answer.getString("Code") + " " + answer.getString("Message"));
        }).otherwise(t -> new Outcome(false, "voice API unreachable: " + t.getClass().getSimpleName() + ": " + t.getMessage()))
                .compose(o -> db.write(c -> {
                    PhoneLog.insert(c, alarm.getLong("id"), n.getString("tenant"), null, target, NAME, "out", PhoneLog.CALL,
                            text.spoken(alarm), null, o.delivered() ? "placed" : "failed", o.detail(), at, null, null);
                    return o;
                }).otherwise(o)).onSuccess(o -> meters.counter("firegrid.voice.calls", "outcome",
                        o.delivered() ? "placed" : "failed").increment());
    }

    /** The request's parameters without {@code Signature}. */
    Map<String, String> params(String phone, long deliveryId, JsonObject alarm, Instant now) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", "SingleCallByTts");
        p.put("Version", API_VERSION);
        p.put("Format", "JSON");
        p.put("RegionId", "cn-hangzhou");
        p.put("AccessKeyId", options.accessKeyId());
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", TIMESTAMP.format(now.truncatedTo(ChronoUnit.SECONDS)));
        // the service calls mainland numbers, written without the country code
        p.put("CalledNumber", phone.startsWith("+86") ? phone.substring(3) : phone);
        if (options.showNumber() != null) {
            p.put("CalledShowNumber", options.showNumber());
        }
        p.put("TtsCode", options.ttsCode());
        p.put("TtsParam", new JsonObject().put("kind", text.spoken(alarm)).put("place", String.valueOf(alarm.getString("site")))
                .put("id", String.valueOf(alarm.getValue("id"))).encode());
        p.put("PlayTimes", Integer.toString(options.playTimes()));
        p.put("OutId", "firegrid-" + deliveryId);
        return p;
    }

    public void close() {
        client.close();
    }

    /** Masked number for logs. */
    static String masked(String phone) {
        return Phones.masked(phone);
    }
}
