package io.firegrid.gateway.coap;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * Settings of the CoAP endpoints. Immutable.
 *
 * @param port               plain CoAP (UDP); {@code FIREGRID_COAP_PORT}, default {@value #DEFAULT_PORT};
 *                           0 picks a free port, -1 does not open it
 * @param securePort         CoAP over DTLS 1.2 with pre-shared keys; {@code FIREGRID_COAPS_PORT},
 *                           default {@value #DEFAULT_SECURE_PORT}; 0 picks a free port, -1 does not open it
 * @param allowUnauthenticated accept {@code /telemetry/{tenant}/{device}} and {@code /event/{tenant}/{device}}
 *                           from registered devices on plain CoAP without any credential;
 *                           {@code FIREGRID_COAP_UNAUTHENTICATED}, default {@value #DEFAULT_ALLOW_UNAUTHENTICATED}.
 *                           Only for networks that authenticate devices themselves (a private NB-IoT APN):
 *                           anyone who can send a datagram can then raise a fire alarm.
 * @param maxInFlight        requests accepted but not yet stored; beyond it a request is refused
 *                           with 5.03 and Max-Age 2 (retry later); {@code FIREGRID_COAP_MAX_IN_FLIGHT},
 *                           default {@value #DEFAULT_MAX_IN_FLIGHT}
 * @param maxTtdSeconds      longest a device may ask the gateway to hold its request open for a
 *                           command ({@code ?hono-ttd=N}); default {@value #DEFAULT_MAX_TTD_SECONDS}
 */
public record CoapOptions(int port, int securePort, boolean allowUnauthenticated, int maxInFlight, int maxTtdSeconds) {

    public static final int DEFAULT_PORT = 5683;
    public static final int DEFAULT_SECURE_PORT = 5684;
    public static final boolean DEFAULT_ALLOW_UNAUTHENTICATED = false;
    public static final int DEFAULT_MAX_IN_FLIGHT = 2048;
    public static final int DEFAULT_MAX_TTD_SECONDS = 60;

    public static final Setting<Integer> PORT = Setting.port("FIREGRID_COAP_PORT", DEFAULT_PORT, "plain CoAP (UDP)");
    public static final Setting<Integer> SECURE_PORT = Setting.port("FIREGRID_COAPS_PORT", DEFAULT_SECURE_PORT,
            "CoAP over DTLS, PSK identity {device}@{tenant}");
    public static final Setting<Boolean> ALLOW_UNAUTHENTICATED = Setting.bool("FIREGRID_COAP_UNAUTHENTICATED",
            DEFAULT_ALLOW_UNAUTHENTICATED, "accept /event/{tenant}/{device} on plain CoAP without credentials; only on "
                    + "networks that authenticate devices");
    public static final Setting<Integer> MAX_IN_FLIGHT = Setting.atLeast("FIREGRID_COAP_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1,
            "CoAP messages waiting for the store before 5.03");

    public static final CoapOptions DEFAULTS = new CoapOptions(DEFAULT_PORT, DEFAULT_SECURE_PORT,
            DEFAULT_ALLOW_UNAUTHENTICATED, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_TTD_SECONDS);

    public CoapOptions {
        PORT.checkInt(port);
        SECURE_PORT.checkInt(securePort);
        MAX_IN_FLIGHT.checkInt(maxInFlight);
        if (maxTtdSeconds < 0 || maxTtdSeconds > 300) {
            throw new IllegalArgumentException("the longest hono-ttd must be between 0 and 300 s, not " + maxTtdSeconds);
        }
    }

    /** The defaults overridden by whichever {@code FIREGRID_COAP*} variables {@code env} sets. */
    public static CoapOptions fromEnv(Map<String, String> env) {
        return new CoapOptions(PORT.read(env), SECURE_PORT.read(env), ALLOW_UNAUTHENTICATED.read(env),
                MAX_IN_FLIGHT.read(env), DEFAULT_MAX_TTD_SECONDS);
    }

    public CoapOptions withPorts(int plain, int secure) {
        return new CoapOptions(plain, secure, allowUnauthenticated, maxInFlight, maxTtdSeconds);
    }

    public CoapOptions withAllowUnauthenticated(boolean allow) {
        return new CoapOptions(port, securePort, allow, maxInFlight, maxTtdSeconds);
    }

    public CoapOptions withMaxInFlight(int n) {
        return new CoapOptions(port, securePort, allowUnauthenticated, n, maxTtdSeconds);
    }
}
