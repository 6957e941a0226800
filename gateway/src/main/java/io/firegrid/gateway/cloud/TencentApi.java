package io.firegrid.gateway.cloud;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;

/**
 * Calls one Tencent Cloud API 3.0 action ({@code vms} voice, {@code sms} SMS): a {@code POST /} of
 * the JSON parameters with {@code X-TC-Action}, {@code X-TC-Version}, {@code X-TC-Timestamp},
 * {@code X-TC-Region} and the {@link Tc3Signature} {@code Authorization}. An answer is ok when HTTP
 * 200 carries a {@code Response} without {@code Error}.
 */
public final class TencentApi {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    /** The region of the mainland services (VMS and SMS answer in ap-guangzhou). */
    public static final String REGION = "ap-guangzhou";

    private final WebClient client;
    private final String endpoint;
    private final String service;
    private final String version;
    private final String secretId;
    private final String secretKey;
    private final Clock clock;

    public TencentApi(WebClient client, String endpoint, String service, String version, String secretId, String secretKey,
                      Clock clock) {
        this.client = client;
        this.endpoint = endpoint;
        this.service = service;
        this.version = version;
        this.secretId = secretId;
        this.secretKey = secretKey;
        this.clock = clock;
    }

    /** Calls {@code action} with {@code params}; never fails. */
    public Future<CloudAnswer> call(String action, JsonObject params) {
        String payload = params.encode();
        long timestamp = clock.instant().getEpochSecond();
        String host = URI.create(endpoint).getAuthority();
        return client.postAbs(endpoint).timeout(DEFAULT_TIMEOUT_MS).putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Authorization", Tc3Signature.authorization(secretId, secretKey, service, host, CONTENT_TYPE,
                        timestamp, payload))
                .putHeader("X-TC-Action", action).putHeader("X-TC-Version", version)
                .putHeader("X-TC-Timestamp", Long.toString(timestamp)).putHeader("X-TC-Region", REGION)
                .sendBuffer(Buffer.buffer(payload)).map(r -> {
                    JsonObject response;
                    try {
                        JsonObject all = r.bodyAsJsonObject();
                        response = all == null ? null : all.getJsonObject("Response");
                    } catch (RuntimeException e) {
                        response = null;
                    }
                    if (response == null) {
                        return new CloudAnswer(false, new JsonObject(), action + " HTTP " + r.statusCode());
                    }
                    JsonObject error = response.getJsonObject("Error");
                    boolean ok = r.statusCode() == 200 && error == null;
                    return new CloudAnswer(ok, response, ok ? action + " OK" : action + " HTTP " + r.statusCode() + ": "
                            + (error == null ? "" : error.getString("Code") + " " + error.getString("Message")));
                }).otherwise(t -> CloudAnswer.unreachable(action, t));
    }
}
