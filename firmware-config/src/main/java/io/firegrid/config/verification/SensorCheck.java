package io.firegrid.config.verification;

import io.firegrid.inventory.Sensor;
import java.util.Locale;

/**
 * Whether one sensor's last value at the gateway is what a freshly installed, healthy sensor at
 * rest reports: a smoke detector and a manual call point {@code normal}, an exit {@code clear}, a
 * door {@code closed}, a hydrant pressure reading (a number, not {@code fault}) within the
 * sensor's limits, by default {@value #DEFAULT_LOW_MPA}-{@value #DEFAULT_HIGH_MPA} MPa as the
 * gateway's alarms use (GB 50974-2014 §7.4.12). Every verdict says what was seen and what was
 * expected; a failing one says what to check.
 */
public final class SensorCheck {

    public static final double DEFAULT_LOW_MPA = 0.25;
    public static final double DEFAULT_HIGH_MPA = 0.50;

    /**
     * The outcome for one sensor; {@code settled} is false while waiting may still change it (a
     * detector being reset, a door being shut, a main still filling).
     */
    public record Verdict(boolean pass, boolean settled, String text) {
    }

    private SensorCheck() {
    }

    public static Verdict check(Sensor s, String value) {
        if (value == null) {
            return new Verdict(false, false, "nothing reported yet: check the wiring to " + where(s)
                    + " and the agent's log (journalctl -u firegrid-agent)");
        }
        return switch (s.kind()) {
            case SMOKE -> contact(s, value, "normal", switch (value) {
                case "alarm" -> "in alarm: is the test button held or the head dusty? reset the detector";
                default -> "check the detector's wiring and its contact type";
            });
            case CALL_POINT -> contact(s, value, "normal", switch (value) {
                case "alarm" -> "pressed: reset the call point with its key (or refit its glass)";
                default -> "check the call point's wiring and its contact type";
            });
            case EXIT -> contact(s, value, "clear", switch (value) {
                case "blocked" -> "clear the escape route (or unlock the exit door), then check the sensor's contact type";
                default -> "check the exit sensor's wiring and its contact type";
            });
            case DOOR -> contact(s, value, "closed", switch (value) {
                case "open" -> "shut the door (a fire door stands closed); if it is shut, check the reed contact's type";
                default -> "check the reed contact's wiring";
            });
            case PRESSURE -> pressure(s, value);
            default -> new Verdict(false, true, "saw " + value + ": a " + s.kind().wireName()
                    + " sensor is not one an inventory lists; remove it from the inventory");
        };
    }

    private static Verdict contact(Sensor s, String value, String expected, String hint) {
        if (value.equals(expected)) {
            return new Verdict(true, true, "saw " + value + ", expected " + expected);
        }
        return new Verdict(false, false, "saw " + value + ", expected " + expected + ": " + hint + " (wired "
                + s.contact() + " on " + where(s) + ")");
    }

    private static String where(Sensor s) {
        return s.gpio() != null ? "GPIO " + s.gpio() : "the ADS1115";
    }

    private static Verdict pressure(Sensor s, String value) {
        double low = s.limits().pressureLowMpa() != null ? s.limits().pressureLowMpa() : DEFAULT_LOW_MPA;
        double high = s.limits().pressureHighMpa() != null ? s.limits().pressureHighMpa() : DEFAULT_HIGH_MPA;
        String expected = ", expected " + low + "-" + high + " MPa";
        if (value.equals("fault")) {
            return new Verdict(false, false, "saw FAULT" + expected + ": loop current outside 3.6-21 mA or no answer from "
                    + "the ADS1115; check the transmitter's supply, the shunt and I2C address");
        }
        double mpa;
        try {
            mpa = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return new Verdict(false, false, "saw " + value + expected + ": no reading yet, the agent reads every 10 s");
        }
        String v = "saw " + String.format(Locale.ROOT, "%.3f MPa", mpa) + expected;
        if (mpa < low) {
            return new Verdict(false, false, v + ": below the band; is the valve open, the main charged?");
        }
        if (mpa > high) {
            return new Verdict(false, false, v + ": above the band; check the pressure reducer and the transmitter's "
                    + "range (rangeMpa)");
        }
        return new Verdict(true, true, v);
    }
}
