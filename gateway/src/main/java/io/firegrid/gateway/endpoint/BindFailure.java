package io.firegrid.gateway.endpoint;

import io.firegrid.protocol.FireGridException;
import io.vertx.core.Future;

/**
 * The one reason given when an endpoint cannot open its port, the same for every protocol: which
 * port, what the system said, and which setting picks another one, e.g. "cannot open the MQTT port
 * 1883: Address already in use. Is another server using it? Set FIREGRID_MQTT_PORT to a free port,
 * or 0 for any free port."
 */
public final class BindFailure {

    private BindFailure() {
    }

    /**
     * The refusal for a port that could not be opened.
     *
     * @param what     the endpoint as a person names it ("MQTT", "HTTPS", "CoAP")
     * @param where    the port, or the address with the port when that says more
     * @param variable the setting of that port ({@code FIREGRID_MQTT_PORT})
     * @param cause    what the system said, or {@code null} when it said nothing
     */
    public static FireGridException of(String what, String where, String variable, Throwable cause) {
        return new FireGridException(FireGridException.Status.UNAVAILABLE, "bind-failed", "cannot open the "
                + what + " port " + where + (cause == null ? "" : ": " + rootMessage(cause))
                + ". Is another server using it? Set " + variable + " to a free port, or 0 for any free port.", cause);
    }

    /** {@code bind} as it is when it succeeds, or failed with {@link #of} naming {@code port} and {@code variable}. */
    public static Future<Integer> explain(Future<Integer> bind, String what, int port, String variable) {
        return bind.recover(t -> Future.failedFuture(of(what, String.valueOf(port), variable, t)));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
