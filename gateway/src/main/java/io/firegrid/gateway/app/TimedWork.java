package io.firegrid.gateway.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's time-based work: the periodic tick (drills that end, rule timers, escalations,
 * the disk check), every {@value Gateway#DEFAULT_TICK_MS} ms, and the deletion of readings and audit
 * entries past their retention, every {@value Gateway#DEFAULT_RETENTION_PERIOD_MS} ms. A failed round is logged and the next
 * one runs as usual. Tests call {@link #tick()} themselves after moving their clock.
 */
final class TimedWork {

    private static final Logger LOG = LoggerFactory.getLogger(TimedWork.class);

    private final List<Supplier<Future<?>>> ticks;
    private final Supplier<Future<Integer>> deleteOldReadings;
    private final Supplier<Future<Integer>> pruneAudit;

    /**
     * @param ticks             each part of a tick; a tick completes when all have
     * @param deleteOldReadings deletes readings past the retention, completes with how many
     * @param pruneAudit        deletes audit entries past the retention or the most kept, completes with how many
     */
    TimedWork(List<Supplier<Future<?>>> ticks, Supplier<Future<Integer>> deleteOldReadings,
              Supplier<Future<Integer>> pruneAudit) {
        this.ticks = List.copyOf(ticks);
        this.deleteOldReadings = deleteOldReadings;
        this.pruneAudit = pruneAudit;
    }

    /** Runs every part of a tick now; completes when all have, failed if one failed. */
    Future<Void> tick() {
        return Future.join(ticks.stream().<Future<?>>map(Supplier::get).toList()).mapEmpty();
    }

    Future<Integer> deleteOldReadings() {
        return deleteOldReadings.get();
    }

    Future<Integer> pruneAudit() {
        return pruneAudit.get();
    }

    /** Runs the work periodically on {@code vertx} until {@code closer} closes. */
    void schedule(Vertx vertx, Closer closer) {
        long tick = vertx.setPeriodic(Gateway.DEFAULT_TICK_MS, id -> tick().onFailure(t -> LOG.warn("time-based work failed", t)));
        long retention = vertx.setPeriodic(Gateway.DEFAULT_RETENTION_PERIOD_MS, id -> deleteOldReadings()
                .onSuccess(n -> LOG.debug("old readings deleted [count: {}]", n))
                .onFailure(t -> LOG.debug("old readings not deleted this time: {}", t.getMessage()))
                .eventually(this::pruneAudit)
                .onSuccess(n -> {
                    if (n > 0) {
                        LOG.info("audit log entries deleted past the retention or the most kept [count: {}]", n);
                    }
                })
                .onFailure(t -> LOG.debug("audit log not pruned this time: {}", t.getMessage())));
        closer.onClose("timers", () -> {
            vertx.cancelTimer(tick);
            vertx.cancelTimer(retention);
        });
    }
}
