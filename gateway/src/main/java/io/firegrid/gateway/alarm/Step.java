package io.firegrid.gateway.alarm;

import java.time.Instant;
import java.util.Objects;

/** One lifecycle step of an alarm: the state entered, when, and by whom. */
public record Step(AlarmState state, Instant at, String by) {

    public Step {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
    }
}
