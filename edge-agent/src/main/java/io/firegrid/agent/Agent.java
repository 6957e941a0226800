package io.firegrid.agent;

import com.pi4j.context.Context;
import io.firegrid.agent.sensor.ContactSensor;
import io.firegrid.agent.sensor.MockContact;
import io.firegrid.agent.sensor.StateChange;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.siren.Siren;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One edge device: a Pi4J context with its contact sensors and siren, a message counter and an
 * uplink. Each settled sensor state drives the siren first, on the sensor thread, and is then
 * numbered and handed to the uplink on a separate sender thread, so a slow disk or a stuck
 * network never delays the siren.
 *
 * <p>{@link #start()} once, {@link #close()} once (idempotent; also after a failed start). The agent
 * owns and closes the counter and the uplink it is given.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long SEND_DRAIN_SECONDS = 5;

    private final DeviceId device;
    private final Hardware hardware;
    private final SeqCounter seq;
    private final Uplink uplink;
    private final ScheduledExecutorService sensorThread;
    private final ExecutorService senderThread;
    private final List<ContactSensor> sensors = new ArrayList<>();
    private Context pi4j;
    private Siren siren;
    private boolean closed;

    public Agent(DeviceId device, Hardware hardware, SeqCounter seq, Uplink uplink) {
        this.device = device;
        this.hardware = hardware;
        this.seq = seq;
        this.uplink = uplink;
        this.sensorThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-sensors-" + device));
        this.senderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "firegrid-sender-" + device));
    }

    /** Provisions the pins, reports every sensor's current state and starts the uplink. */
    public synchronized void start() {
        pi4j = hardware.platform().newContext();
        siren = Siren.open(pi4j, hardware.sirenPin(), device);
        uplink.commands(new SirenCommands(siren, sensorThread));
        hardware.contacts().forEach(c -> sensors.add(ContactSensor.open(pi4j, c, hardware.debounce(), sensorThread, this::settled)));
        sensors.forEach(ContactSensor::start);
        uplink.start();
        LOG.info("agent started [tenant: {}, device: {}, platform: {}, sensors: {}, siren pin: {}]", device.tenant(),
                device.device(), hardware.platform().configName(),
                sensors.stream().map(s -> s.spec().sensor() + "@" + s.spec().bcmPin()).toList(), hardware.sirenPin());
    }

    public DeviceId device() {
        return device;
    }

    /**
     * The mock contact of {@code sensor}, to drive it on the mock platform.
     *
     * @throws IllegalArgumentException for an unknown sensor
     * @throws IllegalStateException before {@link #start()} or off the mock platform
     */
    public synchronized MockContact mockContact(String sensor) {
        if (pi4j == null) {
            throw new IllegalStateException("agent " + device + " is not started");
        }
        return sensors.stream().filter(s -> s.spec().sensor().equals(sensor)).findFirst().map(MockContact::of)
                .orElseThrow(() -> new IllegalArgumentException("agent " + device + " has no sensor " + sensor));
    }

    /** True while the siren output is {@code HIGH}. */
    public synchronized boolean isSirenSounding() {
        return siren != null && siren.isSounding();
    }

    private void settled(StateChange change) {
        try {
            siren.update(change);
        } catch (RuntimeException e) {
            LOG.error("cannot drive the siren [tenant: {}, device: {}, sensor: {}, state: {}]", device.tenant(),
                    device.device(), change.sensor(), change.state().wireName(), e);
        }
        LOG.info("{} {} -> {} [tenant: {}, device: {}]", change.kind().wireName(), change.sensor(),
                change.state().wireName(), device.tenant(), device.device());
        senderThread.execute(() -> send(change));
    }

    private void send(StateChange change) {
        try {
            Event event = change.toEvent(seq.next());
            uplink.send(event);
        } catch (RuntimeException e) {
            LOG.error("event lost [tenant: {}, device: {}, sensor: {}, state: {}]", device.tenant(), device.device(),
                    change.sensor(), change.state().wireName(), e);
        }
    }

    /** Stops the sensors, lets queued events reach the uplink, closes it, and releases the pins (siren low). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sensors.forEach(ContactSensor::close);
        sensorThread.shutdownNow();
        senderThread.shutdown();
        try {
            if (!senderThread.awaitTermination(SEND_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("events still queued after {} s are dropped [tenant: {}, device: {}]", SEND_DRAIN_SECONDS,
                        device.tenant(), device.device());
                senderThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senderThread.shutdownNow();
        }
        uplink.close();
        try {
            seq.close();
        } catch (IOException e) {
            LOG.warn("cannot close seq file [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
        if (pi4j != null) {
            pi4j.shutdown();
        }
        LOG.info("agent stopped [tenant: {}, device: {}]", device.tenant(), device.device());
    }
}
