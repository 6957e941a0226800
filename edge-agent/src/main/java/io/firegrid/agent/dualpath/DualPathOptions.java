package io.firegrid.agent.dualpath;

import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.agent.uplink.SiteTrust;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.settings.Setting;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's secondary reporting path (docs/dual-path.md): a second FireGrid gateway or an Eclipse
 * Hono MQTT adapter, with its own address, password and site CA, and the two times that supervise
 * both paths.
 *
 * @param secondaryUri      the secondary's MQTT endpoint; {@code tcp://}, {@code ssl://}, ...
 * @param secondaryPassword the device's password there; the agent's own when unset
 * @param secondaryCa       the CA the secondary's certificate must be signed by, or null
 * @param reportingTime     an event the primary has not acknowledged after this long goes over the
 *                          secondary too; default {@link #DEFAULT_REPORTING_TIME}
 * @param supervisionTime   a path that acknowledged nothing, heartbeats included, for this long is a
 *                          {@code path-failure}; default {@link #DEFAULT_SUPERVISION_TIME}
 */
public record DualPathOptions(URI secondaryUri, String secondaryPassword, SiteTrust secondaryCa, Duration reportingTime,
                              Duration supervisionTime) {

    /** EN 50136-1 DP4 and GB 26875.1 §4.1.2: an alarm reaches the centre within 10 s. */
    public static final Duration DEFAULT_REPORTING_TIME = Duration.ofSeconds(10);
    /** EN 50136-1 DP4 (Table 4): a failed path is reported within 3 minutes. */
    public static final Duration DEFAULT_SUPERVISION_TIME = Duration.ofMinutes(3);

    public static final Setting<String> SECONDARY_URI = Setting.string("FIREGRID_SECONDARY_MQTT_URI", null,
            "none: one path", "MQTT endpoint of the secondary path: another FireGrid gateway or a Hono MQTT adapter, "
                    + "e.g. ssl://gw2:8883");
    public static final Setting<String> SECONDARY_PASSWORD = Setting.string("FIREGRID_SECONDARY_PASSWORD", null,
            "the agent's password", "device password as registered on the secondary");
    public static final Setting<Path> SECONDARY_CA = Setting.path("FIREGRID_SECONDARY_MQTT_CA", null,
            "none: ssl:// trusts Java's CAs", "the secondary's site CA (PEM), with ssl://");
    public static final Setting<Path> SECONDARY_CLIENT_CERT = Setting.path("FIREGRID_SECONDARY_MQTT_CLIENT_CERT", null,
            "none", "the device's TLS certificate for the secondary (PEM), with its key");
    public static final Setting<Path> SECONDARY_CLIENT_KEY = Setting.path("FIREGRID_SECONDARY_MQTT_CLIENT_KEY", null,
            "none", "its unencrypted PKCS#8 key");
    public static final Setting<Duration> REPORTING_TIME = Setting.seconds("FIREGRID_AGENT_REPORTING_SECONDS",
            DEFAULT_REPORTING_TIME.toSeconds(), 1, 600,
            "an event the primary has not acknowledged after this long also goes over the secondary");
    public static final Setting<Duration> SUPERVISION_TIME = Setting.seconds("FIREGRID_AGENT_SUPERVISION_SECONDS",
            DEFAULT_SUPERVISION_TIME.toSeconds(), 2, 86_400,
            "a path silent this long (heartbeats included) is a path-failure, reported over the other");

    public DualPathOptions {
        Objects.requireNonNull(secondaryUri, SECONDARY_URI.name());
        Objects.requireNonNull(secondaryPassword, SECONDARY_PASSWORD.name());
        REPORTING_TIME.check(reportingTime);
        SUPERVISION_TIME.check(supervisionTime);
    }

    /** Default times, no CA. */
    public static DualPathOptions of(URI secondaryUri, String secondaryPassword) {
        return new DualPathOptions(secondaryUri, secondaryPassword, null, DEFAULT_REPORTING_TIME, DEFAULT_SUPERVISION_TIME);
    }

    /**
     * The options {@code env} sets, without the CA (the agent's configuration reads it with its
     * client certificate); {@code password} when no secondary password is set.
     *
     * @throws IllegalArgumentException naming the variable whose value is wrong
     */
    public static DualPathOptions fromEnv(Map<String, String> env, URI secondaryUri, String password) {
        return new DualPathOptions(secondaryUri, SECONDARY_PASSWORD.find(env).orElse(password), null,
                REPORTING_TIME.read(env), SUPERVISION_TIME.read(env));
    }

    public DualPathOptions withCa(SiteTrust ca) {
        return new DualPathOptions(secondaryUri, secondaryPassword, ca, reportingTime, supervisionTime);
    }

    public DualPathOptions withTimes(Duration reporting, Duration supervision) {
        return new DualPathOptions(secondaryUri, secondaryPassword, secondaryCa, reporting, supervision);
    }

    /** The secondary's uplink settings, its outbox in {@code dataDir/secondary}. */
    public MqttUplinkOptions uplinkOptions(DeviceId device, Path dataDir) {
        MqttUplinkOptions o = MqttUplinkOptions.of(secondaryUri, device, secondaryPassword, dataDir.resolve("secondary"));
        return secondaryCa == null ? o : o.withTls(secondaryCa);
    }

    @Override
    public String toString() {
        return "DualPathOptions[secondary=" + secondaryUri + ", password=***" + (secondaryCa == null ? "" : ", ca=" + secondaryCa)
                + ", reporting=" + reportingTime.toSeconds() + " s, supervision=" + supervisionTime.toSeconds() + " s]";
    }
}
