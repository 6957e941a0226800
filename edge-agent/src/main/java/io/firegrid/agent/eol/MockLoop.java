package io.firegrid.agent.eol;

import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import io.firegrid.agent.pressure.Ads1115;

/**
 * Drives the voltage a supervised loop reads on Pi4J's mock platform, for tests, the demo and an
 * installer's rehearsal: a detector in alarm, a cut wire, a short, a mended loop.
 *
 * <p>Pi4J's mock I2C register is a byte queue that a read consumes, so holding a voltage fills the
 * ADS1115's conversion register with {@value #HELD_READS} copies of its conversion result: about
 * 5.5 hours of reads at the default 200 ms period, after which the loop reads as an ADC that does
 * not answer (a fault) until the next hold. Each hold also empties the config register, where the
 * driver's config words would otherwise pile up.
 */
public final class MockLoop {

    static final int HELD_READS = 100_000;
    /** The ADS1115's conversion and config registers (datasheet table 8). */
    private static final int CONVERSION_REGISTER = 0x00;
    private static final int CONFIG_REGISTER = 0x01;

    private final LoopSpec spec;
    private final I2C chip;

    private MockLoop(LoopSpec spec, I2C chip) {
        this.spec = spec;
        this.chip = chip;
    }

    /**
     * Wraps {@code loop}'s ADC.
     *
     * @throws IllegalStateException if the loop's ADC is on a real I2C bus
     */
    public static MockLoop of(SupervisedContact loop) {
        I2C chip = loop.adc().i2c();
        if (!(chip instanceof MockI2C)) {
            throw new IllegalStateException("sensor " + loop.spec().sensor() + " is on a real I2C bus ("
                    + chip.getClass().getSimpleName() + "), not on the mock platform");
        }
        return new MockLoop(loop.spec(), chip);
    }

    /** The detector quiet, the door closed: the end-of-line resistor alone. */
    public MockLoop normal() {
        return state(LoopState.NORMAL);
    }

    /** The contact active (detector in alarm, door open): the alarm resistor switched in. */
    public MockLoop active() {
        return state(LoopState.ACTIVE);
    }

    /** The contact active or at rest. */
    public MockLoop set(boolean active) {
        return active ? active() : normal();
    }

    /** A cut wire: the pull-up alone, the supply voltage. */
    public MockLoop cut() {
        return state(LoopState.OPEN_CIRCUIT);
    }

    /** The two wires touching: 0 V. */
    public MockLoop shorted() {
        return state(LoopState.SHORT_CIRCUIT);
    }

    /** What a healthy or faulty loop reads in {@code state}, nominally. */
    public MockLoop state(LoopState state) {
        return volts(spec.bands().nominalVolts(state));
    }

    /** Holds the ADC input at {@code volts}. */
    public MockLoop volts(double volts) {
        int raw = Ads1115.Gain.covering(spec.wiring().supplyVolts()).raw(volts);
        byte[] held = new byte[2 * HELD_READS];
        for (int i = 0; i < held.length; i += 2) {
            held[i] = (byte) (raw >> 8);
            held[i + 1] = (byte) raw;
        }
        chip.execute(() -> {
            drain(CONFIG_REGISTER);
            drain(CONVERSION_REGISTER);
            return chip.writeRegister(CONVERSION_REGISTER, held);
        });
        return this;
    }

    /** Empties the conversion register, as an ADC that stops answering: the next read fails. */
    public MockLoop silence() {
        chip.execute(() -> {
            drain(CONVERSION_REGISTER);
            return null;
        });
        return this;
    }

    public LoopSpec spec() {
        return spec;
    }

    private void drain(int register) {
        byte[] drain = new byte[2 * HELD_READS];
        while (chip.readRegister(register, drain, 0, drain.length) > 0) {
            // emptied: an old level must not be read after the new one is held
        }
    }
}
