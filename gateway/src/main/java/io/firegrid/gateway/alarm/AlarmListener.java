package io.firegrid.gateway.alarm;

/**
 * Told of every alarm raised or changed, after the change is durably stored, in the order the
 * changes were stored. Called on whichever thread completed the change: implementations hand the
 * work to their own thread or context and return at once.
 */
@FunctionalInterface
public interface AlarmListener {
    void changed(Alarm alarm);
}
