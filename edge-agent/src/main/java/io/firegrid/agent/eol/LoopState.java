package io.firegrid.agent.eol;

/**
 * What the voltage of a supervised loop says about it. {@link #OPEN_CIRCUIT}, {@link #SHORT_CIRCUIT}
 * and {@link #UNREADABLE} are faults: the loop can no longer tell an alarm from a quiet detector.
 */
public enum LoopState {
    /** The end-of-line resistor alone: detector quiet, door closed. */
    NORMAL("normal"),
    /** The alarm resistor switched in by the contact: detector in alarm, door open. */
    ACTIVE("active"),
    /** Far more resistance than any healthy loop: a cut wire, a loose terminal, a missing end-of-line resistor. */
    OPEN_CIRCUIT("open circuit"),
    /** Far less resistance than any healthy loop: the two wires touching, a crushed cable, resistors bypassed. */
    SHORT_CIRCUIT("short circuit"),
    /** The ADC did not answer: nothing is known about the loop. */
    UNREADABLE("ADC not answering");

    private final String text;

    LoopState(String text) {
        this.text = text;
    }

    /** True if the loop cannot report an alarm in this state. */
    public boolean isFault() {
        return this == OPEN_CIRCUIT || this == SHORT_CIRCUIT || this == UNREADABLE;
    }

    /** How an installer says it: {@code open circuit}, {@code short circuit}, ... */
    public String text() {
        return text;
    }
}
