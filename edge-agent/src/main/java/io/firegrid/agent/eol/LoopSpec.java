package io.firegrid.agent.eol;

import io.firegrid.agent.pressure.Ads1115;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import io.firegrid.protocol.settings.Setting;
import java.time.Duration;
import java.util.Objects;

/**
 * One supervised contact: a detector, call point, door or exit loop ending in an end-of-line
 * resistor, read as a voltage on an input of an ADS1115 (the ADC the hydrant transmitter uses; one
 * chip can serve both, on different inputs).
 *
 * @param sensor  the sensor id on the device, as registered with the gateway (e.g. {@code smoke-2})
 * @param kind    {@link Kind#SMOKE}, {@link Kind#CALL_POINT}, {@link Kind#DOOR} or {@link Kind#EXIT}
 * @param bus     the I2C bus ({@code /dev/i2c-N}); default {@value #DEFAULT_BUS}
 * @param address the ADS1115's 7-bit address, 0x48 to 0x4B; default 0x48
 * @param channel the single-ended input AIN0 to AIN3 the loop is on
 * @param contact {@link Contact#NO}: the contact closes on alarm and puts the alarm resistor in
 *                parallel; {@link Contact#NC}: it opens on alarm (a door opening) and puts it in series
 * @param wiring  the loop's resistors and thresholds
 * @param period  how often the loop is read; default {@link #DEFAULT_PERIOD}
 */
public record LoopSpec(String sensor, Kind kind, int bus, int address, int channel, Contact contact, LoopWiring wiring,
        Duration period) {

    /** I2C bus 1: header pins 3 (SDA) and 5 (SCL) on every 40-pin Raspberry Pi. */
    public static final int DEFAULT_BUS = 1;
    /**
     * 200 ms: with the 50 ms debounce an alarm is reported within about 0.4 s, far inside the 10 s of
     * GB 26875.1-2011 §4.1.2, for one 1.2 ms conversion five times a second.
     */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(200);

    public static final Setting<String> LOOPS = Setting.string("FIREGRID_AGENT_EOL_LOOPS", null, "none",
            "contacts wired with an end-of-line resistor, read on ADS1115 inputs, comma-separated id:kind:AIN[:NO|NC] "
                    + "with kind smoke, call-point, door or exit, e.g. smoke-2:smoke:1,door-2:door:2:NC; an entry may end "
                    + "in its own :addr=0x49, :pullup=, :eol= or :alarm=OHMS (docs/wiring.md)");
    public static final Setting<Integer> I2C_BUS = Setting.atLeast("FIREGRID_AGENT_EOL_I2C_BUS", DEFAULT_BUS, 0,
            "supervised loops: I2C bus /dev/i2c-N");
    public static final Setting<Integer> I2C_ADDRESS = Setting.integer("FIREGRID_AGENT_EOL_I2C_ADDRESS",
            Ads1115.DEFAULT_ADDRESS, Ads1115.MIN_ADDRESS, Ads1115.MAX_ADDRESS,
            "supervised loops: ADS1115 address, 0x48 to 0x4B (may be the pressure transmitter's, on other inputs)")
            .describedDefault("0x48");
    public static final Setting<Duration> PERIOD = Setting.millis("FIREGRID_AGENT_EOL_PERIOD_MS",
            DEFAULT_PERIOD.toMillis(), 20, 5_000, "supervised loops: milliseconds between reads of each loop");

    public LoopSpec {
        if (!DeviceId.isValidId(sensor)) {
            throw FireGridException.badRequest("bad-id", "sensor id '" + sensor
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        if (kind != Kind.SMOKE && kind != Kind.CALL_POINT && kind != Kind.DOOR && kind != Kind.EXIT) {
            throw FireGridException.badRequest("bad-kind", "sensor " + sensor + " is a " + kind
                    + ": only smoke, call-point, door and exit sensors are read as supervised loops");
        }
        if (bus < 0) {
            throw FireGridException.badRequest("bad-i2c-bus", "sensor " + sensor + ": I2C bus " + bus + " should be 0 or more");
        }
        if (address < Ads1115.MIN_ADDRESS || address > Ads1115.MAX_ADDRESS) {
            throw FireGridException.badRequest("bad-i2c-address", "sensor " + sensor + ": I2C address 0x"
                    + Integer.toHexString(address).toUpperCase(java.util.Locale.ROOT)
                    + " is not an ADS1115's: use 0x48 (ADDR to GND), 0x49 (VDD), 0x4A (SDA) or 0x4B (SCL)");
        }
        if (channel < 0 || channel >= Ads1115.CHANNELS) {
            throw FireGridException.badRequest("bad-adc-channel", "sensor " + sensor + ": ADC channel " + channel
                    + " should be between 0 and " + (Ads1115.CHANNELS - 1));
        }
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(wiring, "wiring");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw FireGridException.badRequest("bad-period", "sensor " + sensor + ": period should be positive, was " + period);
        }
    }

    /** A loop on input {@code channel} of the ADS1115 at 0x48 on bus 1, default wiring and period. */
    public static LoopSpec of(String sensor, Kind kind, int channel, Contact contact) {
        return new LoopSpec(sensor, kind, DEFAULT_BUS, Ads1115.DEFAULT_ADDRESS, channel, contact, LoopWiring.defaults(),
                DEFAULT_PERIOD);
    }

    /** This loop's thresholds. */
    public LoopBands bands() {
        return wiring.bands(contact);
    }

    /** The state the gateway hears for a loop in {@code loop}: {@code fault} for a fault, else as a contact reports it. */
    public State stateFor(LoopState loop) {
        if (loop.isFault()) {
            return State.FAULT;
        }
        boolean active = loop == LoopState.ACTIVE;
        return switch (kind) {
            case SMOKE, CALL_POINT -> active ? State.ALARM : State.NORMAL;
            case EXIT -> active ? State.BLOCKED : State.CLEAR;
            default -> active ? State.OPEN : State.CLOSED;
        };
    }

    /** Where the loop is wired, for logs, in the form pressure transmitters use: {@code i2c-1/0x48/AIN1}. */
    public String where() {
        return "i2c-" + bus + "/" + String.format(java.util.Locale.ROOT, "0x%02X", address) + "/AIN" + channel;
    }

    /** The same loop read every {@code period}. */
    public LoopSpec withPeriod(Duration period) {
        return new LoopSpec(sensor, kind, bus, address, channel, contact, wiring, period);
    }
}
