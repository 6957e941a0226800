package io.firegrid.gateway.coap;

import io.firegrid.protocol.FireGridException;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;

/**
 * The one place where FireGrid refusals become CoAP response codes. Every refusal carries a
 * diagnostic payload (RFC 7252 §5.5.2), {@code code: reason} as text/plain, so a device or a
 * person with {@code coap-client} sees why.
 */
final class CoapErrors {

    /** Max-Age of a 5.03 answer: the device should retry after this many seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    private CoapErrors() {
    }

    static ResponseCode code(FireGridException e) {
        return switch (e.status()) {
            case BAD_REQUEST -> e.code().equals("bad-method") ? ResponseCode.METHOD_NOT_ALLOWED : ResponseCode.BAD_REQUEST;
            case UNAUTHORIZED -> ResponseCode.UNAUTHORIZED;
            case FORBIDDEN -> ResponseCode.FORBIDDEN;
            case NOT_FOUND -> ResponseCode.NOT_FOUND;
            case CONFLICT -> ResponseCode.CONFLICT;
            case PAYLOAD_TOO_LARGE -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
            case UNAVAILABLE -> ResponseCode.SERVICE_UNAVAILABLE;
            case INTERNAL -> ResponseCode.INTERNAL_SERVER_ERROR;
        };
    }

    /** The response that tells a device its request was refused, and why. */
    static Response response(FireGridException e) {
        Response r = new Response(code(e));
        r.setPayload((e.code() + ": " + e.reason()).getBytes(StandardCharsets.UTF_8));
        r.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        if (e.status() == FireGridException.Status.UNAVAILABLE) {
            r.getOptions().setMaxAge(RETRY_AFTER_SECONDS);
        }
        return r;
    }
}
