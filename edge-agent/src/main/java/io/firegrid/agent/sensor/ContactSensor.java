package io.firegrid.agent.sensor;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import io.firegrid.protocol.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A smoke detector's alarm relay or a door's reed contact on one Pi4J {@link DigitalInput}.
 *
 * <p>Pin edges are {@linkplain Debouncer debounced}; once the pin has been quiet for the debounce
 * period its level is read, mapped through the {@link Contact} wiring to a {@link State}, and if
 * that differs from the last state reported the listener hears a {@link StateChange}.
 * {@link #start()} reports the state the pin is in at start-up, so the gateway learns it after
 * every restart.
 *
 * <p>Thread model: edges arrive on Pi4J's threads; the listener is called on {@code sensorThread}
 * only, which must be single-threaded.
 */
public final class ContactSensor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContactSensor.class);

    private final ContactSpec spec;
    private final DigitalInput input;
    private final StateListener listener;
    private final Clock clock;
    private final Debouncer debouncer;
    private final DigitalStateChangeListener pinListener;
    private State reported;

    private ContactSensor(ContactSpec spec, DigitalInput input, Duration debounce,
            ScheduledExecutorService sensorThread, StateListener listener, Clock clock) {
        this.spec = spec;
        this.input = input;
        this.listener = listener;
        this.clock = clock;
        this.debouncer = new Debouncer(debounce, sensorThread, this::settled);
        this.pinListener = e -> {
            LOG.debug("pin edge [sensor: {}, pin: {}, level: {}]", spec.sensor(), spec.bcmPin(), e.state());
            debouncer.edge(clock.instant());
        };
    }

    /**
     * Provisions the input pin (pull-down, id = sensor id) in {@code pi4j} and listens to it.
     * Nothing is reported until {@link #start()}.
     */
    public static ContactSensor open(Context pi4j, ContactSpec spec, Duration debounce,
            ScheduledExecutorService sensorThread, StateListener listener) {
        DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id(spec.sensor())
                .name(spec.kind().wireName() + " contact " + spec.sensor())
                .address(spec.bcmPin())
                .pull(PullResistance.PULL_DOWN)
                .build());
        ContactSensor sensor = new ContactSensor(spec, input, debounce, sensorThread, listener, Clock.systemUTC());
        input.addListener(sensor.pinListener);
        return sensor;
    }

    /** Reports the current state once the pin has been quiet for the debounce period. */
    public void start() {
        debouncer.edge(clock.instant());
    }

    /** Changes the debounce period from the next pin edge on (a threshold change by command). */
    public void debounce(Duration debounce) {
        debouncer.period(debounce);
    }

    public ContactSpec spec() {
        return spec;
    }

    /** The Pi4J input; a {@code MockDigitalInput} on the mock platform. */
    public DigitalInput input() {
        return input;
    }

    private void settled(Instant lastEdge) {
        DigitalState level = input.state();
        State state = spec.stateFor(spec.contact().isActive(level));
        if (state == reported) {
            return;
        }
        reported = state;
        listener.onChange(new StateChange(lastEdge, spec.sensor(), spec.kind(), state));
    }

    /** Stops listening to the pin; the pin itself is released when its Pi4J context shuts down. */
    @Override
    public void close() {
        input.removeListener(pinListener);
    }
}
