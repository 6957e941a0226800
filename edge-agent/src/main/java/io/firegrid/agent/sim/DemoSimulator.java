package io.firegrid.agent.sim;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.sim.scenario.Fleet;
import io.firegrid.agent.sim.scenario.Scenario;
import io.firegrid.agent.sim.scenario.ScenarioRunner;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The demo's edge devices: {@link DemoOptions#devices()} agents in one JVM, each with its own mock
 * Pi4J context, message counter and MQTT connection to the gateway, registered with the gateway
 * first. A {@link DemoScript} then raises smoke alarms and opens doors on them, or a
 * {@link ScenarioRunner} plays a scenario on them ({@link #playing}), printing one line per action
 * to {@code out}.
 *
 * <p>{@link #start()} once, {@link #close()} once (also after a failed start).
 */
public final class DemoSimulator implements AutoCloseable {

    private final DemoOptions options;
    private final DemoTiming timing;
    private final PrintStream out;
    private final Scenario scenario;
    private final double speed;
    private final Fleet fleet = new Fleet();
    private final List<DemoScript.Simulated> running = new ArrayList<>();
    private DemoPanel panel;
    private DemoFirePanel firePanel;
    private ScenarioRunner runner;
    private CompletableFuture<Void> played = new CompletableFuture<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-demo"));

    public DemoSimulator(DemoOptions options, DemoTiming timing, PrintStream out) {
        this(options, timing, out, null, 1);
    }

    private DemoSimulator(DemoOptions options, DemoTiming timing, PrintStream out, Scenario scenario, double speed) {
        this.options = options;
        this.timing = timing;
        this.out = out;
        this.scenario = scenario;
        this.speed = speed;
    }

    /**
     * A simulator that plays {@code scenario} on the demo devices, {@code speed} times faster than
     * written, instead of the random alarms and doors; pressure transmitters are read
     * {@code speed} times as often as on a Pi, so a ramp shows as many readings. Parse the scenario
     * against {@link #layout(int)}.
     */
    public static DemoSimulator playing(DemoOptions options, Scenario scenario, double speed, PrintStream out) {
        return new DemoSimulator(options, DemoTiming.DEFAULT, out, scenario, speed);
    }

    /** The first {@code devices} demo devices' names and hardware, to check a scenario against. */
    public static Map<String, Hardware> layout(int devices) {
        Map<String, Hardware> layout = new LinkedHashMap<>();
        DemoDevice.first(devices).forEach(d -> layout.put(d.name(),
                d.hardware(DemoTiming.DEFAULT.debounce(), PressureSpec.DEFAULT_PERIOD)));
        return layout;
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
        Duration pressurePeriod = Duration.ofNanos((long) (PressureSpec.DEFAULT_PERIOD.toNanos() / speed));
        for (int i = 0; i < devices.size(); i++) {
            DemoDevice d = devices.get(i);
            Hardware hardware = d.hardware(timing.debounce(), pressurePeriod);
            String password = credentials.get(i);
            fleet.add(d.name(), hardware, () -> newAgent(d, hardware, password));
        }
        fleet.startAll();
        devices.forEach(d -> running.add(new DemoScript.Simulated(d, fleet.agent(d.name()))));
        panel = DemoPanel.start(registrar, passwords, options, scheduler, out);
        if (options.firePanelTo() != null && scenario == null) {
            firePanel = DemoFirePanel.start(registrar, options.firePanelTo(), timing, scheduler, out);
        }
        if (scenario == null) {
            new DemoScript(running, timing, scheduler, out, new Random()).start();
            out.printf("demo: %d simulated devices publishing to %s; first smoke alarm in about %d s. Ctrl-C stops.%n",
                    devices.size(), options.mqttUri(), timing.firstAlarmAfter().toSeconds());
        } else {
            out.printf("demo: %d simulated devices publishing to %s; playing %s (%.0f s at speed %s)%n", devices.size(),
                    options.mqttUri(), scenario.name(), scenario.length().toMillis() / speed / 1000, speed);
            runner = new ScenarioRunner(fleet, speed, out::println);
            played = runner.run(scenario);
        }
    }

    /** Completes once the scenario has been played; never without one. */
    public CompletableFuture<Void> played() {
        return played;
    }

    private Agent newAgent(DemoDevice d, Hardware hardware, String password) {
        Path dir = options.dataDir().resolve(d.name());
        try {
            return new Agent(d.id(), hardware, SeqCounter.open(dir.resolve("seq")), new MqttUplink(
                    MqttUplinkOptions.of(options.mqttUri(), d.id(), password, dir.resolve("mqtt"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the message counter of " + d.name() + " in " + dir, e);
        }
    }

    /** Frames of building 7's fire alarm panel the gateway has confirmed; 0 without the panel. */
    public synchronized int firePanelConfirms() {
        return firePanel == null ? 0 : firePanel.confirms();
    }

    /** True while the station's simulated siren panel sounds. */
    public synchronized boolean panelSounding() {
        return panel != null && panel.sounding();
    }

    /** The running agents, in device order; a device whose power a scenario cut is left out. */
    public synchronized List<Agent> agents() {
        return fleet.layout().keySet().stream().map(fleet::agent).filter(Objects::nonNull).toList();
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

    /** Stops the script and closes every agent (its uplink, counter and Pi4J context). */
    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
        }
        scheduler.shutdownNow();
        fleet.close();
        if (panel != null) {
            panel.close();
        }
        if (firePanel != null) {
            firePanel.close();
        }
        out.println("demo: stopped");
    }
}
