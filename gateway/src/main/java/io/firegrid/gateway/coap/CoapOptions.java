package io.firegrid.gateway.coap;

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

    public static final CoapOptions DEFAULTS = new CoapOptions(DEFAULT_PORT, DEFAULT_SECURE_PORT,
            DEFAULT_ALLOW_UNAUTHENTICATED, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_TTD_SECONDS);

    public CoapOptions {
        requirePort("FIREGRID_COAP_PORT", port);
        requirePort("FIREGRID_COAPS_PORT", securePort);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("FIREGRID_COAP_MAX_IN_FLIGHT must be at least 1, not " + maxInFlight);
        }
        if (maxTtdSeconds < 0 || maxTtdSeconds > 300) {
            throw new IllegalArgumentException("the longest hono-ttd must be between 0 and 300 s, not " + maxTtdSeconds);
        }
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

    private static void requirePort(String key, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be between 0 and 65535 (0 = any free port, -1 = off), not " + port);
        }
    }
}
