package io.firegrid.gateway.alarm;

/**
 * Told of every alarm raised or changed, after the change is durably stored, in the order the
 * changes were stored. Called on whichever thread completed the change: implementations hand the
 * work to their own thread or context and return at once.
 */
@FunctionalInterface
public interface AlarmListener {
    void changed(Alarm alarm);

    /**
     * As {@link #changed(Alarm)}, with where the time went on the way when the change came from a
     * device's event ({@code trace} null otherwise); by default the trace is ignored.
     */
    default void changed(Alarm alarm, AlarmTrace trace) {
        changed(alarm);
    }
}
