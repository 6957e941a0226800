package io.firegrid.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-FireGrid-Signature} header of a webhook POST: {@code sha256=} and the lower-case
 * hex HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret (UTF-8). A receiver
 * recomputes it over the raw body and compares in constant time.
 */
public final class Signature {

    public static final String HEADER = "X-FireGrid-Signature";

    private Signature() {
    }

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
