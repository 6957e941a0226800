package io.firegrid.agent.pressure;

/** What one read of a 4-20 mA pressure transmitter yields: a pressure, or a loop fault. */
public sealed interface LoopReading {

    /** The loop current measured, in mA, rounded to 1 µA. */
    double milliamps();

    /** A loop current within NAMUR NE 43's measuring band, scaled to the transmitter's range. */
    record Pressure(double mpa, double milliamps) implements LoopReading {
    }

    /**
     * A loop current outside 3.6 to 21 mA: a broken or shorted wire, or a transmitter signalling
     * its own failure. It says nothing about the pressure.
     */
    record Fault(double milliamps) implements LoopReading {

        /** Below 3.6 mA: typically an open loop (broken wire, no supply). */
        public boolean isLow() {
            return milliamps < PressureTransmitter.FAULT_BELOW_MA;
        }
    }
}
