package io.firegrid.gateway.webhook;

import io.firegrid.protocol.FireGridException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * An HTTP endpoint that gets every notification of a tenant as a signed JSON POST: an SMS,
 * WeChat Work or DingTalk gateway, say.
 *
 * @param id     assigned by the gateway, e.g. {@code wh-3}
 * @param url    absolute {@code http} or {@code https} URL
 * @param secret key of the {@code X-FireGrid-Signature} HMAC, at least {@value #MIN_SECRET_LENGTH}
 *               characters; never shown by the API
 */
public record Webhook(String id, String tenant, String url, String secret) {

    public static final int MIN_SECRET_LENGTH = 16;

    public Webhook {
        Objects.requireNonNull(tenant, "tenant");
        requireUrl(url);
        if (secret == null || secret.length() < MIN_SECRET_LENGTH || secret.length() > 256) {
            throw FireGridException.badRequest("bad-secret", "'secret' must be " + MIN_SECRET_LENGTH
                    + " to 256 characters long: the receiver checks the HMAC-SHA256 signature with it");
        }
    }

    private static void requireUrl(String url) {
        try {
            URI u = new URI(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new URISyntaxException(url, "not an absolute http or https URL");
            }
        } catch (URISyntaxException | NullPointerException e) {
            throw FireGridException.badRequest("bad-url", "'url' must be an absolute http:// or https:// URL, not '"
                    + url + "'");
        }
    }
}
