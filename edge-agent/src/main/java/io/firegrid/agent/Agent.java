package io.firegrid.agent;

import com.pi4j.context.Context;
import io.firegrid.agent.eol.MockLoop;
import io.firegrid.agent.eol.SupervisedContact;
import io.firegrid.agent.health.Heartbeat;
import io.firegrid.agent.pressure.MockTransmitter;
import io.firegrid.agent.pressure.PressureListener;
import io.firegrid.agent.pressure.PressureSensor;
import io.firegrid.agent.sensor.ContactSensor;
import io.firegrid.agent.sensor.MockContact;
import io.firegrid.agent.sensor.StateChange;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.led.StatusLed;
import io.firegrid.agent.siren.Siren;
import io.firegrid.agent.thresholds.ThresholdCommands;
import io.firegrid.agent.thresholds.ThresholdStore;
import io.firegrid.agent.thresholds.Thresholds;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One edge device: a Pi4J context with its contact sensors, pressure transmitters and siren, a
 * message counter and an uplink. Each settled sensor state drives the siren first, on the sensor
 * thread, and is then numbered and handed to the uplink on a separate sender thread, so a slow
 * disk or a stuck network never delays the siren. Pressure transmitters are read periodically on
 * the sensor thread; each pressure is sent as {@link Readings}, each entry into or out of a loop
 * fault as an {@link Event}, numbered on the sender thread like the contacts' events. Contacts on
 * supervised loops ({@link SupervisedContact}, docs/wiring.md) are read periodically on the sensor
 * thread too and reported like the GPIO contacts, with {@code fault} for a cut or shorted loop.
 *
 * <p>Every {@link Thresholds#heartbeat()} the agent sends a {@link Heartbeat} (uptime, outbox,
 * dropped telemetry, heap, version), the first one period after the start. Its {@link Thresholds}
 * (debounce, heartbeat period) change by the {@code set-thresholds} command and are kept in a
 * {@link ThresholdStore}, so they outlive a restart; other commands go to the siren.
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
    private final List<ContactSensor> sensors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<PressureSensor> pressures = new ArrayList<>();
    private final List<SupervisedContact> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThresholdStore thresholdStore;
    private final Thresholds configured;
    private Context pi4j;
    private Siren siren;
    private StatusLed led;
    private ThresholdCommands thresholdCommands;
    private Heartbeat heartbeat;
    private ScheduledFuture<?> heartbeats;
    private boolean closed;

    /** An agent with the hardware's debounce and the default heartbeat period; thresholds set by command are not kept. */
    public Agent(DeviceId device, Hardware hardware, SeqCounter seq, Uplink uplink) {
        this(device, hardware, seq, uplink, ThresholdStore.none(), Thresholds.DEFAULT_HEARTBEAT);
    }

    /**
     * @param thresholds where thresholds set by command are kept; those found there at the start
     *                   replace the hardware's debounce and {@code heartbeat}
     * @param heartbeat  time between heartbeats unless a command set another
     */
    public Agent(DeviceId device, Hardware hardware, SeqCounter seq, Uplink uplink, ThresholdStore thresholds,
            Duration heartbeat) {
        this.device = device;
        this.hardware = hardware;
        this.seq = seq;
        this.uplink = uplink;
        this.thresholdStore = thresholds;
        this.configured = new Thresholds(hardware.debounce(), heartbeat);
        this.sensorThread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-sensors-" + device));
        this.senderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "firegrid-sender-" + device));
    }

    /** Provisions the pins, reports every sensor's current state and starts the uplink. */
    public void start() {
        start(agent -> { });
    }

    /**
     * Like {@link #start()}, calling {@code beforeFirstRead} once the inputs are provisioned and
     * before any is read: on the mock platform, where it sets the levels a board finds at power-up
     * through {@link #mockContact} and {@link #mockTransmitter}, so the first state reported is
     * that one rather than an empty mock's.
     */
    public synchronized void start(Consumer<Agent> beforeFirstRead) {
        Instant started = Instant.now();
        Thresholds thresholds = thresholdStore.load(configured);
        pi4j = hardware.platform().newContext();
        siren = Siren.open(pi4j, hardware.sirenPin(), device);
        if (hardware.ledPin() != Hardware.NO_LED) {
            led = StatusLed.open(pi4j, hardware.ledPin());
        }
        thresholdCommands = new ThresholdCommands(thresholds, thresholdStore, this::apply, new SirenCommands(siren, sensorThread));
        uplink.commands(thresholdCommands);
        uplink.troubles((sensor, state) -> settled(new StateChange(Instant.now(), sensor, Kind.DEVICE, state)));
        heartbeat = new Heartbeat(Clock.systemUTC(), started, uplink::outboxStats, thresholdCommands::refused,
                Heartbeat.agentVersion());
        hardware.contacts().forEach(c -> sensors.add(ContactSensor.open(pi4j, c, thresholds.debounce(), sensorThread, this::settled)));
        PressureListener pressureListener = new PressureListener() {
            @Override
            public void measured(Instant ts, Reading reading) {
                senderThread.execute(() -> send(ts, reading));
            }

            @Override
            public void changed(StateChange change) {
                settled(change);
            }
        };
        hardware.pressures().forEach(p -> pressures.add(PressureSensor.open(pi4j, p, sensorThread, pressureListener)));
        hardware.loops().forEach(l -> loops.add(SupervisedContact.open(pi4j, l, thresholds.debounce(), sensorThread, this::settled)));
        beforeFirstRead.accept(this);
        sensors.forEach(ContactSensor::start);
        pressures.forEach(PressureSensor::start);
        loops.forEach(SupervisedContact::start);
        scheduleHeartbeats(thresholds.heartbeat());
        uplink.start();
        if (led != null) {
            StatusLed l = led;
            sensorThread.scheduleAtFixedRate(() -> {
                try {
                    l.show(uplink.isConnected());
                } catch (RuntimeException e) {
                    LOG.warn("cannot drive the status LED [tenant: {}, device: {}]", device.tenant(), device.device(), e);
                }
            }, 0, StatusLed.BEAT_MS, TimeUnit.MILLISECONDS);
        }
        LOG.info("agent started [tenant: {}, device: {}, platform: {}, sensors: {}, siren pin: {}]", device.tenant(),
                device.device(), hardware.platform().configName(), sensorList(), hardware.sirenPin());
    }

    /**
     * On the command thread: the new debounce is in force before the command is answered (the
     * debouncer's period may be set from any thread), so a contact change right after the answer is
     * held back by it; the heartbeat is rescheduled on the sensor thread.
     */
    private void apply(Thresholds t) {
        sensors.forEach(s -> s.debounce(t.debounce()));
        loops.forEach(l -> l.debounce(t.debounce()));
        sensorThread.execute(() -> scheduleHeartbeats(t.heartbeat()));
    }

    private synchronized void scheduleHeartbeats(Duration period) {
        if (closed) {
            return;
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        long ms = period.toMillis();
        heartbeats = sensorThread.scheduleAtFixedRate(() -> senderThread.execute(this::sendHeartbeat), ms, ms,
                TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat() {
        try {
            uplink.heartbeat(heartbeat.next(seq.next()));
        } catch (RuntimeException e) {
            LOG.warn("heartbeat lost [tenant: {}, device: {}]", device.tenant(), device.device(), e);
        }
    }

    /** The thresholds in force: configured, or set by command. */
    public synchronized Thresholds thresholds() {
        return thresholdCommands == null ? configured : thresholdCommands.current();
    }

    private List<String> sensorList() {
        List<String> list = new ArrayList<>();
        sensors.forEach(s -> list.add(s.spec().sensor() + "@" + s.spec().bcmPin()));
        pressures.forEach(p -> list.add(p.spec().sensor() + "@" + p.spec().where()));
        loops.forEach(l -> list.add(l.spec().sensor() + "@" + l.spec().where()));
        return list;
    }

    public DeviceId device() {
        return device;
    }

    /** What is wired to this agent. */
    public Hardware hardware() {
        return hardware;
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

    /**
     * The mock transmitter of pressure sensor {@code sensor}, to drive its loop current on the mock platform.
     *
     * @throws IllegalArgumentException for an unknown sensor
     * @throws IllegalStateException before {@link #start()} or off the mock platform
     */
    public synchronized MockTransmitter mockTransmitter(String sensor) {
        if (pi4j == null) {
            throw new IllegalStateException("agent " + device + " is not started");
        }
        return pressures.stream().filter(p -> p.spec().sensor().equals(sensor)).findFirst().map(MockTransmitter::of)
                .orElseThrow(() -> new IllegalArgumentException("agent " + device + " has no pressure sensor " + sensor));
    }

    /**
     * The supervised loop {@code sensor}, to see what it last settled in.
     *
     * @throws IllegalArgumentException for an unknown loop
     */
    public SupervisedContact loop(String sensor) {
        return loops.stream().filter(l -> l.spec().sensor().equals(sensor)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("agent " + device + " has no supervised loop " + sensor));
    }

    /**
     * The mock loop of supervised contact {@code sensor}, to drive its voltage on the mock platform.
     *
     * @throws IllegalArgumentException for an unknown loop
     * @throws IllegalStateException before {@link #start()} or off the mock platform
     */
    public synchronized MockLoop mockLoop(String sensor) {
        if (pi4j == null) {
            throw new IllegalStateException("agent " + device + " is not started");
        }
        return MockLoop.of(loop(sensor));
    }

    /** Whether the status LED is lit now; false without one. */
    public synchronized boolean isStatusLedLit() {
        return led != null && led.isLit();
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

    private void send(Instant ts, Reading reading) {
        try {
            uplink.send(new Readings(ts, seq.next(), List.of(reading)));
        } catch (RuntimeException e) {
            LOG.error("reading lost [tenant: {}, device: {}, sensor: {}]", device.tenant(), device.device(),
                    reading.sensor(), e);
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
        pressures.forEach(PressureSensor::close);
        loops.forEach(SupervisedContact::close);
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
