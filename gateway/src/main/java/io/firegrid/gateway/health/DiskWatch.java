package io.firegrid.gateway.health;

import io.firegrid.gateway.alarm.AlarmService;
import io.firegrid.gateway.storage.Database;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the trouble alarm {@code disk-low} (on the pseudo-device {@code gateway} of every tenant)
 * when the store's disk falls below the reserve kept for events, and restores it when space
 * returns. Raised at the reserve, not at full: the alarm itself must still fit on the disk.
 *
 * <p>Called by the gateway's one-second tick (and by tests, from their own thread): thread-safe; two
 * checks at once at worst ask twice, and the alarm engine raises one alarm per condition.
 */
public final class DiskWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DiskWatch.class);

    /** The trouble alarm's type. */
    public static final String TYPE = "disk-low";

    private final Database db;
    private final AlarmService alarms;
    private final Supplier<Collection<String>> tenants;
    private final Set<String> raisedFor = ConcurrentHashMap.newKeySet();
    private volatile boolean restoredSinceStart;

    public DiskWatch(Database db, AlarmService alarms, Supplier<Collection<String>> tenants) {
        this.db = db;
        this.alarms = alarms;
        this.tenants = tenants;
    }

    /**
     * Looks at the free space: while it is below the reserve, raises the alarm for every tenant not
     * told yet (tenants appear as devices are registered); once it is above, restores it everywhere
     * (also at the first look after a start, for an alarm left open by an earlier run).
     */
    public Future<Void> check() {
        boolean low = db.health().freeBytes() < db.limits().telemetryReserveBytes();
        if (low) {
            Set<String> untold = new TreeSet<>(tenants.get());
            untold.removeAll(raisedFor);
            if (untold.isEmpty()) {
                return Future.succeededFuture();
            }
            LOG.warn("the store's disk is low [free: {} MB, reserve: {} MB]: readings are refused",
                    db.health().freeBytes() >> 20, db.limits().telemetryReserveBytes() >> 20);
            raisedFor.addAll(untold);
            return alarms.gatewayCondition(untold, TYPE, true)
                    .onFailure(t -> raisedFor.removeAll(untold)) // told again next time
                    .mapEmpty();
        }
        if (raisedFor.isEmpty() && restoredSinceStart) {
            return Future.succeededFuture();
        }
        raisedFor.clear();
        restoredSinceStart = true;
        return alarms.gatewayCondition(new TreeSet<>(tenants.get()), TYPE, false).mapEmpty();
    }
}
