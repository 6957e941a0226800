package io.firegrid.agent.sim;

import java.time.Duration;

/**
 * When the demo simulator does things. {@link #DEFAULT} suits a person watching the console;
 * tests pass milliseconds.
 *
 * @param firstAlarmAfter delay before the first smoke alarm; default 8 s, so a newcomer sees one quickly
 * @param alarmEvery      time between smoke alarms; default 40 s
 * @param alarmLasts      how long a detector stays in alarm; default 20 s
 * @param doorEvery       time between door openings; default 15 s
 * @param doorOpenFor     how long a door stays open; default 5 s
 * @param doorWedgedFor   every {@value #WEDGED_EVERY}th opening the door is wedged open this long, so
 *                        the gateway's held-open rule fires (the demo gateway uses a 30 s limit);
 *                        default 45 s
 * @param debounce        contact debounce of the simulated agents; default 50 ms
 */
public record DemoTiming(Duration firstAlarmAfter, Duration alarmEvery, Duration alarmLasts, Duration doorEvery,
        Duration doorOpenFor, Duration doorWedgedFor, Duration debounce) {

    /** Every how many door openings one is wedged open. */
    public static final int WEDGED_EVERY = 4;

    public static final DemoTiming DEFAULT = new DemoTiming(Duration.ofSeconds(8), Duration.ofSeconds(40),
            Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(45),
            Duration.ofMillis(50));

    public DemoTiming {
        for (Duration d : new Duration[] {firstAlarmAfter, alarmEvery, alarmLasts, doorEvery, doorOpenFor, doorWedgedFor}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("demo intervals should be positive, was " + d);
            }
        }
        if (debounce == null || debounce.isNegative()) {
            throw new IllegalArgumentException("debounce should be zero or positive, was " + debounce);
        }
    }
}
