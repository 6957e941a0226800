package io.firegrid.agent.pressure;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.Objects;

/**
 * One hydrant pressure transmitter, read through a channel of an ADS1115 on I2C.
 *
 * @param sensor      the sensor id on the device, as registered with the gateway (e.g. {@code hydrant-1})
 * @param bus         the I2C bus ({@code /dev/i2c-N}); default {@value #DEFAULT_BUS}
 * @param address     the ADS1115's 7-bit address, 0x48 to 0x4B; default 0x48 ({@link Ads1115#DEFAULT_ADDRESS})
 * @param channel     the single-ended input AIN0 to AIN3 the shunt is on; default {@value #DEFAULT_CHANNEL}
 * @param transmitter shunt and pressure range; default {@link PressureTransmitter#defaults()}
 * @param period      how often the loop is read and a reading sent; default {@link #DEFAULT_PERIOD}
 */
public record PressureSpec(String sensor, int bus, int address, int channel, PressureTransmitter transmitter,
        Duration period) {

    /** I2C bus 1: header pins 3 (SDA) and 5 (SCL) on every 40-pin Raspberry Pi. */
    public static final int DEFAULT_BUS = 1;
    public static final int DEFAULT_CHANNEL = 0;
    /** 10 s: facility status must reach the monitoring centre within 10 s (GB 26875.1-2011 §4.1.3). */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

    public PressureSpec {
        if (!DeviceId.isValidId(sensor)) {
            throw FireGridException.badRequest("bad-id", "sensor id '" + sensor
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        if (bus < 0) {
            throw FireGridException.badRequest("bad-i2c-bus", "sensor " + sensor + ": I2C bus " + bus
                    + " should be 0 or more");
        }
        if (address < Ads1115.MIN_ADDRESS || address > Ads1115.MAX_ADDRESS) {
            throw FireGridException.badRequest("bad-i2c-address", "sensor " + sensor + ": I2C address "
                    + Ads1115.hex(address) + " is not an ADS1115's: use 0x48 (ADDR to GND), 0x49 (VDD), 0x4A (SDA) or 0x4B (SCL)");
        }
        if (channel < 0 || channel >= Ads1115.CHANNELS) {
            throw FireGridException.badRequest("bad-adc-channel", "sensor " + sensor + ": ADC channel " + channel
                    + " should be between 0 and " + (Ads1115.CHANNELS - 1));
        }
        Objects.requireNonNull(transmitter, "transmitter");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw FireGridException.badRequest("bad-period", "sensor " + sensor + ": period should be positive, was "
                    + period);
        }
    }

    /** A transmitter with the defaults above. */
    public static PressureSpec of(String sensor) {
        return new PressureSpec(sensor, DEFAULT_BUS, Ads1115.DEFAULT_ADDRESS, DEFAULT_CHANNEL,
                PressureTransmitter.defaults(), DEFAULT_PERIOD);
    }

    /** Where the transmitter is wired, for logs: {@code i2c-1/0x48/AIN0}. */
    public String where() {
        return "i2c-" + bus + "/" + Ads1115.hex(address) + "/AIN" + channel;
    }
}
