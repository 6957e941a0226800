package io.firegrid.gateway.cloud;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's RPC signature, version 1.0 (help.aliyun.com, "Signature mechanism"): the
 * parameters but {@code Signature}, sorted by name, each name and value percent-encoded
 * (RFC 3986: space {@code %20}, {@code *} {@code %2A}, {@code ~} kept) and joined with {@code &}
 * into the canonicalized query; {@code StringToSign = METHOD "&" encode("/") "&" encode(query)};
 * {@code Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))}.
 */
public final class AliyunSignature {

    private AliyunSignature() {
    }

    /** The signature of {@code params} (without {@code Signature}) sent with {@code method}. */
    public static String sign(String method, Map<String, String> params, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign(method, params)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    static String stringToSign(String method, Map<String, String> params) {
        return method + "&" + encode("/") + "&" + encode(canonicalQuery(params));
    }

    /** The sorted, encoded query, also what the request sends (followed by {@code &Signature=...}). */
    public static String canonicalQuery(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream().filter(e -> !"Signature".equals(e.getKey()))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding as Alibaba Cloud asks for it. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
