package io.firegrid.inventory;

/**
 * How a contact sensor wired as a supervised loop is read: an end-of-line resistor at the far end,
 * the contact switching an alarm resistor in, the loop read as a voltage on input {@code channel} of
 * the ADS1115 at {@code i2cAddress} (docs/wiring.md). Written under the sensor's {@code eol:}; values
 * left out are the defaults below, the edge agent's.
 *
 * @param channel      the ADS1115 input, 0 to 3 (AIN0 to AIN3)
 * @param i2cAddress   the ADS1115's address, 0x48 to 0x4B; default {@value #DEFAULT_I2C_ADDRESS} (ADDR to GND)
 * @param pullUpOhms   from the Pi's 3V3 to the input; default {@value #DEFAULT_OHMS} Ω
 * @param resistorOhms the end-of-line resistor; default {@value #DEFAULT_OHMS} Ω
 * @param alarmOhms    the resistor the contact switches in; default {@value #DEFAULT_OHMS} Ω
 */
public record EolLoop(int channel, int i2cAddress, int pullUpOhms, int resistorOhms, int alarmOhms) {

    /** The edge agent's default ADS1115 address for loops, and the hydrant transmitter's usual one. */
    public static final int DEFAULT_I2C_ADDRESS = 0x48;
    /** The edge agent's default for each resistor: 4.7 kΩ, a healthy loop at rest at half the supply. */
    public static final int DEFAULT_OHMS = 4700;
    /** The resistor values the edge agent takes. */
    public static final int MIN_OHMS = 100;
    public static final int MAX_OHMS = 1_000_000;
    /**
     * The least factor between a loop's resistance at rest and with its contact active: below it the
     * two states are too close to tell apart through 5 % resistors and a long cable.
     */
    public static final double MIN_STATE_RATIO = 1.5;

    /** A loop on {@code channel} of the ADS1115 at 0x48 with the default resistors. */
    public static EolLoop on(int channel) {
        return new EolLoop(channel, DEFAULT_I2C_ADDRESS, DEFAULT_OHMS, DEFAULT_OHMS, DEFAULT_OHMS);
    }

    /** The loop's resistance with the contact active: the alarm resistor in parallel (NO) or in series (NC). */
    public double activeOhms(Contact contact) {
        return contact == Contact.NC ? resistorOhms + (double) alarmOhms
                : resistorOhms * (double) alarmOhms / (resistorOhms + alarmOhms);
    }

    /** How far apart rest and active are, as a factor of resistance (2 with the defaults). */
    public double stateRatio(Contact contact) {
        double active = activeOhms(contact);
        return Math.max(active, resistorOhms) / Math.min(active, resistorOhms);
    }
}
