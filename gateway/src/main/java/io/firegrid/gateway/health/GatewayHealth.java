package io.firegrid.gateway.health;

import io.firegrid.gateway.storage.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code /health} says: whether alarms can be stored and delivered now, and why not.
 *
 * <ul>
 *   <li><b>down</b> (HTTP 503): the store's writer is dead, its commits are failing (disk full,
 *       I/O error), it has been stuck on one batch for {@value #STUCK_MILLIS} ms, or its alarm lane
 *       is full. Events are refused, not acknowledged: devices keep them.</li>
 *   <li><b>degraded</b> (HTTP 200): alarms are stored, but something is shed or close to a limit:
 *       the disk is below the reserve (readings refused), the telemetry lane is over
 *       {@value #BUSY_PERCENT} % full, the writer has been on one batch for over a second, or fewer
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

    private final Database db;
    private final FileBudget files;
    private final Supplier<JsonObject> parts;

    /**
     * @param files what the connection limits need of the process's open files, reported beside
     *              what it has
     * @param parts further sections of the report ({@code devices}, {@code telemetry}, {@code hono}),
     *              merged into it as they are
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
        Database.Limits limits = db.limits();
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (!h.writerAlive()) {
            down.add("store writer stopped: restart the gateway");
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
        if (h.freeBytes() < limits.telemetryReserveBytes()) {
            degraded.add("disk low: " + (h.freeBytes() >> 20) + " MB free, readings refused below "
                    + (limits.telemetryReserveBytes() >> 20) + " MB");
        }
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
        parts.get().forEach(e -> report.put(e.getKey(), e.getValue()));
        return report;
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
