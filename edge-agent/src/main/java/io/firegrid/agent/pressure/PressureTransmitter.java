package io.firegrid.agent.pressure;

import io.firegrid.protocol.FireGridException;

/**
 * Scales a 4-20 mA pressure transmitter's loop current to MPa and tells a wire or sensor fault
 * from a pressure, as NAMUR NE 43 draws the line: below {@value #FAULT_BELOW_MA} mA or above
 * {@value #FAULT_ABOVE_MA} mA is a fault; anything from 3.6 to 21 mA inclusive is a pressure,
 * {@code min + (mA - 4) / 16 × (max - min)}, so the slight under- and over-range a transmitter
 * drives near its limits reads just outside the range rather than as a fault.
 *
 * <p>The current is measured as the voltage across a shunt resistor in the loop.
 *
 * @param shuntOhms   the shunt resistor; default {@value #DEFAULT_SHUNT_OHMS} Ω, which turns 4-20 mA into 0.6-3.0 V
 * @param rangeMinMpa the pressure at 4 mA; default {@value #DEFAULT_RANGE_MIN_MPA} MPa
 * @param rangeMaxMpa the pressure at 20 mA; default {@value #DEFAULT_RANGE_MAX_MPA} MPa
 */
public record PressureTransmitter(double shuntOhms, double rangeMinMpa, double rangeMaxMpa) {

    /** NAMUR NE 43: below this the loop is open or the transmitter reports a failure. */
    public static final double FAULT_BELOW_MA = 3.6;
    /** NAMUR NE 43: above this the loop is shorted or the transmitter reports a failure. */
    public static final double FAULT_ABOVE_MA = 21.0;
    /** 150 Ω: 0.6-3.0 V for 4-20 mA, 3.6 V at 24 mA, all within a 3.3 V-supplied ADS1115 on its ±4.096 V range. */
    public static final double DEFAULT_SHUNT_OHMS = 150.0;
    public static final double DEFAULT_RANGE_MIN_MPA = 0.0;
    /** 1.6 MPa, a common hydrant-line transmitter range covering GB 50974's 0.7 MPa limit with margin. */
    public static final double DEFAULT_RANGE_MAX_MPA = 1.6;
    /** Highest loop current the ADC range is chosen for: transmitters drive up to about 22-24 mA when failed high. */
    static final double HIGHEST_MEASURED_MA = 24.0;

    public PressureTransmitter {
        if (!(shuntOhms > 0) || !Double.isFinite(shuntOhms)) {
            throw FireGridException.badRequest("bad-shunt", "shunt resistor should be more than 0 Ω, was " + shuntOhms);
        }
        if (!Double.isFinite(rangeMinMpa) || !Double.isFinite(rangeMaxMpa) || !(rangeMaxMpa > rangeMinMpa)) {
            throw FireGridException.badRequest("bad-range", "pressure range " + rangeMinMpa + ".." + rangeMaxMpa
                    + " MPa should rise from its minimum to its maximum");
        }
        if (HIGHEST_MEASURED_MA / 1000 * shuntOhms > Ads1115.Gain.FS_6_144V.fullScaleVolts()) {
            throw FireGridException.badRequest("bad-shunt", "a " + shuntOhms + " Ω shunt puts " + HIGHEST_MEASURED_MA
                    + " mA beyond the ADS1115's ±6.144 V range: use at most 256 Ω");
        }
    }

    /** 150 Ω, 0 to 1.6 MPa. */
    public static PressureTransmitter defaults() {
        return new PressureTransmitter(DEFAULT_SHUNT_OHMS, DEFAULT_RANGE_MIN_MPA, DEFAULT_RANGE_MAX_MPA);
    }

    /** The loop current, in mA rounded to 1 µA (finer than the ADC resolves), for {@code volts} across the shunt. */
    public double milliamps(double volts) {
        return Math.round(volts / shuntOhms * 1e6) / 1000.0;
    }

    /** The voltage across the shunt at {@code milliamps}. */
    public double volts(double milliamps) {
        return milliamps / 1000 * shuntOhms;
    }

    /** The most sensitive ADC gain that still measures {@value #HIGHEST_MEASURED_MA} mA across the shunt. */
    public Ads1115.Gain gain() {
        return Ads1115.Gain.covering(volts(HIGHEST_MEASURED_MA));
    }

    /** The pressure for {@code volts} measured across the shunt, or a fault. */
    public LoopReading fromVolts(double volts) {
        return fromMilliamps(milliamps(volts));
    }

    /** The pressure, in MPa rounded to 0.1 kPa, for a loop current; or a fault outside 3.6 to 21 mA. */
    public LoopReading fromMilliamps(double milliamps) {
        if (!(milliamps >= FAULT_BELOW_MA) || milliamps > FAULT_ABOVE_MA) {
            return new LoopReading.Fault(milliamps);
        }
        double mpa = rangeMinMpa + (milliamps - 4.0) / 16.0 * (rangeMaxMpa - rangeMinMpa);
        return new LoopReading.Pressure(Math.round(mpa * 1e4) / 1e4, milliamps);
    }
}
