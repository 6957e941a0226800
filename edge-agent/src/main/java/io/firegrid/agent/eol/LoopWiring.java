package io.firegrid.agent.eol;

import io.firegrid.agent.sensor.Contact;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.settings.Setting;

/**
 * The resistors of a supervised loop and where its thresholds fall.
 *
 * <p>The loop is one arm of a divider: the pull-up runs from the Pi's 3V3 to the ADC input, the loop
 * from the ADC input to GND. The loop ends in the end-of-line resistor, so a healthy loop at rest reads
 * {@code supply × eol / (pullUp + eol)}. The contact switches the alarm resistor in: in parallel with
 * the end-of-line resistor for a normally open contact (a detector's alarm relay, a call point), in
 * series for a normally closed one (a door's reed contact, opened with the door). A cut wire reads the
 * supply, two wires touching read 0 V. docs/wiring.md draws it.
 *
 * <p>Thresholds are placed in resistance, where resistor tolerances multiply: between the two live
 * states at the geometric mean of their resistances (each state keeps the same relative margin,
 * ×1.41 with the defaults); a loop below a {@value #FAULT_RATIO}th of its lowest live resistance is
 * shorted, above {@value #FAULT_RATIO} times its highest is open. Each threshold is then turned into
 * volts through the divider.
 *
 * @param pullUpOhms      from 3V3 to the ADC input; default {@value #DEFAULT_PULL_UP_OHMS} Ω
 * @param eolOhms         at the far end of the loop; default {@value #DEFAULT_EOL_OHMS} Ω
 * @param alarmOhms       switched in by the contact; default {@value #DEFAULT_ALARM_OHMS} Ω
 * @param supplyVolts     the pull-up's supply, the Pi's 3V3 rail that also feeds the ADS1115;
 *                        {@value #SUPPLY_VOLTS} V
 * @param hysteresisVolts how far past a threshold a loop must go to change band; default
 *                        {@value #DEFAULT_HYSTERESIS_MV} mV
 */
