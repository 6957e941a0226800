package io.firegrid.gateway.tls;

import io.firegrid.protocol.settings.Setting;
import java.nio.file.Path;
import java.util.List;
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
 * @param engine         what does TLS on the servers; {@code FIREGRID_TLS_ENGINE}, default {@code boringssl}
 */
public record TlsOptions(int mqttsPort, int httpsPort, Path certFile, Path keyFile, Path clientCaFile,
                         List<String> hostnames, int reloadSeconds, Profile profile, Engine engine) {

    public static final int DEFAULT_MQTTS_PORT = 8883;
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_RELOAD_SECONDS = 10;

    /** Which clear-text endpoints are on by default. */
    public enum Profile {
        /** Plain MQTT and HTTP on, beside their TLS ports: the demo and tests. */
        DEVELOPMENT,
        /** Plain MQTT and HTTP off unless {@code FIREGRID_MQTT_PORT} / {@code FIREGRID_HTTP_PORT} are set. */
        PRODUCTION
    }

    /** What does the TLS of the MQTTS and HTTPS servers (docs/tls.md, "The TLS engine"). */
    public enum Engine {
        /**
         * BoringSSL through netty-tcnative, shipped for Linux x86-64 and ARM64: about half the CPU of
         * the JDK's per handshake. Where it cannot load, the JDK's, with a warning.
         */
        BORINGSSL,
        /** The JDK's TLS. */
        JDK
    }

    public static final Setting<Integer> MQTTS_PORT = Setting.port("FIREGRID_MQTTS_PORT", DEFAULT_MQTTS_PORT,
            "MQTT over TLS for devices");
    public static final Setting<Integer> HTTPS_PORT = Setting.port("FIREGRID_HTTPS_PORT", DEFAULT_HTTPS_PORT,
            "HTTPS API and console");
    public static final Setting<Path> CERT = Setting.path("FIREGRID_TLS_CERT", null,
            "unset: a site CA made in $FIREGRID_DATA_DIR/ca.pem signs one",
            "server certificate chain (PEM), reloaded when it changes; goes with FIREGRID_TLS_KEY");
    public static final Setting<Path> KEY = Setting.path("FIREGRID_TLS_KEY", null, "unset: the site CA's server key",
            "private key (PEM) of FIREGRID_TLS_CERT, reloaded when it changes");
    public static final Setting<Path> CA = Setting.path("FIREGRID_TLS_CA", null,
            "the site CA; none with FIREGRID_TLS_CERT", "CA (PEM) that device client certificates chain to");
    public static final Setting<List<String>> HOSTNAMES = Setting.list("FIREGRID_TLS_HOSTNAMES", name -> name,
            "none; localhost, 127.0.0.1, ::1 and the host name always",
            "further names/addresses for the generated server certificate, comma-separated");
    public static final Setting<Integer> RELOAD_SECONDS = Setting.atLeast("FIREGRID_TLS_RELOAD_SECONDS",
            DEFAULT_RELOAD_SECONDS, 1, "how often certificate files are checked for changes, in seconds");
    public static final Setting<Profile> PROFILE = Setting.oneOf("FIREGRID_PROFILE", Profile.class, Profile.DEVELOPMENT,
            Map.of("dev", Profile.DEVELOPMENT, "prod", Profile.PRODUCTION),
            "production switches plain HTTP and MQTT off unless their ports are set");
    public static final Setting<Engine> ENGINE = Setting.oneOf("FIREGRID_TLS_ENGINE", Engine.class, Engine.BORINGSSL,
            Map.of("openssl", Engine.BORINGSSL), "TLS of MQTTS and HTTPS: BoringSSL (the JDK's where it cannot load) or the JDK's");

    public static final TlsOptions DEFAULTS = new TlsOptions(DEFAULT_MQTTS_PORT, DEFAULT_HTTPS_PORT, null, null, null,
            List.of(), DEFAULT_RELOAD_SECONDS, Profile.DEVELOPMENT, Engine.BORINGSSL);

    public TlsOptions {
        MQTTS_PORT.checkInt(mqttsPort);
        HTTPS_PORT.checkInt(httpsPort);
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException(CERT.name() + " and " + KEY.name() + " go together: set both, or neither "
                    + "for the gateway's own site CA");
        }
        hostnames = List.copyOf(hostnames);
        RELOAD_SECONDS.checkInt(reloadSeconds);
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(engine, "engine");
    }

    /** The defaults overridden by whichever {@code FIREGRID_*} TLS variables {@code env} sets. */
    public static TlsOptions fromEnv(Map<String, String> env) {
        return new TlsOptions(MQTTS_PORT.read(env), HTTPS_PORT.read(env), CERT.read(env), KEY.read(env), CA.read(env),
                HOSTNAMES.read(env), RELOAD_SECONDS.read(env), PROFILE.read(env), ENGINE.read(env));
    }

    public TlsOptions withPorts(int mqtts, int https) {
        return new TlsOptions(mqtts, https, certFile, keyFile, clientCaFile, hostnames, reloadSeconds, profile, engine);
    }

    public TlsOptions withFiles(Path cert, Path key, Path clientCa) {
        return new TlsOptions(mqttsPort, httpsPort, cert, key, clientCa, hostnames, reloadSeconds, profile, engine);
    }

    public TlsOptions withReloadSeconds(int seconds) {
        return new TlsOptions(mqttsPort, httpsPort, certFile, keyFile, clientCaFile, hostnames, seconds, profile, engine);
    }

    public TlsOptions withProfile(Profile p) {
        return new TlsOptions(mqttsPort, httpsPort, certFile, keyFile, clientCaFile, hostnames, reloadSeconds, p, engine);
    }

    public TlsOptions withEngine(Engine e) {
        return new TlsOptions(mqttsPort, httpsPort, certFile, keyFile, clientCaFile, hostnames, reloadSeconds, profile, e);
    }

    /** Whether any TLS endpoint is on. */
    public boolean enabled() {
        return mqttsPort >= 0 || httpsPort >= 0;
    }

    /** Whether the gateway uses its own site CA (no {@code FIREGRID_TLS_CERT}). */
    public boolean siteCa() {
        return certFile == null;
    }
}
