package io.firegrid.gateway.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * TLS of the gateway's MQTT and HTTP endpoints (docs/tls.md). Immutable.
 *
 * @param mqttsPort      MQTT over TLS; {@code FIREGRID_MQTTS_PORT}, default {@value #DEFAULT_MQTTS_PORT};
 *                       0 picks a free port, -1 switches it off
 * @param httpsPort      HTTPS for the API and console; {@code FIREGRID_HTTPS_PORT}, default
 *                       {@value #DEFAULT_HTTPS_PORT}; 0 picks a free port, -1 switches it off
 * @param certFile       the server certificate (PEM, leaf first, then its chain); {@code FIREGRID_TLS_CERT};
 *                       null (default): the gateway makes a site CA and a server certificate in its data dir
 * @param keyFile        the server certificate's private key (PEM, PKCS#8 or PKCS#1); {@code FIREGRID_TLS_KEY};
 *                       required with {@code certFile}
 * @param clientCaFile   CA certificates (PEM) that device client certificates must chain to;
 *                       {@code FIREGRID_TLS_CA}; null (default): the site CA when the gateway made it,
 *                       no client certificates otherwise
 * @param hostnames      further names or addresses for the generated server certificate, besides
 *                       localhost, 127.0.0.1, ::1 and the host name; {@code FIREGRID_TLS_HOSTNAMES}
 *                       (comma list), default none
 * @param reloadSeconds  how often configured PEM files are checked for changes;
 *                       {@code FIREGRID_TLS_RELOAD_SECONDS}, default {@value #DEFAULT_RELOAD_SECONDS}
 * @param profile        {@code FIREGRID_PROFILE}: {@code development} (default) keeps plain MQTT and HTTP
 *                       on; {@code production} switches them off unless their ports are set explicitly
 */
public record TlsOptions(int mqttsPort, int httpsPort, Path certFile, Path keyFile, Path clientCaFile,
                         List<String> hostnames, int reloadSeconds, Profile profile) {

    public static final int DEFAULT_MQTTS_PORT = 8883;
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_RELOAD_SECONDS = 10;

    /** Which clear-text endpoints are on by default. */
    public enum Profile {
        /** Plain MQTT and HTTP on, beside their TLS ports: the demo and tests. */
        DEVELOPMENT,
        /** Plain MQTT and HTTP off unless {@code FIREGRID_MQTT_PORT} / {@code FIREGRID_HTTP_PORT} are set. */
        PRODUCTION;

        static Profile parse(String v) {
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "development", "dev" -> DEVELOPMENT;
                case "production", "prod" -> PRODUCTION;
                default -> throw new IllegalArgumentException("FIREGRID_PROFILE must be development or production, not '"
                        + v + "'");
            };
        }
    }

    public static final TlsOptions DEFAULTS = new TlsOptions(DEFAULT_MQTTS_PORT, DEFAULT_HTTPS_PORT, null, null, null,
            List.of(), DEFAULT_RELOAD_SECONDS, Profile.DEVELOPMENT);

    public TlsOptions {
        requirePort("FIREGRID_MQTTS_PORT", mqttsPort);
        requirePort("FIREGRID_HTTPS_PORT", httpsPort);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("FIREGRID_TLS_CERT and FIREGRID_TLS_KEY go together: set both, or neither "
                    + "for the gateway's own site CA");
        }
        hostnames = List.copyOf(hostnames);
        if (reloadSeconds < 1) {
            throw new IllegalArgumentException("FIREGRID_TLS_RELOAD_SECONDS must be at least 1, not " + reloadSeconds);
        }
        Objects.requireNonNull(profile, "profile");
    }

    /** The defaults overridden by whichever {@code FIREGRID_*} TLS variables {@code env} sets. */
    public static TlsOptions fromEnv(Map<String, String> env) {
        TlsOptions o = DEFAULTS;
        int mqtts = o.mqttsPort;
        int https = o.httpsPort;
        String v;
        if ((v = env.get("FIREGRID_MQTTS_PORT")) != null && !v.isBlank()) {
            mqtts = parseInt("FIREGRID_MQTTS_PORT", v);
        }
        if ((v = env.get("FIREGRID_HTTPS_PORT")) != null && !v.isBlank()) {
            https = parseInt("FIREGRID_HTTPS_PORT", v);
        }
        Path cert = path(env.get("FIREGRID_TLS_CERT"));
        Path key = path(env.get("FIREGRID_TLS_KEY"));
        Path ca = path(env.get("FIREGRID_TLS_CA"));
        List<String> names = new ArrayList<>();
        if ((v = env.get("FIREGRID_TLS_HOSTNAMES")) != null) {
            for (String n : v.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.strip());
                }
            }
        }
        int reload = o.reloadSeconds;
        if ((v = env.get("FIREGRID_TLS_RELOAD_SECONDS")) != null && !v.isBlank()) {
            reload = parseInt("FIREGRID_TLS_RELOAD_SECONDS", v);
        }
        Profile profile = o.profile;
        if ((v = env.get("FIREGRID_PROFILE")) != null && !v.isBlank()) {
            profile = Profile.parse(v);
        }
        return new TlsOptions(mqtts, https, cert, key, ca, names, reload, profile);
    }

    public TlsOptions withPorts(int mqtts, int https) {
        return new TlsOptions(mqtts, https, certFile, keyFile, clientCaFile, hostnames, reloadSeconds, profile);
    }

    public TlsOptions withFiles(Path cert, Path key, Path clientCa) {
        return new TlsOptions(mqttsPort, httpsPort, cert, key, clientCa, hostnames, reloadSeconds, profile);
    }

    public TlsOptions withReloadSeconds(int seconds) {
        return new TlsOptions(mqttsPort, httpsPort, certFile, keyFile, clientCaFile, hostnames, seconds, profile);
    }

    public TlsOptions withProfile(Profile p) {
        return new TlsOptions(mqttsPort, httpsPort, certFile, keyFile, clientCaFile, hostnames, reloadSeconds, p);
    }

    /** Whether any TLS endpoint is on. */
    public boolean enabled() {
        return mqttsPort >= 0 || httpsPort >= 0;
    }

    /** Whether the gateway uses its own site CA (no {@code FIREGRID_TLS_CERT}). */
    public boolean siteCa() {
        return certFile == null;
    }

    private static Path path(String v) {
        return v == null || v.isBlank() ? null : Path.of(v.strip());
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }

    private static void requirePort(String key, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(key + " must be between 0 and 65535 (0 = any free port, -1 = off), not "
                    + port);
        }
    }
}
