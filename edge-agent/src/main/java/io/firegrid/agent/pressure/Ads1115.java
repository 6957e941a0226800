package io.firegrid.agent.pressure;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Register-level driver of a Texas Instruments ADS1115 16-bit ADC on one Pi4J {@link I2C} device.
 *
 * <p>Each {@link #readVolts} is one single-shot conversion: the config register (0x01) is written
 * big-endian with OS = start, the channel's single-ended MUX, the gain, MODE = single-shot, the
 * data rate and the comparator disabled (COMP_QUE = 11); the driver then waits the conversion
 * time and reads the conversion register (0x00) as a signed big-endian 16-bit value, which is
 * {@code raw × full scale / 32768} volts.
 *
 * <p>The driver waits rather than polling the config register's OS bit: one write and one read
 * per conversion, and a few milliseconds of sleep every few seconds cost nothing. The whole
 * write-wait-read runs under Pi4J's lock of the device, so two sensors sharing one ADC never
 * interleave their conversions.
 *
 * <p>Thread model: any thread; calls on one device are serialised by that lock.
 */
public final class Ads1115 {

    /** ADDR pin tied to GND; 0x49 (VDD), 0x4A (SDA) and 0x4B (SCL) are the others. */
    public static final int DEFAULT_ADDRESS = 0x48;
    public static final int MIN_ADDRESS = 0x48;
    public static final int MAX_ADDRESS = 0x4B;
    /** Four single-ended inputs, AIN0 to AIN3. */
    public static final int CHANNELS = 4;

    static final int CONVERSION_REGISTER = 0x00;
    static final int CONFIG_REGISTER = 0x01;

    private static final int OS_START = 1 << 15;
    private static final int MUX_SINGLE_ENDED_AIN0 = 0b100;
    private static final int MODE_SINGLE_SHOT = 1 << 8;
    /** COMP_MODE, COMP_POL, COMP_LAT at their defaults; COMP_QUE = 11 disables the comparator and ALERT/RDY. */
    private static final int COMPARATOR_DISABLED = 0b11;
    /** The datasheet allows the internal oscillator 10 % off its nominal data rate. */
    private static final double RATE_TOLERANCE = 1.10;
    /** Wake-up from power-down before a single-shot conversion starts (datasheet: about 25 µs). */
    private static final long WAKE_UP_NANOS = 50_000;

    private final I2C i2c;
    private final DataRate rate;

    /** Wraps an I2C device opened by the caller; the caller (or its Pi4J context) closes it. */
    public Ads1115(I2C i2c, DataRate rate) {
        this.i2c = i2c;
        this.rate = rate;
    }

    /**
     * Opens the ADC at {@code address} on I2C {@code bus} in {@code pi4j}, with I/O id {@code id}.
     * Nothing is sent to the chip until the first conversion.
     */
    public static Ads1115 open(Context pi4j, String id, int bus, int address, DataRate rate) {
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j)
                .id(id)
                .name("ADS1115 " + hex(address) + " on I2C bus " + bus)
                .bus(bus)
                .device(address)
                .build());
        return new Ads1115(i2c, rate);
    }

    /** The config word that starts one single-shot conversion of {@code channel} (0 to 3) at {@code gain} and {@code rate}. */
    public static int configWord(int channel, Gain gain, DataRate rate) {
        requireChannel(channel);
        return OS_START
                | (MUX_SINGLE_ENDED_AIN0 + channel) << 12
                | gain.bits() << 9
                | MODE_SINGLE_SHOT
                | rate.bits() << 5
                | COMPARATOR_DISABLED;
    }

    /**
     * Converts {@code channel} once and returns the signed raw value, -32768 to 32767.
     *
     * @throws IOException if the chip cannot be written or answers with fewer than two bytes
     */
    public int readRaw(int channel, Gain gain) throws IOException {
        int config = configWord(channel, gain, rate);
        try {
            return i2c.execute(() -> convert(config));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("ADS1115 " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Converts {@code channel} once and returns volts at its input against GND.
     *
     * @throws IOException if the chip cannot be written or answers with fewer than two bytes
     */
    public double readVolts(int channel, Gain gain) throws IOException {
        return gain.volts(readRaw(channel, gain));
    }

    public DataRate rate() {
        return rate;
    }

    /** The Pi4J device, a {@code MockI2C} on the mock platform. */
    public I2C i2c() {
        return i2c;
    }

    private int convert(int config) throws IOException, InterruptedException {
        i2c.writeRegister(CONFIG_REGISTER, new byte[] {(byte) (config >> 8), (byte) config});
        TimeUnit.NANOSECONDS.sleep(rate.conversionNanos());
        byte[] word = new byte[2];
        int read = i2c.readRegister(CONVERSION_REGISTER, word, 0, 2);
        if (read != 2) {
            throw new IOException("ADS1115 " + describe() + ": conversion register returned " + Math.max(read, 0)
                    + " of 2 bytes");
        }
        return (short) ((word[0] & 0xff) << 8 | (word[1] & 0xff));
    }

    private String describe() {
        return "[bus: " + i2c.bus() + ", address: " + hex(i2c.device()) + "]";
    }

    static String hex(int address) {
        return String.format(Locale.ROOT, "0x%02X", address);
    }

    static void requireChannel(int channel) {
        if (channel < 0 || channel >= CHANNELS) {
            throw new IllegalArgumentException("ADS1115 channel " + channel + " should be between 0 and " + (CHANNELS - 1));
        }
    }

    /** The programmable gain amplifier's full-scale range (PGA bits 11:9). */
    public enum Gain {
        FS_6_144V(0b000, 6.144),
        FS_4_096V(0b001, 4.096),
        /** The chip's power-on default. */
        FS_2_048V(0b010, 2.048),
        FS_1_024V(0b011, 1.024),
        FS_0_512V(0b100, 0.512),
        FS_0_256V(0b101, 0.256);

        private final int bits;
        private final double fullScale;

        Gain(int bits, double fullScale) {
            this.bits = bits;
            this.fullScale = fullScale;
        }

        int bits() {
            return bits;
        }

        /** Volts at raw value 32768 (one LSB past the largest reading). */
        public double fullScaleVolts() {
            return fullScale;
        }

        /** Volts of a raw conversion result. */
        public double volts(int raw) {
            return raw * fullScale / 32768.0;
        }

        /** The raw result the chip would give for {@code volts}, clipped to the 16-bit range. */
        public int raw(double volts) {
            return (int) Math.max(-32768, Math.min(32767, Math.round(volts * 32768.0 / fullScale)));
        }

        /**
         * The most sensitive gain that still measures {@code volts}.
         *
         * @throws IllegalArgumentException above 6.144 V
         */
        public static Gain covering(double volts) {
            for (int i = values().length - 1; i >= 0; i--) {
                if (values()[i].fullScale >= volts) {
                    return values()[i];
                }
            }
            throw new IllegalArgumentException(volts + " V is beyond the ADS1115's largest range of ±6.144 V");
        }
    }

    /** Samples per second (DR bits 7:5); a single-shot conversion takes one sample period. */
    public enum DataRate {
        SPS_8(0b000, 8),
        SPS_16(0b001, 16),
        SPS_32(0b010, 32),
        SPS_64(0b011, 64),
        /** The chip's power-on default: 7.8 ms per conversion. */
        SPS_128(0b100, 128),
        SPS_250(0b101, 250),
        SPS_475(0b110, 475),
        SPS_860(0b111, 860);

        private final int bits;
        private final int samplesPerSecond;

        DataRate(int bits, int samplesPerSecond) {
            this.bits = bits;
            this.samplesPerSecond = samplesPerSecond;
        }

        int bits() {
            return bits;
        }

        public int samplesPerSecond() {
            return samplesPerSecond;
        }

        /** How long the driver waits for one conversion: a sample period with the oscillator's tolerance, plus wake-up. */
        long conversionNanos() {
            return (long) Math.ceil(RATE_TOLERANCE * 1e9 / samplesPerSecond) + WAKE_UP_NANOS;
        }
    }
}
