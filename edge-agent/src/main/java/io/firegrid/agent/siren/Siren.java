package io.firegrid.agent.siren;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.firegrid.agent.sensor.StateChange;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local siren (or strobe relay) on one Pi4J {@link DigitalOutput}: {@code HIGH} as soon as any
 * smoke detector of the device is in alarm, {@code LOW} once all of them are normal again. It
 * depends on nothing but the pins, so it sounds whatever the network does.
 *
 * <p>The pin starts {@code LOW} and is driven {@code LOW} when its Pi4J context shuts down.
 * Thread-safe; the agent calls it from its sensor thread.
 */
public final class Siren {

    private static final Logger LOG = LoggerFactory.getLogger(Siren.class);

    /** Pi4J id of the siren output. */
    public static final String IO_ID = "siren";

    private final DeviceId device;
    private final DigitalOutput output;
    private final Set<String> inAlarm = new TreeSet<>();
    private final Set<String> silenced = new TreeSet<>();
    private boolean forced;

    private Siren(DeviceId device, DigitalOutput output) {
        this.device = device;
        this.output = output;
    }

    /** Provisions the siren output on BCM pin {@code bcmPin} in {@code pi4j}. */
    public static Siren open(Context pi4j, int bcmPin, DeviceId device) {
        DigitalOutput output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(IO_ID)
                .name("siren")
                .address(bcmPin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build());
        return new Siren(device, output);
    }

    /**
     * Follows a sensor's new state; a smoke detector or a manual call point in alarm sounds the
     * siren, anything else leaves it as it is.
     */
    public synchronized void update(StateChange change) {
        if (change.kind() != Kind.SMOKE && change.kind() != Kind.CALL_POINT) {
            return;
        }
        if (change.state() == State.ALARM) {
            inAlarm.add(change.sensor());
        } else {
            inAlarm.remove(change.sensor());
            silenced.remove(change.sensor());
        }
        apply();
    }

    /**
     * Sounds the siren on command whatever the detectors say ({@code on}), or stops doing so. A
     * detector in alarm keeps it sounding.
     */
    public synchronized void force(boolean on) {
        forced = on;
        apply();
    }

    /**
     * Alarm silence, as on a fire panel: quiets the siren for the detectors in alarm now; a
     * detector that goes into alarm afterwards sounds it again.
     */
    public synchronized void silence() {
        forced = false;
        silenced.addAll(inAlarm);
        apply();
    }

    private void apply() {
        boolean was = output.state() == DigitalState.HIGH;
        boolean now = forced || !silenced.containsAll(inAlarm);
        if (now != was) {
            output.state(now ? DigitalState.HIGH : DigitalState.LOW);
            if (now) {
                LOG.info("siren on [tenant: {}, device: {}, detectors: {}, commanded: {}]", device.tenant(), device.device(),
                        inAlarm, forced);
            } else {
                LOG.info("siren off [tenant: {}, device: {}]", device.tenant(), device.device());
            }
        }
    }

    /** True while the output is {@code HIGH}. */
    public boolean isSounding() {
        return output.state() == DigitalState.HIGH;
    }

    /** The Pi4J output; a {@code MockDigitalOutput} on the mock platform. */
    public DigitalOutput output() {
        return output;
    }
}
