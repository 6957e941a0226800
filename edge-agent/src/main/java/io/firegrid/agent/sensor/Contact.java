package io.firegrid.agent.sensor;

import com.pi4j.io.gpio.digital.DigitalState;
import io.firegrid.protocol.FireGridException;
import java.util.Locale;

/**
 * How a dry contact is wired, which decides what a pin level means.
 *
 * <p>Both kinds are wired between 3V3 and the GPIO pin, with the pin's pull-down enabled, so a
 * closed contact reads {@code HIGH}:
 * <ul>
 *   <li>{@link #NO} (normally open): the contact closes on alarm or when the door opens, so
 *       {@code HIGH} means active;</li>
 *   <li>{@link #NC} (normally closed): the contact opens on alarm or when the door opens, so
 *       {@code LOW} means active. A cut wire then reads as an alarm, which is why fire panels prefer it.</li>
 * </ul>
 */
public enum Contact {
    NO,
    NC;

    /** True if {@code level} means alarm (smoke) or open (door) for this wiring. */
    public boolean isActive(DigitalState level) {
        return (level == DigitalState.HIGH) == (this == NO);
    }

    /** The pin level that means active for this wiring. */
    public DigitalState activeLevel() {
        return this == NO ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** The pin level that means inactive (normal, closed) for this wiring. */
    public DigitalState inactiveLevel() {
        return this == NO ? DigitalState.LOW : DigitalState.HIGH;
    }

    /**
     * Parses {@code NO} or {@code NC}, ignoring case.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-contact} for anything else
     */
    public static Contact parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "NO" -> NO;
            case "NC" -> NC;
            default -> throw FireGridException.badRequest("bad-contact",
                    "contact type '" + value + "' is unknown: use NO (normally open) or NC (normally closed)");
        };
    }
}
