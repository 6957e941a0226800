package io.firegrid.agent;

import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What is wired to one agent's GPIO header.
 *
 * @param platform which Pi4J providers drive the pins
 * @param contacts the contact sensors; ids and pins must be distinct
 * @param sirenPin BCM pin of the siren output; default {@link #DEFAULT_SIREN_PIN}
 * @param debounce how long a contact must stay still before its state counts; default
 *                 {@link #DEFAULT_DEBOUNCE}; zero turns debouncing off
 */
public record Hardware(GpioPlatform platform, List<ContactSpec> contacts, int sirenPin, Duration debounce) {

    /** BCM 22 (header pin 15). */
    public static final int DEFAULT_SIREN_PIN = 22;
    /** 50 ms: longer than a relay's or reed switch's bounce, far below what anyone would notice. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

    public Hardware {
        Objects.requireNonNull(platform, "platform");
        contacts = List.copyOf(contacts);
        ContactSpec.requirePin("siren", sirenPin);
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw FireGridException.badRequest("bad-debounce", "debounce must not be negative, was " + debounce);
        }
        Set<String> ids = new HashSet<>();
        Set<Integer> pins = new HashSet<>(Set.of(sirenPin));
        for (ContactSpec c : contacts) {
            if (!ids.add(c.sensor())) {
                throw FireGridException.badRequest("duplicate-sensor", "sensor id " + c.sensor() + " is used twice");
            }
            if (!pins.add(c.bcmPin())) {
                throw FireGridException.badRequest("duplicate-pin", "BCM pin " + c.bcmPin()
                        + " of sensor " + c.sensor() + " is already used by another sensor or the siren");
            }
        }
    }
}
