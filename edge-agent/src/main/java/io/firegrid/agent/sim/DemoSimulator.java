package io.firegrid.agent.sim;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The demo's edge devices: {@link DemoOptions#devices()} agents in one JVM, each with its own mock
 * Pi4J context, message counter and MQTT connection to the gateway, registered with the gateway
 * first. A {@link DemoScript} then raises smoke alarms and opens doors on them, printing one line
 * per action to {@code out}.
 *
 * <p>{@link #start()} once, {@link #close()} once (also after a failed start).
 */
public final class DemoSimulator implements AutoCloseable {

    /** GPIO pins of the simulated boards (the agent's defaults; on the mock they only need to differ). */
    static final int SMOKE_PIN = 17;
    static final int DOOR_PIN = 27;
    static final int SIREN_PIN = 22;

    private final DemoOptions options;
    private final DemoTiming timing;
    private final PrintStream out;
    private DemoPanel panel;
    private final List<DemoScript.Simulated> running = new ArrayList<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-demo"));

    public DemoSimulator(DemoOptions options, DemoTiming timing, PrintStream out) {
        this.options = options;
        this.timing = timing;
        this.out = out;
    }

    /**
     * Registers the devices, starts their agents and the script.
     *
     * @throws FireGridException if the gateway is unreachable, refuses the admin token, or already
     *         has a device whose password this simulator does not know
     * @throws IOException if the data directory cannot be used
     */
    public synchronized void start() throws IOException, InterruptedException {
        List<DemoDevice> devices = DemoDevice.first(options.devices());
        DemoPasswords passwords = DemoPasswords.load(options.dataDir());
        DeviceRegistrar registrar = new DeviceRegistrar(options.gatewayHttp(), options.adminToken());
        new DemoPlaces(registrar, out).create(DemoDevice.TENANT);
        List<String> credentials = new ArrayList<>();
        for (DemoDevice d : devices) {
            credentials.add(register(d, passwords, registrar));
        }
        for (int i = 0; i < devices.size(); i++) {
            DemoDevice d = devices.get(i);
            Path dir = options.dataDir().resolve(d.name());
            Agent agent = new Agent(d.id(), hardware(), SeqCounter.open(dir.resolve("seq")), new MqttUplink(
                    MqttUplinkOptions.of(options.mqttUri(), d.id(), credentials.get(i), dir.resolve("mqtt"))));
            running.add(new DemoScript.Simulated(d, agent));
            agent.start();
        }
        panel = DemoPanel.start(registrar, passwords, options, scheduler, out);
        new DemoScript(running, timing, scheduler, out, new Random()).start();
        out.printf("demo: %d simulated devices publishing to %s; first smoke alarm in about %d s. Ctrl-C stops.%n",
                devices.size(), options.mqttUri(), timing.firstAlarmAfter().toSeconds());
    }

    /** True while the station's simulated siren panel sounds. */
    public synchronized boolean panelSounding() {
        return panel != null && panel.sounding();
    }

    /** The running agents, in device order. */
    public synchronized List<Agent> agents() {
        return running.stream().map(DemoScript.Simulated::agent).toList();
    }

    private String register(DemoDevice d, DemoPasswords passwords, DeviceRegistrar registrar)
            throws IOException, InterruptedException {
        String password = passwords.stored(d);
        boolean fresh = password == null;
        if (fresh) {
            password = passwords.generate(d);
        }
        DeviceRegistrar.Outcome outcome = registrar.register(d, password);
        if (outcome == DeviceRegistrar.Outcome.CREATED) {
            out.printf("demo: registered %s in tenant %s (zone %s)%n", d.name(), d.id().tenant(), d.zone());
        } else if (fresh) {
            throw new FireGridException(FireGridException.Status.CONFLICT, "unknown-demo-password", "device "
                    + d.id() + " is already registered at the gateway, but its password is not in "
                    + passwords.file() + ": restore that file, or delete the device at the gateway, and start again");
        } else {
            out.printf("demo: %s already registered, using its stored password%n", d.name());
        }
        return password;
    }

    private Hardware hardware() {
        return new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec(DemoDevice.SMOKE, Kind.SMOKE, SMOKE_PIN, Contact.NO),
                new ContactSpec(DemoDevice.DOOR, Kind.DOOR, DOOR_PIN, Contact.NO)), SIREN_PIN, timing.debounce());
    }

    /** Stops the script and closes every agent (its uplink, counter and Pi4J context). */
    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        running.forEach(s -> s.agent().close());
        if (panel != null) {
            panel.close();
        }
        out.println("demo: stopped");
    }
}
