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
 * @param debounce        contact debounce of the simulated agents; default 50 ms
 */
public record DemoTiming(Duration firstAlarmAfter, Duration alarmEvery, Duration alarmLasts, Duration doorEvery,
        Duration doorOpenFor, Duration debounce) {

    public static final DemoTiming DEFAULT = new DemoTiming(Duration.ofSeconds(8), Duration.ofSeconds(40),
            Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMillis(50));

    public DemoTiming {
        for (Duration d : new Duration[] {firstAlarmAfter, alarmEvery, alarmLasts, doorEvery, doorOpenFor}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("demo intervals should be positive, was " + d);
            }
        }
        if (debounce == null || debounce.isNegative()) {
            throw new IllegalArgumentException("debounce should be zero or positive, was " + debounce);
        }
    }
}
