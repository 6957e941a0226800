package io.firegrid.agent.sensor;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * Drives a contact sensor's input on Pi4J's mock platform, for tests and the demo simulator.
 * Setting the level goes through Pi4J exactly like a real edge, so debouncing, the siren and the
 * uplink all see it as they would on a Pi.
 */
public final class MockContact {

    private final ContactSpec spec;
    private final MockDigitalInput input;

    MockContact(ContactSpec spec, MockDigitalInput input) {
        this.spec = spec;
        this.input = input;
    }

    /**
     * Wraps {@code sensor}'s input.
     *
     * @throws IllegalStateException if the sensor's input is not a Pi4J mock input
     */
    public static MockContact of(ContactSensor sensor) {
        if (!(sensor.input() instanceof MockDigitalInput mock)) {
            throw new IllegalStateException("sensor " + sensor.spec().sensor() + " is on a real GPIO pin ("
                    + sensor.input().getClass().getSimpleName() + "), not on the mock platform");
        }
        return new MockContact(sensor.spec(), mock);
    }

    /** Puts the contact in the active (smoke: alarm, door: open) or inactive position, honouring NO/NC wiring. */
    public MockContact set(boolean active) {
        return level(active ? spec.contact().activeLevel() : spec.contact().inactiveLevel());
    }

    /** Drives the raw pin level, as the electrical contact would. */
    public MockContact level(DigitalState level) {
        input.mockState(level);
        return this;
    }

    /** True if the pin currently reads active, before debouncing. */
    public boolean isActive() {
        return spec.contact().isActive(input.state());
    }

    public ContactSpec spec() {
        return spec;
    }

    /** The underlying Pi4J mock input. */
    public MockDigitalInput input() {
        return input;
    }
}
