package io.firegrid.gateway.cloud;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Calls one Alibaba Cloud RPC API action ({@code dyvmsapi} voice, {@code dysmsapi} SMS): the common
 * parameters ({@code Format=JSON}, {@code Version}, {@code AccessKeyId}, {@code SignatureMethod=HMAC-SHA1},
 * {@code SignatureVersion=1.0}, a fresh {@code SignatureNonce}, {@code Timestamp} in UTC) are added
 * to the action's, and the request is a {@code GET} signed as {@link AliyunSignature}. An answer is
 * ok when HTTP 200 carries {@code "Code":"OK"}.
 */
public final class AliyunRpc {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final WebClient client;
    private final String endpoint;
    private final String version;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final Clock clock;

    /**
     * A phone number as Alibaba Cloud's SMS and voice APIs take it: mainland numbers without
     * {@code +86}, others with their country code and no plus.
     */
    public static String number(String e164) {
        return e164.startsWith("+86") ? e164.substring(3) : e164.startsWith("+") ? e164.substring(1) : e164;
    }

    public AliyunRpc(WebClient client, String endpoint, String version, String accessKeyId, String accessKeySecret, Clock clock) {
        this.client = client;
        this.endpoint = endpoint;
        this.version = version;
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
        this.clock = clock;
    }

    /** Calls {@code action} with {@code params}; never fails. */
    public Future<CloudAnswer> call(String action, Map<String, String> params) {
        Map<String, String> p = signed(action, params);
        String url = endpoint + (endpoint.contains("?") ? "&" : "?") + AliyunSignature.canonicalQuery(p)
                + "&Signature=" + AliyunSignature.encode(AliyunSignature.sign("GET", p, accessKeySecret));
        return client.getAbs(url).timeout(DEFAULT_TIMEOUT_MS).send().map(r -> {
            JsonObject answer;
            try {
                answer = r.bodyAsJsonObject();
            } catch (RuntimeException e) {
                answer = null;
            }
            if (answer == null) {
                return new CloudAnswer(false, new JsonObject(), action + " HTTP " + r.statusCode());
            }
            boolean ok = r.statusCode() == 200 && "OK".equals(answer.getString("Code"));
            return new CloudAnswer(ok, answer, ok ? action + " OK"
                    : action + " HTTP " + r.statusCode() + ": " + answer.getString("Code") + " " + answer.getString("Message"));
        }).otherwise(t -> CloudAnswer.unreachable(action, t));
    }

    /** The request's parameters without {@code Signature}. */
    Map<String, String> signed(String action, Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", action);
        p.put("Version", version);
        p.put("Format", "JSON");
        p.put("RegionId", "cn-hangzhou");
        p.put("AccessKeyId", accessKeyId);
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        p.putAll(params);
        return p;
    }
}
