package io.firegrid.gateway.storage;

import io.firegrid.protocol.settings.Setting;
import java.util.Map;

/**
 * Settings of the embedded store. Immutable.
 *
 * @param limits                 the bounds of the store's queues and its disk reserve, defaults in
 *                               {@link Database.Limits}; {@code FIREGRID_STORE_ALARM_QUEUE},
 *                               {@code FIREGRID_STORE_TELEMETRY_QUEUE}, {@code FIREGRID_DISK_RESERVE_MB},
 *                               {@code FIREGRID_STORE_CACHE_MB}
 * @param telemetryRetentionDays readings' raw messages are kept this long for deduplication and
 *                               diagnosis, then deleted (telemetry history lives in InfluxDB or the
 *                               embedded history store); events are kept as long as the alarms
 *                               that cite them; {@code FIREGRID_TELEMETRY_RETENTION_DAYS}, default
 *                               {@value #DEFAULT_TELEMETRY_RETENTION_DAYS}: far longer than any
 *                               agent keeps a message it could send again
 * @param auditRetentionDays     entries of the audit log older than this many days are deleted;
 *                               {@code FIREGRID_AUDIT_RETENTION_DAYS}, default
 *                               {@value #DEFAULT_AUDIT_RETENTION_DAYS} (five years: several
 *                               inspections' worth of records, and the life of most devices'
 *                               batteries)
 * @param auditMaxEntries        at most this many audit entries are kept, the oldest deleted first,
 *                               so that a client changing things in a loop cannot fill the disk;
 *                               {@code FIREGRID_AUDIT_MAX_ENTRIES}, default
 *                               {@value #DEFAULT_AUDIT_MAX_ENTRIES} (about 200 bytes each: some
 *                               200 MB; a community's people make a few dozen changes a day, which
 *                               five years bring to well under 100,000)
 */
public record StoreOptions(Database.Limits limits, int telemetryRetentionDays, int auditRetentionDays, int auditMaxEntries) {

    public static final int DEFAULT_TELEMETRY_RETENTION_DAYS = 7;
    public static final int DEFAULT_AUDIT_RETENTION_DAYS = 5 * 366;
    public static final int DEFAULT_AUDIT_MAX_ENTRIES = 1_000_000;

    public static final Setting<Integer> ALARM_QUEUE = Setting.atLeast("FIREGRID_STORE_ALARM_QUEUE",
            Database.Limits.DEFAULT_ALARM_QUEUE, 1, "events and alarm changes waiting for the store before refusal");
    public static final Setting<Integer> TELEMETRY_QUEUE = Setting.atLeast("FIREGRID_STORE_TELEMETRY_QUEUE",
            Database.Limits.DEFAULT_TELEMETRY_QUEUE, 1, "readings waiting for the store before refusal");
    public static final Setting<Integer> DISK_RESERVE_MB = Setting.atLeast("FIREGRID_DISK_RESERVE_MB",
            (int) (Database.Limits.DEFAULT_TELEMETRY_RESERVE_BYTES / (1024 * 1024)), 0,
            "readings refused while the disk has less free (MiB), kept for events");
    public static final Setting<Integer> CACHE_MB = Setting.atLeast("FIREGRID_STORE_CACHE_MB",
            Database.Limits.DEFAULT_CACHE_MIB, 1, "most memory (MiB) the store keeps of its file's pages; taken only as used");
    public static final Setting<Integer> TELEMETRY_RETENTION_DAYS = Setting.atLeast("FIREGRID_TELEMETRY_RETENTION_DAYS",
            DEFAULT_TELEMETRY_RETENTION_DAYS, 1, "raw readings kept in the store for this many days; events stay");
    public static final Setting<Integer> AUDIT_RETENTION_DAYS = Setting.atLeast("FIREGRID_AUDIT_RETENTION_DAYS",
            DEFAULT_AUDIT_RETENTION_DAYS, 1, "audit log entries kept for this many days");
    public static final Setting<Integer> AUDIT_MAX_ENTRIES = Setting.atLeast("FIREGRID_AUDIT_MAX_ENTRIES",
            DEFAULT_AUDIT_MAX_ENTRIES, 1_000, "most audit log entries kept, the oldest deleted first");

    public static final StoreOptions DEFAULTS = new StoreOptions(Database.Limits.DEFAULTS, DEFAULT_TELEMETRY_RETENTION_DAYS,
            DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_MAX_ENTRIES);

    public StoreOptions {
        TELEMETRY_RETENTION_DAYS.checkInt(telemetryRetentionDays);
        AUDIT_RETENTION_DAYS.checkInt(auditRetentionDays);
        AUDIT_MAX_ENTRIES.checkInt(auditMaxEntries);
    }

    public StoreOptions withLimits(Database.Limits l) {
        return new StoreOptions(l, telemetryRetentionDays, auditRetentionDays, auditMaxEntries);
    }

    public StoreOptions withTelemetryRetentionDays(int days) {
        return new StoreOptions(limits, days, auditRetentionDays, auditMaxEntries);
    }

    public StoreOptions withAudit(int retentionDays, int maxEntries) {
        return new StoreOptions(limits, telemetryRetentionDays, retentionDays, maxEntries);
    }

    /** The defaults overridden by whichever of their variables {@code env} sets. */
    public static StoreOptions fromEnv(Map<String, String> env) {
        Database.Limits limits = Database.Limits.DEFAULTS.withAlarmQueue(ALARM_QUEUE.read(env))
                .withTelemetryQueue(TELEMETRY_QUEUE.read(env))
                .withTelemetryReserveBytes(DISK_RESERVE_MB.read(env) * 1024L * 1024L)
                .withCacheMiB(CACHE_MB.read(env));
        return new StoreOptions(limits, TELEMETRY_RETENTION_DAYS.read(env), AUDIT_RETENTION_DAYS.read(env),
                AUDIT_MAX_ENTRIES.read(env));
    }
}
