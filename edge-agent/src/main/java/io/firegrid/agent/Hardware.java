package io.firegrid.agent;

import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What is wired to one agent's GPIO header and I2C bus.
 *
 * @param platform  which Pi4J providers drive the pins and the I2C bus
 * @param contacts  the contact sensors; ids and pins must be distinct
 * @param sirenPin  BCM pin of the siren output; default {@link #DEFAULT_SIREN_PIN}
 * @param debounce  how long a contact must stay still before its state counts; default
 *                  {@link #DEFAULT_DEBOUNCE}; zero turns debouncing off
 * @param pressures hydrant pressure transmitters on ADS1115 inputs; none by default; ids distinct
 *                  from each other and from the contacts, one transmitter per ADC input
 * @param ledPin    BCM pin of the status LED, or {@value #NO_LED} for none
 * @param loops     contacts supervised by an end-of-line resistor on ADS1115 inputs; none by default; ids
 *                  distinct from every other sensor's, ADC inputs from each other and the transmitters'
 */
public record Hardware(GpioPlatform platform, List<ContactSpec> contacts, int sirenPin, Duration debounce,
        List<PressureSpec> pressures, int ledPin, List<LoopSpec> loops) {

    /** {@code ledPin} of a device without a status LED. */
    public static final int NO_LED = -1;

    /** BCM 22 (header pin 15). */
    public static final int DEFAULT_SIREN_PIN = 22;
    /** 50 ms: longer than a relay's or reed switch's bounce, far below what anyone would notice. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

    public Hardware {
        Objects.requireNonNull(platform, "platform");
        contacts = List.copyOf(contacts);
        pressures = List.copyOf(pressures);
        loops = List.copyOf(loops);
        ContactSpec.requirePin("siren", sirenPin);
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw FireGridException.badRequest("bad-debounce", "debounce must not be negative, was " + debounce);
        }
        Set<String> ids = new HashSet<>();
        Set<Integer> pins = new HashSet<>(Set.of(sirenPin));
        if (ledPin != NO_LED) {
            ContactSpec.requirePin("status LED", ledPin);
            if (!pins.add(ledPin)) {
                throw FireGridException.badRequest("duplicate-pin", "BCM pin " + ledPin + " of the status LED is the siren's");
            }
        }
        for (ContactSpec c : contacts) {
            if (!ids.add(c.sensor())) {
                throw FireGridException.badRequest("duplicate-sensor", "sensor id " + c.sensor() + " is used twice");
            }
            if (!pins.add(c.bcmPin())) {
                throw FireGridException.badRequest("duplicate-pin", "BCM pin " + c.bcmPin()
                        + " of sensor " + c.sensor() + " is already used by another sensor, the siren or the status LED");
            }
        }
        Set<String> inputs = new HashSet<>();
        for (PressureSpec p : pressures) {
            if (!ids.add(p.sensor())) {
                throw FireGridException.badRequest("duplicate-sensor", "sensor id " + p.sensor() + " is used twice");
            }
            if (!inputs.add(p.where())) {
                throw FireGridException.badRequest("duplicate-adc-input", "ADC input " + p.where()
                        + " of sensor " + p.sensor() + " is already used by another pressure sensor");
            }
        }
        for (LoopSpec l : loops) {
            if (!ids.add(l.sensor())) {
                throw FireGridException.badRequest("duplicate-sensor", "sensor id " + l.sensor() + " is used twice");
            }
            if (!inputs.add(l.where())) {
                throw FireGridException.badRequest("duplicate-adc-input", "ADC input " + l.where()
                        + " of sensor " + l.sensor() + " is already used by another loop or pressure sensor");
            }
        }
    }

    /** Without supervised loops. */
    public Hardware(GpioPlatform platform, List<ContactSpec> contacts, int sirenPin, Duration debounce,
                    List<PressureSpec> pressures, int ledPin) {
        this(platform, contacts, sirenPin, debounce, pressures, ledPin, List.of());
    }

    /** Without a status LED. */
    public Hardware(GpioPlatform platform, List<ContactSpec> contacts, int sirenPin, Duration debounce,
                    List<PressureSpec> pressures) {
        this(platform, contacts, sirenPin, debounce, pressures, NO_LED);
    }

    /** Contacts and siren only, no pressure transmitters. */
    public Hardware(GpioPlatform platform, List<ContactSpec> contacts, int sirenPin, Duration debounce) {
        this(platform, contacts, sirenPin, debounce, List.of());
    }
}
