package io.firegrid.gateway.telemetry;

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
                throw new IllegalArgumentException("FIREGRID_INFLUX_URL must be an http(s) URL such as "
                        + "http://localhost:8086, not '" + url + "'");
            }
            if (api == Api.V1 && (database == null || database.isBlank())) {
                throw new IllegalArgumentException("FIREGRID_INFLUX_DB must name a database");
            }
            if (api == Api.V2 && (token == null || token.isBlank() || org == null || org.isBlank()
                    || bucket == null || bucket.isBlank())) {
                throw new IllegalArgumentException("FIREGRID_INFLUX_API=v2 needs FIREGRID_INFLUX_TOKEN, "
                        + "FIREGRID_INFLUX_ORG and FIREGRID_INFLUX_BUCKET");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("FIREGRID_INFLUX_TIMEOUT_MS must be at least 1");
            }
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
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("FIREGRID_INFLUX_BATCH must be between 1 and 100000, not " + batchSize);
        }
        if (flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("FIREGRID_INFLUX_FLUSH_MS must be at least 1");
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("FIREGRID_INFLUX_BUFFER_MB must be at least 1");
        }
        if (retryMin.toMillis() < 1 || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retry waits must be at least 1 ms and retryMax >= retryMin");
        }
        if (historyDays < 1) {
            throw new IllegalArgumentException("FIREGRID_HISTORY_DAYS must be at least 1, not " + historyDays);
        }
        if (historyBucket.toSeconds() < 1) {
            throw new IllegalArgumentException("FIREGRID_HISTORY_BUCKET_SECONDS must be at least 1");
        }
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
        String url = get(env, "FIREGRID_INFLUX_URL");
        if (url != null) {
            String apiName = get(env, "FIREGRID_INFLUX_API");
            Api api;
            if (apiName == null || apiName.equalsIgnoreCase("v1")) {
                api = Api.V1;
            } else if (apiName.equalsIgnoreCase("v2")) {
                api = Api.V2;
            } else {
                throw new IllegalArgumentException("FIREGRID_INFLUX_API must be v1 or v2, not '" + apiName + "'");
            }
            String db = get(env, "FIREGRID_INFLUX_DB");
            String bucket = get(env, "FIREGRID_INFLUX_BUCKET");
            String timeout = get(env, "FIREGRID_INFLUX_TIMEOUT_MS");
            c = c.withInflux(new Influx(api, url, db == null ? Influx.DEFAULT_DATABASE : db, get(env, "FIREGRID_INFLUX_RP"),
                    get(env, "FIREGRID_INFLUX_USER"), get(env, "FIREGRID_INFLUX_PASSWORD"), get(env, "FIREGRID_INFLUX_TOKEN"),
                    get(env, "FIREGRID_INFLUX_ORG"), bucket == null ? Influx.DEFAULT_DATABASE : bucket,
                    Duration.ofMillis(timeout == null ? Influx.DEFAULT_TIMEOUT_MS : parseInt("FIREGRID_INFLUX_TIMEOUT_MS", timeout))));
        }
        String v;
        if ((v = get(env, "FIREGRID_INFLUX_BATCH")) != null) {
            c = c.withBatching(parseInt("FIREGRID_INFLUX_BATCH", v), c.flushInterval());
        }
        if ((v = get(env, "FIREGRID_INFLUX_FLUSH_MS")) != null) {
            c = c.withBatching(c.batchSize(), Duration.ofMillis(parseInt("FIREGRID_INFLUX_FLUSH_MS", v)));
        }
        if ((v = get(env, "FIREGRID_INFLUX_BUFFER_MB")) != null) {
            c = c.withBufferBytes(parseInt("FIREGRID_INFLUX_BUFFER_MB", v) * 1024L * 1024L);
        }
        if ((v = get(env, "FIREGRID_HISTORY_DAYS")) != null) {
            c = c.withHistory(parseInt("FIREGRID_HISTORY_DAYS", v), c.historyBucket());
        }
        if ((v = get(env, "FIREGRID_HISTORY_BUCKET_SECONDS")) != null) {
            c = c.withHistory(c.historyDays(), Duration.ofSeconds(parseInt("FIREGRID_HISTORY_BUCKET_SECONDS", v)));
        }
        return c;
    }

    /** {@code influx-v1 http://...}, {@code influx-v2 ...} or {@code embedded}, for logs and /health. */
    public String describe() {
        return influx == null ? "embedded" : "influx-" + influx.api().name().toLowerCase(Locale.ROOT) + " " + influx.url();
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
    }
}
