package io.firegrid.gateway.alarm;

import java.time.Duration;

/**
 * Thresholds and timers of the supervisory and trouble rules. Immutable; every default is stated
 * with where it comes from.
 *
 * @param pressureLowMpa        hydrant pressure below this raises {@code pressure-low}; default
 *                              {@value #DEFAULT_PRESSURE_LOW_MPA} MPa, the minimum dynamic pressure
 *                              at an indoor hydrant outlet outside high-rise buildings (GB 50974-2014
 *                              §7.4.12; use 0.35 for high-rise and spaces over 8 m)
 * @param pressureHighMpa       above this raises {@code pressure-high}; default
 *                              {@value #DEFAULT_PRESSURE_HIGH_MPA} MPa, the maximum outlet pressure
 *                              before reduction is required (GB 50974-2014 §7.4.12)
 * @param pressureHysteresisMpa a low or high alarm restores only once the value is this far back
 *                              inside the band, so a value jittering at a threshold raises one alarm;
 *                              default {@value #DEFAULT_PRESSURE_HYSTERESIS_MPA} MPa (engineering
 *                              default: about twice the error of a 1.0 MPa, 1 % transmitter)
 * @param pressureDropMpa       a fall of this much within {@code pressureDropWindow} raises
 *                              {@code pressure-dropping}, before the value reaches the low threshold;
 *                              default {@value #DEFAULT_PRESSURE_DROP_MPA} MPa (engineering default)
 * @param pressureDropWindow    default 60 s (engineering default)
 * @param doorHeldOpenLimit     a fire door open longer than this raises {@code door-held-open};
 *                              default 120 s (engineering default: long enough for people and goods to
 *                              pass, short against a door wedged open; fire doors are normally closed,
 *                              GB 29364-2012)
 * @param offlineAfter          a device whose connection has been gone this long raises
 *                              {@code offline}; default 100 s, the time within which a fire door
 *                              monitor's fault must be shown (GB 29364-2012)
 * @param exitBlockedLimit      an exit reported {@code blocked} longer than this raises
 *                              {@code exit-blocked}; default 60 s (engineering default: people passing
 *                              an obstruction sensor or a door closing behind them clear it within
 *                              seconds; goods stacked in the way or a chained exit do not. Blocking an
 *                              exit or escape route is forbidden outright, Fire Protection Law of the
 *                              PRC art. 28, so the limit only filters passing traffic)
 * @param silentAfter           a device registered without {@code maxSilenceSeconds} whose last message
 *                              came over a protocol without connections (CoAP) and that has sent nothing
 *                              for this long raises {@code offline}; default 200 s: three of the edge
 *                              agent's 60 s heartbeats plus 20 s slack, so two heartbeats lost in a row
 *                              (a CON exchange given up after its retransmissions) do not raise it, a
 *                              third does
 */
public record AlarmRules(double pressureLowMpa, double pressureHighMpa, double pressureHysteresisMpa,
                         double pressureDropMpa, Duration pressureDropWindow, Duration doorHeldOpenLimit,
                         Duration offlineAfter, Duration exitBlockedLimit, Duration silentAfter) {

    public static final double DEFAULT_PRESSURE_LOW_MPA = 0.25;
    public static final double DEFAULT_PRESSURE_HIGH_MPA = 0.50;
    public static final double DEFAULT_PRESSURE_HYSTERESIS_MPA = 0.02;
    public static final double DEFAULT_PRESSURE_DROP_MPA = 0.10;
    public static final Duration DEFAULT_PRESSURE_DROP_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_DOOR_HELD_OPEN_LIMIT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_OFFLINE_AFTER = Duration.ofSeconds(100);
    public static final Duration DEFAULT_EXIT_BLOCKED_LIMIT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SILENT_AFTER = Duration.ofSeconds(3 * 60 + 20);

    public static final AlarmRules DEFAULTS = new AlarmRules(DEFAULT_PRESSURE_LOW_MPA, DEFAULT_PRESSURE_HIGH_MPA,
            DEFAULT_PRESSURE_HYSTERESIS_MPA, DEFAULT_PRESSURE_DROP_MPA, DEFAULT_PRESSURE_DROP_WINDOW,
            DEFAULT_DOOR_HELD_OPEN_LIMIT, DEFAULT_OFFLINE_AFTER, DEFAULT_EXIT_BLOCKED_LIMIT, DEFAULT_SILENT_AFTER);

    public AlarmRules {
        if (!(pressureLowMpa >= 0 && pressureLowMpa < pressureHighMpa)) {
            throw new IllegalArgumentException("pressure thresholds must satisfy 0 <= low < high");
        }
        if (!(pressureHysteresisMpa >= 0 && pressureHysteresisMpa < (pressureHighMpa - pressureLowMpa) / 2)) {
            throw new IllegalArgumentException("pressure hysteresis must be at least 0 and less than half the band");
        }
        if (!(pressureDropMpa > 0)) {
            throw new IllegalArgumentException("pressure drop must be positive");
        }
        requirePositive("pressure drop window", pressureDropWindow);
        requirePositive("door held-open limit", doorHeldOpenLimit);
        requirePositive("offline delay", offlineAfter);
        requirePositive("exit blocked limit", exitBlockedLimit);
        requirePositive("silence limit", silentAfter);
    }

    public AlarmRules withDoorHeldOpenLimit(Duration limit) {
        return new AlarmRules(pressureLowMpa, pressureHighMpa, pressureHysteresisMpa, pressureDropMpa, pressureDropWindow,
                limit, offlineAfter, exitBlockedLimit, silentAfter);
    }

    public AlarmRules withPressureBand(double lowMpa, double highMpa) {
        return new AlarmRules(lowMpa, highMpa, pressureHysteresisMpa, pressureDropMpa, pressureDropWindow,
                doorHeldOpenLimit, offlineAfter, exitBlockedLimit, silentAfter);
    }

    public AlarmRules withOfflineAfter(Duration after) {
        return new AlarmRules(pressureLowMpa, pressureHighMpa, pressureHysteresisMpa, pressureDropMpa, pressureDropWindow,
                doorHeldOpenLimit, after, exitBlockedLimit, silentAfter);
    }

    public AlarmRules withExitBlockedLimit(Duration limit) {
        return new AlarmRules(pressureLowMpa, pressureHighMpa, pressureHysteresisMpa, pressureDropMpa, pressureDropWindow,
                doorHeldOpenLimit, offlineAfter, limit, silentAfter);
    }

    public AlarmRules withSilentAfter(Duration after) {
        return new AlarmRules(pressureLowMpa, pressureHighMpa, pressureHysteresisMpa, pressureDropMpa, pressureDropWindow,
                doorHeldOpenLimit, offlineAfter, exitBlockedLimit, after);
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
