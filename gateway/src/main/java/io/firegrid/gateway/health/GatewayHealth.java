package io.firegrid.gateway.health;

import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code /health} says: whether alarms can be stored and delivered now, and why not.
 *
 * <ul>
 *   <li><b>down</b> (HTTP 503): events cannot be stored now: the store's writer is dead, its last
 *       commit failed (disk full, I/O error), its disk has less than {@link #DISK_FULL_BYTES} bytes
 *       free, it has been stuck on one batch for {@value #STUCK_MILLIS} ms, or its alarm lane is
 *       full. Events are refused, not acknowledged: devices keep them (or send them over their
 *       secondary path).</li>
 *   <li><b>degraded</b> (HTTP 200): alarms are stored, but something is shed or close to a limit:
 *       the disk is below the reserve (readings refused), the telemetry lane is over
 *       {@value #BUSY_PERCENT} % full, the writer has been on one batch for over a second, one of
 *       the gateway's own links is down ({@link LinkReasons}: the telemetry database unreachable,
 *       the telemetry history not written, Hono or the GB/T 26875.3 centre not connected), or fewer
 *       than {@value #FILE_HEADROOM_PERCENT} % of the process's file descriptors are left.</li>
 *   <li><b>up</b>: none of these.</li>
 * </ul>
 * Each reason is named in {@code "reasons"}. The store's queue depths, refusals and free space,
 * and the open file descriptors, are also gauges in {@code /metrics}.
 */
public final class GatewayHealth {

    /** A batch running longer than this means the writer is stuck. */
    static final long STUCK_MILLIS = 10_000;
    /** A lane fuller than this share of its bound is reported. */
    static final int BUSY_PERCENT = 80;
    /** Fewer free file descriptors than this share of the limit is reported. */
    static final int FILE_HEADROOM_PERCENT = 10;
    /**
     * Below this much free space the store's disk counts as full: 256 pages of SQLite's 4 KiB, about
     * what the write-ahead log takes for a few dozen events. With less, an event may still fit into
     * log pages already held, or may not; commits then fail and succeed by turns, and a status that
     * followed only the last commit would flap between {@code down} and {@code degraded} on a disk
     * with no room left. Reported as {@code down} from here, steadily, until space is freed.
     */
    public static final long DISK_FULL_BYTES = 1L << 20;

    private final Database db;
    private final FileBudget files;
    private final Supplier<JsonObject> parts;

    /**
     * @param files what the connection limits need of the process's open files, reported beside
     *              what it has
     * @param parts further sections of the report ({@code devices}, {@code telemetry}, {@code hono},
     *              {@code gb26875Centre}), merged into it as they are
     */
    public GatewayHealth(Database db, MeterRegistry meters, FileBudget files, Supplier<JsonObject> parts) {
        this.db = db;
        this.files = files;
        this.parts = parts;
        Gauge.builder("firegrid.store.queue", db, d -> d.health().alarmQueued()).tag("lane", "alarm")
                .description("units of work waiting in the store's alarm lane").register(meters);
        Gauge.builder("firegrid.store.queue", db, d -> d.health().telemetryQueued()).tag("lane", "telemetry")
                .description("readings waiting in the store's telemetry lane").register(meters);
        Gauge.builder("firegrid.store.refused", db, Database::refusedBusy).tag("reason", "store-busy")
                .description("work the store refused since start").register(meters);
        Gauge.builder("firegrid.store.refused", db, Database::refusedDiskLow).tag("reason", "disk-low")
                .description("work the store refused since start").register(meters);
        Gauge.builder("firegrid.store.free.bytes", db, d -> d.health().freeBytes())
                .description("usable space on the store's disk").register(meters);
        Gauge.builder("firegrid.process.open.files", this, h -> files()[0])
                .description("file descriptors open in the gateway's process").register(meters);
    }

    /** The report; {@code "status"} is {@code up}, {@code degraded} or {@code down}. */
    public JsonObject report() {
        Database.Health h = db.health();
        JsonObject parts = this.parts.get();
        Database.Limits limits = db.limits();
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (!h.writerAlive()) {
            down.add("store writer stopped: restart the gateway");
        }
        if (h.freeBytes() < DISK_FULL_BYTES) {
            down.add("disk full: " + (h.freeBytes() >> 10) + " KB free on the store's disk (" + storeDirectory()
                    + "), less than the " + (DISK_FULL_BYTES >> 10) + " KB an event may need: events are refused"
                    + " until space is freed there");
        }
        if (h.failingSince() != null) {
            down.add("store commits failing since " + h.failingSince() + ": " + h.lastFailure());
        }
        if (h.stalledMillis() >= STUCK_MILLIS) {
            down.add("store writer stuck for " + h.stalledMillis() + " ms");
        } else if (h.stalledMillis() > 0) {
            degraded.add("store writer slow: one batch for " + h.stalledMillis() + " ms");
        }
        if (h.alarmQueued() >= limits.alarmQueue()) {
            down.add("store alarm lane full (" + h.alarmQueued() + ")");
        } else if (h.alarmQueued() * 100L >= (long) limits.alarmQueue() * BUSY_PERCENT) {
            degraded.add("store alarm lane " + h.alarmQueued() + " of " + limits.alarmQueue());
        }
        if (h.telemetryQueued() * 100L >= (long) limits.telemetryQueue() * BUSY_PERCENT) {
            degraded.add("store telemetry lane " + h.telemetryQueued() + " of " + limits.telemetryQueue()
                    + ": readings may be refused");
        }
        if (h.freeBytes() < limits.telemetryReserveBytes() && h.freeBytes() >= DISK_FULL_BYTES) {
            degraded.add("disk low: " + (h.freeBytes() >> 20) + " MB free, readings refused below "
                    + (limits.telemetryReserveBytes() >> 20) + " MB");
        }
        degraded.addAll(LinkReasons.of(parts));
        long[] files = files();
        if (files[1] > 0 && (files[1] - files[0]) * 100 < files[1] * FILE_HEADROOM_PERCENT) {
            degraded.add("file descriptors: " + files[0] + " of " + files[1] + " open");
        }
        List<String> reasons = new ArrayList<>(down);
        reasons.addAll(degraded);
        JsonObject store = new JsonObject()
                .put("writer", h.writerAlive() ? "running" : "stopped")
                .put("alarmQueue", h.alarmQueued()).put("alarmQueueLimit", limits.alarmQueue())
                .put("telemetryQueue", h.telemetryQueued()).put("telemetryQueueLimit", limits.telemetryQueue())
                .put("queries", h.queriesQueued())
                .put("freeBytes", h.freeBytes()).put("reserveBytes", limits.telemetryReserveBytes())
                .put("failingSince", h.failingSince() == null ? null : h.failingSince().toString())
                .put("lastFailure", h.lastFailure())
                .put("stalledMs", h.stalledMillis())
                .put("refusedBusy", db.refusedBusy()).put("refusedDiskLow", db.refusedDiskLow())
                .put("commits", db.commits());
        JsonObject report = new JsonObject()
                .put("status", !down.isEmpty() ? "down" : !degraded.isEmpty() ? "degraded" : "up")
                .put("reasons", reasons)
                .put("store", store)
                .put("storeCommits", db.commits())
                .put("files", new JsonObject().put("open", files[0]).put("max", files[1]).put("needed", this.files.needed()));
        parts.forEach(e -> report.put(e.getKey(), e.getValue()));
        return report;
    }

    private String storeDirectory() {
        Path parent = db.file().toAbsolutePath().getParent();
        return parent == null ? db.file().toString() : parent.toString();
    }

    /** Open and maximum file descriptors of this process, -1 each where the JVM cannot tell. */
    private static long[] files() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new long[] {unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount()};
        }
        return new long[] {-1, -1};
    }
}
