package io.firegrid.agent.pressure;

import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;

/**
 * Drives the loop current a pressure sensor reads on Pi4J's mock platform, for tests and the
 * demo simulator.
 *
 * <p>Pi4J's mock I2C register is a byte queue: what is written is what the next read returns,
 * and a read consumes it. Holding a current therefore replaces the conversion register's queue
 * with the matching conversion result, repeated for {@value #HELD_READS} reads. The config words
 * the driver writes pile up in the mock's config register unread. Both happen under Pi4J's lock
 * of the device, so a hold never interleaves with a conversion.
 */
public final class MockTransmitter {

    /** At the default 10 s period, a held current lasts more than a day of reads. */
    static final int HELD_READS = 10_000;

    private final PressureSpec spec;
    private final I2C chip;

    private MockTransmitter(PressureSpec spec, I2C chip) {
        this.spec = spec;
        this.chip = chip;
    }

    /**
     * Wraps {@code sensor}'s ADC.
     *
     * @throws IllegalStateException if the sensor's ADC is on a real I2C bus
     */
    public static MockTransmitter of(PressureSensor sensor) {
        I2C chip = sensor.adc().i2c();
        if (!(chip instanceof MockI2C)) {
            throw new IllegalStateException("sensor " + sensor.spec().sensor() + " is on a real I2C bus ("
                    + chip.getClass().getSimpleName() + "), not on the mock platform");
        }
        return new MockTransmitter(sensor.spec(), chip);
    }

    /** Holds the loop at {@code milliamps}, as the ADC would measure it across the shunt (0 = broken wire). */
    public MockTransmitter milliamps(double milliamps) {
        PressureTransmitter t = spec.transmitter();
        return raw(t.gain().raw(t.volts(milliamps)));
    }

    /** Holds the loop at the current that reads {@code mpa} on the transmitter's range. */
    public MockTransmitter mpa(double mpa) {
        PressureTransmitter t = spec.transmitter();
        return milliamps(4.0 + (mpa - t.rangeMinMpa()) / (t.rangeMaxMpa() - t.rangeMinMpa()) * 16.0);
    }

    /** Holds the ADC's conversion register at {@code raw} (-32768 to 32767). */
    public MockTransmitter raw(int raw) {
        byte[] held = new byte[2 * HELD_READS];
        for (int i = 0; i < held.length; i += 2) {
            held[i] = (byte) (raw >> 8);
            held[i + 1] = (byte) raw;
        }
        chip.execute(() -> {
            byte[] drain = new byte[held.length];
            while (chip.readRegister(Ads1115.CONVERSION_REGISTER, drain, 0, drain.length) > 0) {
                // emptied: the old level must not be read after the new one is held
            }
            return chip.writeRegister(Ads1115.CONVERSION_REGISTER, held);
        });
        return this;
    }

    /** Empties the conversion register, as an ADC that stops answering: the next read fails. */
    public MockTransmitter silence() {
        chip.execute(() -> {
            byte[] drain = new byte[2 * HELD_READS];
            while (chip.readRegister(Ads1115.CONVERSION_REGISTER, drain, 0, drain.length) > 0) {
                // emptied
            }
            return null;
        });
        return this;
    }
}
