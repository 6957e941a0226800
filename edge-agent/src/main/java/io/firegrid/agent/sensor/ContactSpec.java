package io.firegrid.agent.sensor;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.util.Objects;

/**
 * One dry-contact sensor on a GPIO pin: a smoke detector's alarm relay, a manual call point, a
 * door's reed contact, an exit's obstruction sensor or lock monitor ({@code blocked} while active),
 * or the enclosure's tamper switch ({@link Kind#DEVICE}: {@code tamper} while active, {@code online}
 * again once it is not).
 *
 * @param sensor  the sensor id on the device, as registered with the gateway (e.g. {@code smoke-1})
 * @param kind    {@link Kind#SMOKE}, {@link Kind#CALL_POINT}, {@link Kind#DOOR}, {@link Kind#EXIT} or
 *                {@link Kind#DEVICE} (tamper switch); pressure is not a contact and is refused
 * @param bcmPin  the Broadcom (BCM) GPIO number, {@value #MIN_PIN} to {@value #MAX_PIN}
 * @param contact how the contact is wired
 */
public record ContactSpec(String sensor, Kind kind, int bcmPin, Contact contact) {

    /** Lowest GPIO number on the Raspberry Pi 40-pin header. */
    public static final int MIN_PIN = 0;
    /** Highest GPIO number on the Raspberry Pi 40-pin header. */
    public static final int MAX_PIN = 27;

    public ContactSpec {
        if (!DeviceId.isValidId(sensor)) {
            throw FireGridException.badRequest("bad-id", "sensor id '" + sensor
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
        if (kind == null || kind == Kind.PRESSURE) {
            throw FireGridException.badRequest("bad-kind", "sensor " + sensor + " is a " + kind
                    + ": only smoke, call-point, door, exit and tamper (device) sensors are read as contacts");
        }
        requirePin("sensor " + sensor, bcmPin);
        Objects.requireNonNull(contact, "contact");
    }

    /** The state an active (alarm / open / blocked / tampered) or inactive contact reports. */
    public State stateFor(boolean active) {
        return switch (kind) {
            case SMOKE, CALL_POINT -> active ? State.ALARM : State.NORMAL;
            case EXIT -> active ? State.BLOCKED : State.CLEAR;
            case DEVICE -> active ? State.TAMPER : State.ONLINE;
            default -> active ? State.OPEN : State.CLOSED;
        };
    }

    /**
     * Checks that {@code pin} is a GPIO of the 40-pin header.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-pin} naming {@code what} otherwise
     */
    public static void requirePin(String what, int pin) {
        if (pin < MIN_PIN || pin > MAX_PIN) {
            throw FireGridException.badRequest("bad-pin", what + ": BCM pin " + pin
                    + " should be between " + MIN_PIN + " and " + MAX_PIN);
        }
    }
}
