package io.firegrid.gateway.cloud;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud API 3.0's signature {@code TC3-HMAC-SHA256} (cloud.tencent.com, "Signature v3"), for a
 * {@code POST /} with a JSON body and the signed headers {@code content-type;host}:
 * <ol>
 * <li>{@code CanonicalRequest = "POST\n/\n\n" + "content-type:" + ct + "\nhost:" + host + "\n\n"
 * + "content-type;host\n" + hex(sha256(payload))};</li>
 * <li>{@code StringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
 * + hex(sha256(CanonicalRequest))}, the date being the UTC date of the timestamp;</li>
 * <li>the key {@code HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")}, the signature
 * {@code hex(HMAC(key, StringToSign))};</li>
 * <li>{@code Authorization: TC3-HMAC-SHA256 Credential=SecretId/date/service/tc3_request,
 * SignedHeaders=content-type;host, Signature=...}.</li>
 * </ol>
 */
public final class Tc3Signature {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String SIGNED_HEADERS = "content-type;host";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Tc3Signature() {
    }

    /** The {@code Authorization} header of a {@code POST /} to {@code host} with {@code payload}, sent at {@code timestamp}. */
    public static String authorization(String secretId, String secretKey, String service, String host, String contentType,
                                       long timestamp, String payload) {
        String date = date(timestamp);
        return ALGORITHM + " Credential=" + secretId + "/" + scope(date, service) + ", SignedHeaders=" + SIGNED_HEADERS
                + ", Signature=" + signature(secretKey, service, host, contentType, timestamp, payload);
    }

    /** The hex signature (step 3). */
    public static String signature(String secretKey, String service, String host, String contentType, long timestamp,
                                   String payload) {
        String date = date(timestamp);
        byte[] key = hmac(hmac(hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date), service), "tc3_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign(service, host, contentType, timestamp, payload)));
    }

    static String canonicalRequest(String host, String contentType, String payload) {
        return "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\n" + SIGNED_HEADERS + "\n" + sha256Hex(payload);
    }

    static String stringToSign(String service, String host, String contentType, long timestamp, String payload) {
        return ALGORITHM + "\n" + timestamp + "\n" + scope(date(timestamp), service) + "\n"
                + sha256Hex(canonicalRequest(host, contentType, payload));
    }

    static String date(long timestamp) {
        return DATE.format(Instant.ofEpochSecond(timestamp));
    }

    private static String scope(String date, String service) {
        return date + "/" + service + "/tc3_request";
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, String msg) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(msg.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
