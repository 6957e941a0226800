package io.firegrid.agent.sim.scenario;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.pressure.MockTransmitter;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.ContactSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated devices on Pi4J's mock platform and the world their inputs sense: each contact's
 * position and each pressure loop's level, kept per device whether its agent runs or not. A power
 * cut closes the agent; when power returns a new agent is built and started, and finds its inputs
 * as the world left them, as a Pi booting in a stairwell where the detector is still in alarm.
 *
 * <p>Before any step, every contact is in its inactive position (smoke normal, door closed) and
 * every pressure loop reads {@link #STANDING_PRESSURE_MPA}.
 *
 * <p>Thread-safe; each call is done when it returns (a power cut waits for the agent to close).
 */
public final class Fleet implements AutoCloseable {

    /** 0.40 MPa: a healthy community hydrant main, inside the gateway's default 0.25-0.50 MPa band. */
    public static final double STANDING_PRESSURE_MPA = 0.40;

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Map<String, Device> devices = new LinkedHashMap<>();

    private static final class Device {
        final Hardware hardware;
        final Supplier<Agent> newAgent;
        final Map<String, Boolean> contacts = new LinkedHashMap<>();
        final Map<String, Consumer<MockTransmitter>> loops = new LinkedHashMap<>();
        Agent agent;

        Device(Hardware hardware, Supplier<Agent> newAgent) {
            this.hardware = hardware;
            this.newAgent = newAgent;
            hardware.contacts().forEach(c -> contacts.put(c.sensor(), false));
            hardware.pressures().forEach(p -> loops.put(p.sensor(), t -> t.mpa(STANDING_PRESSURE_MPA)));
        }
    }

    /**
     * Adds device {@code name}, wired as {@code hardware}; {@code newAgent} builds a new, unstarted
     * agent for it with that hardware each time it is powered on (reopening the same message
     * counter, so {@code seq} carries on after a power cut).
     */
    public synchronized Fleet add(String name, Hardware hardware, Supplier<Agent> newAgent) {
        if (devices.putIfAbsent(name, new Device(hardware, newAgent)) != null) {
            throw new IllegalArgumentException("device " + name + " is already in the fleet");
        }
        return this;
    }

    /** Device names to their hardware, in the order added: what a scenario is checked against. */
    public synchronized Map<String, Hardware> layout() {
        Map<String, Hardware> layout = new LinkedHashMap<>();
        devices.forEach((name, d) -> layout.put(name, d.hardware));
        return Collections.unmodifiableMap(layout);
    }

    /** Powers on every device that is off. */
    public synchronized void startAll() {
        devices.keySet().forEach(this::powerOn);
    }

    /** The running agent of {@code name}, or {@code null} while it is powered off. */
    public synchronized Agent agent(String name) {
        return device(name).agent;
    }

    /** Moves a contact to its active (alarm, open) or inactive position; a powered-off agent sees it when it boots. */
    public synchronized void contact(String name, String sensor, boolean active) {
        Device d = device(name);
        if (!d.contacts.containsKey(sensor)) {
            throw new IllegalArgumentException("device " + name + " has no contact " + sensor);
        }
        d.contacts.put(sensor, active);
        if (d.agent != null) {
            d.agent.mockContact(sensor).set(active);
        }
    }

    /** Holds a pressure loop at the level {@code level} sets; a powered-off agent reads it when it boots. */
    public synchronized void loop(String name, String sensor, Consumer<MockTransmitter> level) {
        Device d = device(name);
        if (!d.loops.containsKey(sensor)) {
            throw new IllegalArgumentException("device " + name + " has no pressure transmitter " + sensor);
        }
        d.loops.put(sensor, level);
        if (d.agent != null) {
            level.accept(d.agent.mockTransmitter(sensor));
        }
    }

    /** Cuts the power: the agent closes (its uplink and counter with it). Nothing happens if it is off. */
    public synchronized void powerOff(String name) {
        Device d = device(name);
        if (d.agent != null) {
            d.agent.close();
            d.agent = null;
            LOG.info("power cut [device: {}]", name);
        }
    }

    /** Restores the power: a new agent starts with its inputs as the world has them. Nothing happens if it is on. */
    public synchronized void powerOn(String name) {
        Device d = device(name);
        if (d.agent != null) {
            return;
        }
        Agent agent = d.newAgent.get();
        try {
            agent.start(a -> {
                for (ContactSpec c : d.hardware.contacts()) {
                    a.mockContact(c.sensor()).set(d.contacts.get(c.sensor()));
                }
                for (PressureSpec p : d.hardware.pressures()) {
                    d.loops.get(p.sensor()).accept(a.mockTransmitter(p.sensor()));
                }
            });
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        d.agent = agent;
        LOG.info("power on [device: {}]", name);
    }

    private Device device(String name) {
        Device d = devices.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device " + name + " in the fleet: it has " + devices.keySet());
        }
        return d;
    }

    /** Powers every device off. */
    @Override
    public synchronized void close() {
        devices.keySet().forEach(this::powerOff);
    }
}
