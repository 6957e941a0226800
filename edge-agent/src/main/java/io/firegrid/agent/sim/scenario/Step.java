package io.firegrid.agent.sim.scenario;

import java.time.Duration;

/**
 * One line of a scenario: at {@link #at()} after the start, something happens to a device's input
 * or power. {@link #line()} is where it was written, for messages.
 */
public sealed interface Step {

    Duration at();

    int line();

    String device();

    /** A smoke detector's contact to alarm or normal, or a door's to open or closed. */
    record Contact(Duration at, int line, String device, String sensor, boolean active) implements Step {
    }

    /** A pressure transmitter's loop held at the current that reads {@code mpa}. */
    record Pressure(Duration at, int line, String device, String sensor, double mpa) implements Step {
    }

    /**
     * A pressure moving in a straight line from {@code fromMpa} to {@code toMpa} over {@code over},
     * one level each {@link ScenarioRunner#RAMP_STEP} of scenario time.
     */
    record Ramp(Duration at, int line, String device, String sensor, double fromMpa, double toMpa, Duration over)
            implements Step {
    }

    /** A transmitter's loop held at a raw current: 0 mA is a broken wire, above 21 mA a short. */
    record Current(Duration at, int line, String device, String sensor, double milliamps) implements Step {
    }

    /** The device's supply cut ({@code on} false: the agent stops) or restored (it starts again). */
    record Power(Duration at, int line, String device, boolean on) implements Step {
    }
}
