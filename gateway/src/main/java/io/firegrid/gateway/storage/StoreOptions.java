package io.firegrid.gateway.storage;

import java.util.Map;

/**
 * Settings of the embedded store. Immutable.
 *
 * @param limits                 the bounds of the store's queues and its disk reserve, defaults in
 *                               {@link Database.Limits}; {@code FIREGRID_STORE_ALARM_QUEUE},
 *                               {@code FIREGRID_STORE_TELEMETRY_QUEUE}, {@code FIREGRID_DISK_RESERVE_MB}
 * @param telemetryRetentionDays readings' raw messages are kept this long for deduplication and
 *                               diagnosis, then deleted (telemetry history lives in InfluxDB or the
 *                               embedded history store); events are kept as long as the alarms
 *                               that cite them; {@code FIREGRID_TELEMETRY_RETENTION_DAYS}, default
 *                               {@value #DEFAULT_TELEMETRY_RETENTION_DAYS}: far longer than any
 *                               agent keeps a message it could send again
 */
public record StoreOptions(Database.Limits limits, int telemetryRetentionDays) {

    public static final int DEFAULT_TELEMETRY_RETENTION_DAYS = 7;

    public static final StoreOptions DEFAULTS = new StoreOptions(Database.Limits.DEFAULTS, DEFAULT_TELEMETRY_RETENTION_DAYS);

    public StoreOptions {
        if (telemetryRetentionDays < 1) {
            throw new IllegalArgumentException("FIREGRID_TELEMETRY_RETENTION_DAYS must be at least 1, not " + telemetryRetentionDays);
        }
    }

    public StoreOptions withLimits(Database.Limits l) {
        return new StoreOptions(l, telemetryRetentionDays);
    }

    public StoreOptions withTelemetryRetentionDays(int days) {
        return new StoreOptions(limits, days);
    }

    /** These settings overridden by whichever of their variables {@code env} sets. */
    public StoreOptions withEnv(Map<String, String> env) {
        StoreOptions o = this;
        String v;
        if ((v = env.get("FIREGRID_STORE_ALARM_QUEUE")) != null && !v.isBlank()) {
            o = o.withLimits(o.limits().withAlarmQueue(atLeast("FIREGRID_STORE_ALARM_QUEUE", v, 1)));
        }
        if ((v = env.get("FIREGRID_STORE_TELEMETRY_QUEUE")) != null && !v.isBlank()) {
            o = o.withLimits(o.limits().withTelemetryQueue(atLeast("FIREGRID_STORE_TELEMETRY_QUEUE", v, 1)));
        }
        if ((v = env.get("FIREGRID_DISK_RESERVE_MB")) != null && !v.isBlank()) {
            o = o.withLimits(o.limits().withTelemetryReserveBytes(atLeast("FIREGRID_DISK_RESERVE_MB", v, 0) * 1024L * 1024L));
        }
        if ((v = env.get("FIREGRID_TELEMETRY_RETENTION_DAYS")) != null && !v.isBlank()) {
            o = o.withTelemetryRetentionDays(atLeast("FIREGRID_TELEMETRY_RETENTION_DAYS", v, 1));
        }
        return o;
    }

    private static int atLeast(String key, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + n);
        }
        return n;
    }
}
