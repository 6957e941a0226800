package io.firegrid.gateway.telemetry;

import io.firegrid.protocol.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where telemetry goes and how it is batched, buffered and kept. Immutable; every key can be set
 * by an environment variable (see {@link #fromEnv(Map)}).
 *
 * @param influx        the InfluxDB server, or {@code null} (no {@code FIREGRID_INFLUX_URL}): then
 *                      the embedded history store keeps downsampled readings instead
 * @param batchSize     most points per write; {@code FIREGRID_INFLUX_BATCH}, default {@value #DEFAULT_BATCH_SIZE}
 * @param flushInterval a partial batch is written after this long; {@code FIREGRID_INFLUX_FLUSH_MS},
 *                      default {@value #DEFAULT_FLUSH_MS} ms
 * @param bufferBytes   bound of the on-disk buffer kept while InfluxDB is unreachable; when full the
 *                      oldest buffered points are dropped and counted; {@code FIREGRID_INFLUX_BUFFER_MB},
 *                      default {@value #DEFAULT_BUFFER_MB} MiB
 * @param retryMin      first wait before writing again after a failure, doubled up to {@code retryMax};
 *                      default {@value #DEFAULT_RETRY_MIN_MS} ms
 * @param retryMax      longest wait between attempts; default {@value #DEFAULT_RETRY_MAX_MS} ms
 * @param historyDays   how long the embedded history store keeps readings; {@code FIREGRID_HISTORY_DAYS},
 *                      default {@value #DEFAULT_HISTORY_DAYS}
 * @param historyBucket readings are downsampled to min/mean/max per bucket of this length;
 *                      {@code FIREGRID_HISTORY_BUCKET_SECONDS}, default {@value #DEFAULT_HISTORY_BUCKET_SECONDS} s
 */
public record TelemetryConfig(Influx influx, int batchSize, Duration flushInterval, long bufferBytes,
                              Duration retryMin, Duration retryMax, int historyDays, Duration historyBucket) {

    public static final int DEFAULT_BATCH_SIZE = 5_000;
    public static final int DEFAULT_FLUSH_MS = 1_000;
    public static final int DEFAULT_BUFFER_MB = 100;
    public static final int DEFAULT_RETRY_MIN_MS = 1_000;
    public static final int DEFAULT_RETRY_MAX_MS = 30_000;
    public static final int DEFAULT_HISTORY_DAYS = 30;
    public static final int DEFAULT_HISTORY_BUCKET_SECONDS = 60;

    /** Which InfluxDB API to write with. */
    public enum Api { V1, V2 }

    public static final Setting<String> INFLUX_URL = Setting.string("FIREGRID_INFLUX_URL", null,
            "none: the embedded history store keeps readings", "InfluxDB, e.g. http://localhost:8086");
    public static final Setting<Api> INFLUX_API = Setting.oneOf("FIREGRID_INFLUX_API", Api.class, Api.V1, Map.of(),
            "v1 (also InfluxDB 2.x/3.x compatibility API) or v2 (/api/v2/write)");
    public static final Setting<String> INFLUX_DB = Setting.string("FIREGRID_INFLUX_DB", Influx.DEFAULT_DATABASE, null,
            "v1 database");
    public static final Setting<String> INFLUX_RP = Setting.string("FIREGRID_INFLUX_RP", null, "the database's default",
            "v1 retention policy");
    public static final Setting<String> INFLUX_USER = Setting.string("FIREGRID_INFLUX_USER", null, "none",
            "v1 user (no authentication without one)");
    public static final Setting<String> INFLUX_PASSWORD = Setting.string("FIREGRID_INFLUX_PASSWORD", null, "none",
            "v1 password");
    public static final Setting<String> INFLUX_TOKEN = Setting.string("FIREGRID_INFLUX_TOKEN", null, "required for v2",
            "v2 API token");
    public static final Setting<String> INFLUX_ORG = Setting.string("FIREGRID_INFLUX_ORG", null, "required for v2",
            "v2 organisation");
    public static final Setting<String> INFLUX_BUCKET = Setting.string("FIREGRID_INFLUX_BUCKET", Influx.DEFAULT_DATABASE,
            null, "v2 bucket");
    public static final Setting<Integer> INFLUX_BATCH = Setting.integer("FIREGRID_INFLUX_BATCH", DEFAULT_BATCH_SIZE, 1,
            100_000, "points per write");
    public static final Setting<Duration> INFLUX_FLUSH_MS = Setting.millis("FIREGRID_INFLUX_FLUSH_MS", DEFAULT_FLUSH_MS, 1,
            Integer.MAX_VALUE, "a partial batch is written after this many milliseconds");
    public static final Setting<Duration> INFLUX_TIMEOUT_MS = Setting.millis("FIREGRID_INFLUX_TIMEOUT_MS",
            Influx.DEFAULT_TIMEOUT_MS, 1, Integer.MAX_VALUE, "timeout of one write, in milliseconds");
    public static final Setting<Integer> INFLUX_BUFFER_MB = Setting.atLeast("FIREGRID_INFLUX_BUFFER_MB", DEFAULT_BUFFER_MB, 1,
            "on-disk buffer (MiB) while InfluxDB is away; beyond it the oldest points are dropped and counted");
    public static final Setting<Integer> HISTORY_DAYS = Setting.atLeast("FIREGRID_HISTORY_DAYS", DEFAULT_HISTORY_DAYS, 1,
            "embedded history kept for this many days");
    public static final Setting<Duration> HISTORY_BUCKET_SECONDS = Setting.seconds("FIREGRID_HISTORY_BUCKET_SECONDS",
            DEFAULT_HISTORY_BUCKET_SECONDS, 1, Integer.MAX_VALUE,
            "embedded history downsampled to min/mean/max per bucket of this many seconds");

    /**
     * One InfluxDB server.
     *
     * @param api             {@code FIREGRID_INFLUX_API}: {@code v1} (default; also InfluxDB 2.x/3.x
     *                        compatibility endpoints) or {@code v2}
     * @param url             {@code FIREGRID_INFLUX_URL}, e.g. {@code http://localhost:8086}
     * @param database        v1 database; {@code FIREGRID_INFLUX_DB}, default {@value #DEFAULT_DATABASE}
     * @param retentionPolicy v1 retention policy; {@code FIREGRID_INFLUX_RP}, default the database's
     * @param user            v1 user; {@code FIREGRID_INFLUX_USER}, default none (no authentication)
     * @param password        v1 password; {@code FIREGRID_INFLUX_PASSWORD}
     * @param token           v2 API token; {@code FIREGRID_INFLUX_TOKEN}, required for v2
     * @param org             v2 organisation; {@code FIREGRID_INFLUX_ORG}, required for v2
     * @param bucket          v2 bucket; {@code FIREGRID_INFLUX_BUCKET}, default {@value #DEFAULT_DATABASE}
     * @param timeout         connect/read timeout of one write; {@code FIREGRID_INFLUX_TIMEOUT_MS},
     *                        default {@value #DEFAULT_TIMEOUT_MS} ms
     */
    public record Influx(Api api, String url, String database, String retentionPolicy, String user, String password,
                         String token, String org, String bucket, Duration timeout) {

        public static final String DEFAULT_DATABASE = "firegrid";
        public static final int DEFAULT_TIMEOUT_MS = 5_000;

        public Influx {
            Objects.requireNonNull(api, "api");
            try {
                URI u = new URI(url);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (Exception e) {
                throw new IllegalArgumentException(INFLUX_URL.name() + " must be an http(s) URL such as "
                        + "http://localhost:8086, not '" + url + "'");
            }
            if (api == Api.V1 && (database == null || database.isBlank())) {
                throw new IllegalArgumentException(INFLUX_DB.name() + " must name a database");
            }
            if (api == Api.V2 && (token == null || token.isBlank() || org == null || org.isBlank()
                    || bucket == null || bucket.isBlank())) {
                throw new IllegalArgumentException(INFLUX_API.name() + "=v2 needs " + INFLUX_TOKEN.name() + ", "
                        + INFLUX_ORG.name() + " and " + INFLUX_BUCKET.name());
            }
            INFLUX_TIMEOUT_MS.check(timeout);
        }

        /** A v1 server at {@code url} writing to {@code database}, defaults otherwise. */
        public static Influx v1(String url, String database) {
            return new Influx(Api.V1, url, database, null, null, null, null, null, null,
                    Duration.ofMillis(DEFAULT_TIMEOUT_MS));
        }

        /** A v2 write API at {@code url}. */
        public static Influx v2(String url, String token, String org, String bucket) {
            return new Influx(Api.V2, url, null, null, null, null, token, org, bucket,
                    Duration.ofMillis(DEFAULT_TIMEOUT_MS));
        }

        /** The writer for this server. */
        PointWriter writer() {
            return api == Api.V1 ? new InfluxV1Writer(this) : new InfluxV2Writer(this);
        }
    }

    public TelemetryConfig {
        INFLUX_BATCH.checkInt(batchSize);
        INFLUX_FLUSH_MS.check(flushInterval);
        if (bufferBytes < 1) {
            throw new IllegalArgumentException(INFLUX_BUFFER_MB.name() + " must be at least 1");
        }
        if (retryMin.toMillis() < 1 || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retry waits must be at least 1 ms and retryMax >= retryMin");
        }
        HISTORY_DAYS.checkInt(historyDays);
        HISTORY_BUCKET_SECONDS.check(historyBucket);
    }

    /** No InfluxDB; the embedded history store with its defaults. */
    public static TelemetryConfig defaults() {
        return new TelemetryConfig(null, DEFAULT_BATCH_SIZE, Duration.ofMillis(DEFAULT_FLUSH_MS),
                DEFAULT_BUFFER_MB * 1024L * 1024L, Duration.ofMillis(DEFAULT_RETRY_MIN_MS),
                Duration.ofMillis(DEFAULT_RETRY_MAX_MS), DEFAULT_HISTORY_DAYS,
                Duration.ofSeconds(DEFAULT_HISTORY_BUCKET_SECONDS));
    }

    public TelemetryConfig withInflux(Influx i) {
        return new TelemetryConfig(i, batchSize, flushInterval, bufferBytes, retryMin, retryMax, historyDays, historyBucket);
    }

    public TelemetryConfig withBatching(int size, Duration flush) {
        return new TelemetryConfig(influx, size, flush, bufferBytes, retryMin, retryMax, historyDays, historyBucket);
    }

    public TelemetryConfig withBufferBytes(long bytes) {
        return new TelemetryConfig(influx, batchSize, flushInterval, bytes, retryMin, retryMax, historyDays, historyBucket);
    }

    public TelemetryConfig withRetry(Duration min, Duration max) {
        return new TelemetryConfig(influx, batchSize, flushInterval, bufferBytes, min, max, historyDays, historyBucket);
    }

    public TelemetryConfig withHistory(int days, Duration bucket) {
        return new TelemetryConfig(influx, batchSize, flushInterval, bufferBytes, retryMin, retryMax, days, bucket);
    }

    /** The defaults overridden by whichever {@code FIREGRID_INFLUX_*} and {@code FIREGRID_HISTORY_*} variables are set. */
    public static TelemetryConfig fromEnv(Map<String, String> env) {
        TelemetryConfig c = defaults();
        String url = INFLUX_URL.read(env);
        if (url != null) {
            // the server's settings are read only when there is a server to use them
            c = c.withInflux(new Influx(INFLUX_API.read(env), url, INFLUX_DB.read(env), INFLUX_RP.read(env),
                    INFLUX_USER.read(env), INFLUX_PASSWORD.read(env), INFLUX_TOKEN.read(env), INFLUX_ORG.read(env),
                    INFLUX_BUCKET.read(env), INFLUX_TIMEOUT_MS.read(env)));
        }
        return c.withBatching(INFLUX_BATCH.read(env), INFLUX_FLUSH_MS.read(env))
                .withBufferBytes(INFLUX_BUFFER_MB.read(env) * 1024L * 1024L)
                .withHistory(HISTORY_DAYS.read(env), HISTORY_BUCKET_SECONDS.read(env));
    }

    /** {@code influx-v1 http://...}, {@code influx-v2 ...} or {@code embedded}, for logs and /health. */
    public String describe() {
        return influx == null ? "embedded" : "influx-" + influx.api().name().toLowerCase(Locale.ROOT) + " " + influx.url();
    }
}
