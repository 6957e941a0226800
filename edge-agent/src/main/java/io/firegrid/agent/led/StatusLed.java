package io.firegrid.agent.led;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

/**
 * The status LED an installer or a crew member looks at on the box: steady on while the gateway is
 * reachable, blinking once a second while it is not (messages are kept in the outbox meanwhile),
 * off when the agent is not running. {@link #show(boolean)} is called on a fixed beat
 * ({@value #BEAT_MS} ms) by the agent; each call with {@code connected == false} toggles the LED.
 */
public final class StatusLed {

    /** Pi4J id of the output. */
    public static final String IO_ID = "status-led";

    /** Half of a blink period: on 500 ms, off 500 ms. */
    public static final long BEAT_MS = 500;

    private final DigitalOutput output;
    private boolean lit;

    private StatusLed(DigitalOutput output) {
        this.output = output;
    }

    /** Provisions the LED on BCM pin {@code bcmPin}, off, and off again at shutdown. */
    public static StatusLed open(Context pi4j, int bcmPin) {
        return new StatusLed(pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(IO_ID)
                .name("status LED")
                .address(bcmPin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build()));
    }

    /** One beat: lit while connected, toggled while not. */
    public synchronized void show(boolean connected) {
        lit = connected || !lit;
        output.state(lit ? DigitalState.HIGH : DigitalState.LOW);
    }

    /** Whether the LED is lit now. */
    public synchronized boolean isLit() {
        return output.state() == DigitalState.HIGH;
    }
}
