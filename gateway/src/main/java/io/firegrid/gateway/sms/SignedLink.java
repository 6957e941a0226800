package io.firegrid.gateway.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short link an alarm SMS carries: who (tenant and person) may see and work which alarm, until
 * when, signed with HMAC-SHA256 under a key derived from the gateway's secret key. The token is
 * {@code base64url(alarm|expiry|tenant|person) "." base64url(first 12 bytes of the HMAC)}; 96 bits
 * of MAC keep it short and are far beyond guessing over HTTP. A token that does not verify, or has
 * expired, opens nothing ({@link #verify} is empty).
 *
 * <p>Thread-safe.
 */
public final class SignedLink {

    /** A link without a close in sight lasts a day: the night shift that got it has handed over by then. */
    public static final long DEFAULT_LIFETIME_SECONDS = 24 * 3600;
    private static final int MAC_BYTES = 12;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** What a valid token grants. */
    public record Grant(long alarm, String tenant, String person, Instant expires) {
    }

    private final byte[] key;

    /** {@code secretKey}: the gateway's secret key; the link key is derived from it, never the key itself. */
    public SignedLink(byte[] secretKey) {
        this.key = hmac(secretKey, "firegrid sms link key v1".getBytes(StandardCharsets.UTF_8));
    }

    public String sign(long alarm, String tenant, String person, Instant expires) {
        String payload = alarm + "|" + Long.toString(expires.getEpochSecond(), 36) + "|" + tenant + "|" + person;
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(p) + "." + B64.encodeToString(Arrays.copyOf(hmac(key, p), MAC_BYTES));
    }

    /** The grant of {@code token} if its signature holds and it has not expired at {@code now}. */
    public Optional<Grant> verify(String token, Instant now) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] p = B64D.decode(token.substring(0, dot));
            byte[] mac = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, Arrays.copyOf(hmac(key, p), MAC_BYTES))) {
                return Optional.empty();
            }
            String[] f = new String(p, StandardCharsets.UTF_8).split("\\|", 4);
            if (f.length != 4) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(f[1], 36));
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(Long.parseLong(f[0]), f[2], f[3], expires));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A MAC of {@code text} for a callback URL (delivery reports), so that nobody else can post one. */
    public String tag(String text) {
        return B64.encodeToString(Arrays.copyOf(hmac(key, ("tag:" + text).getBytes(StandardCharsets.UTF_8)), MAC_BYTES));
    }

    public boolean checkTag(String text, String tag) {
        return tag != null && MessageDigest.isEqual(tag(text).getBytes(StandardCharsets.US_ASCII),
                tag.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