public record LoopWiring(double pullUpOhms, double eolOhms, double alarmOhms, double supplyVolts,
        double hysteresisVolts) {

    /** Equal to the end-of-line resistor: a healthy loop at rest sits at half the supply, furthest from both faults. */
    public static final int DEFAULT_PULL_UP_OHMS = 4700;
    /** 4.7 kΩ, a common end-of-line value of conventional panels and intruder inputs. */
    public static final int DEFAULT_EOL_OHMS = 4700;
    /**
     * Equal to the end-of-line resistor (the "double end-of-line" of intruder panels): alarm and rest
     * then differ by a factor of 2 in resistance with either wiring, so a 5 % resistor is far inside its band.
     */
    public static final int DEFAULT_ALARM_OHMS = 4700;
    /** The Raspberry Pi's 3V3 rail. */
    public static final double SUPPLY_VOLTS = 3.3;
    /**
     * 50 mV: about 400 steps of the ADS1115 on its ±4.096 V range, far above its noise and a long
     * cable's hum, and a twentieth of the narrowest default band (1.0 V).
     */
    public static final int DEFAULT_HYSTERESIS_MV = 50;
    /** How far below the lowest, or above the highest, live resistance a loop counts as shorted or open. */
    public static final double FAULT_RATIO = 4.0;

    public static final Setting<Integer> PULL_UP = Setting.integer("FIREGRID_AGENT_EOL_PULLUP_OHMS",
            DEFAULT_PULL_UP_OHMS, 100, 1_000_000, "supervised loops: pull-up from 3V3 to the ADC input, ohms");
    public static final Setting<Integer> EOL = Setting.integer("FIREGRID_AGENT_EOL_RESISTOR_OHMS", DEFAULT_EOL_OHMS,
            100, 1_000_000, "supervised loops: end-of-line resistor at the far end, ohms");
    public static final Setting<Integer> ALARM = Setting.integer("FIREGRID_AGENT_EOL_ALARM_OHMS", DEFAULT_ALARM_OHMS,
            100, 1_000_000, "supervised loops: alarm resistor the contact switches in (NO: parallel, NC: series), ohms");
    public static final Setting<Integer> HYSTERESIS = Setting.integer("FIREGRID_AGENT_EOL_HYSTERESIS_MV",
            DEFAULT_HYSTERESIS_MV, 0, 500, "supervised loops: how far past a threshold a loop must go to change state, mV");

    public LoopWiring {
        for (double ohms : new double[] {pullUpOhms, eolOhms, alarmOhms}) {
            if (!(ohms > 0) || !Double.isFinite(ohms)) {
                throw FireGridException.badRequest("bad-resistor", "loop resistors should be more than 0 Ω, were pull-up "
                        + pullUpOhms + ", end-of-line " + eolOhms + ", alarm " + alarmOhms);
            }
        }
        if (!(supplyVolts > 0) || supplyVolts > 5.5) {
            throw FireGridException.badRequest("bad-supply", "loop supply should be above 0 and at most 5.5 V, was "
                    + supplyVolts);
        }
        if (!(hysteresisVolts >= 0)) {
            throw FireGridException.badRequest("bad-hysteresis", "loop hysteresis should be 0 or more, was " + hysteresisVolts);
        }
        for (Contact c : Contact.values()) {
            LoopBands b = bands(pullUpOhms, eolOhms, alarmOhms, supplyVolts, hysteresisVolts, c);
            double narrowest = Math.min(b.liveBoundary() - b.shortBelow(), b.openAbove() - b.liveBoundary());
            if (2 * hysteresisVolts >= narrowest) {
                throw FireGridException.badRequest("bad-hysteresis", String.format(java.util.Locale.ROOT,
                        "a loop hysteresis of %.0f mV leaves no room in the %.0f mV band these resistors give (%s): "
                                + "use at most %.0f mV", hysteresisVolts * 1000, narrowest * 1000, c,
                        Math.floor(narrowest * 1000 / 2) - 1));
            }
        }
    }

    /** 4.7 kΩ everywhere, 3.3 V, 50 mV hysteresis. */
    public static LoopWiring defaults() {
        return new LoopWiring(DEFAULT_PULL_UP_OHMS, DEFAULT_EOL_OHMS, DEFAULT_ALARM_OHMS, SUPPLY_VOLTS,
                DEFAULT_HYSTERESIS_MV / 1000.0);
    }

    /** What the ADC reads across a loop of {@code loopOhms}. */
    public double volts(double loopOhms) {
        return supplyVolts * loopOhms / (pullUpOhms + loopOhms);
    }

    /** The bands of a loop whose contact is wired {@code contact}. */
    public LoopBands bands(Contact contact) {
        return bands(pullUpOhms, eolOhms, alarmOhms, supplyVolts, hysteresisVolts, contact);
    }

    private static LoopBands bands(double pullUp, double eol, double alarm, double supply, double hysteresis,
            Contact contact) {
        double rest = eol;
        double active = contact == Contact.NO ? eol * alarm / (eol + alarm) : eol + alarm;
        double low = Math.min(rest, active);
        double high = Math.max(rest, active);
        return new LoopBands(
                contact == Contact.NO ? LoopState.ACTIVE : LoopState.NORMAL,
                contact == Contact.NO ? LoopState.NORMAL : LoopState.ACTIVE,
                divider(supply, pullUp, low / FAULT_RATIO),
                divider(supply, pullUp, Math.sqrt(low * high)),
                divider(supply, pullUp, high * FAULT_RATIO),
                hysteresis,
                divider(supply, pullUp, rest),
                divider(supply, pullUp, active),
                supply);
    }

    private static double divider(double supply, double pullUp, double loop) {
        return supply * loop / (pullUp + loop);
    }
}
