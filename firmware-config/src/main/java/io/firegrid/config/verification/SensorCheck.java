package io.firegrid.config.verification;

import io.firegrid.inventory.Sensor;
import java.util.Locale;

/**
 * Whether one sensor's last value at the gateway is what a freshly installed, healthy sensor
 * reports: a smoke detector {@code normal}; a door {@code open} or {@code closed}; a hydrant
 * pressure reading (a number, not {@code fault}) within the sensor's limits, by default
 * {@value #DEFAULT_LOW_MPA}-{@value #DEFAULT_HIGH_MPA} MPa as the gateway's alarms use
 * (GB 50974-2014 §7.4.12). Anything else fails, with what to check.
 */
public final class SensorCheck {

    public static final double DEFAULT_LOW_MPA = 0.25;
    public static final double DEFAULT_HIGH_MPA = 0.50;

    /** The outcome for one sensor; {@code settled} is false while waiting may still change it. */
    public record Verdict(boolean pass, boolean settled, String text) {
    }

    private SensorCheck() {
    }

    public static Verdict check(Sensor s, String value) {
        if (value == null) {
            return new Verdict(false, false, "nothing reported yet: check the wiring to "
                    + (s.gpio() != null ? "GPIO " + s.gpio() : "the ADS1115") + " and the agent's log (journalctl -u firegrid-agent)");
        }
        return switch (s.kind()) {
            case SMOKE -> switch (value) {
                case "normal" -> new Verdict(true, true, "normal");
                case "alarm" -> new Verdict(false, false, "in ALARM: is the test button held or the head dusty? "
                        + "reset the detector (wired " + s.contact() + " on GPIO " + s.gpio() + ")");
                default -> new Verdict(false, false, value + ": check the detector's wiring and its contact type ("
                        + s.contact() + ")");
            };
            case DOOR -> switch (value) {
                case "open", "closed" -> new Verdict(true, true, value);
                default -> new Verdict(false, false, value + ": check the reed contact's wiring (GPIO " + s.gpio() + ")");
            };
            case PRESSURE -> pressure(s, value);
            default -> new Verdict(false, true, "kind " + s.kind().wireName() + " is not checked by verify");
        };
    }

    private static Verdict pressure(Sensor s, String value) {
        double low = s.limits().pressureLowMpa() != null ? s.limits().pressureLowMpa() : DEFAULT_LOW_MPA;
        double high = s.limits().pressureHighMpa() != null ? s.limits().pressureHighMpa() : DEFAULT_HIGH_MPA;
        if (value.equals("fault")) {
            return new Verdict(false, false, "FAULT: loop current outside 3.6-21 mA or no answer from the ADS1115; "
                    + "check the transmitter's supply, the shunt and I2C address");
        }
        double mpa;
        try {
            mpa = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return new Verdict(false, false, "no reading yet (" + value + "): the agent reads every 10 s");
        }
        String v = String.format(Locale.ROOT, "%.3f MPa", mpa);
        if (mpa < low) {
            return new Verdict(false, false, v + " is below " + low + " MPa: is the valve open, the main charged?");
        }
        if (mpa > high) {
            return new Verdict(false, false, v + " is above " + high + " MPa: check the pressure reducer and the "
                    + "transmitter's range (rangeMpa)");
        }
        return new Verdict(true, true, v + " (" + low + "-" + high + ")");
    }
}
