package io.firegrid.agent.app;

import io.firegrid.agent.sim.DemoOptions;
import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.agent.sim.DemoTiming;
import io.firegrid.agent.sim.scenario.Scenarios;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: the demo's simulated devices, until Ctrl-C. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
            "Runs the demo's simulated edge agents until Ctrl-C.",
            "",
            "Each runs in this JVM on Pi4J's mock GPIO with its own MQTT connection.",
            "They are registered with the gateway first: tenant demo, site demo-site,",
            "pi-a1 and pi-a2 in zone A, pi-b1 in zone B, and so on, each with smoke-1",
            "and door-1. Then a random detector goes to alarm about every 40 s (the",
            "first within 10 s) and back to normal 20 s later, and doors open and",
            "close now and then. One line is printed per action.",
            "",
            "With --scenario, a scenario is played instead of the random alarms, and",
            "the command ends when it is done. Built-in scenarios: fire-in-zone-a,",
            "slow-hydrant-leak, door-wedged-open, wire-break, power-cut (pi-b1 has the",
            "hydrant transmitter hydrant-1). A scenario file has one step per line:",
            "  at 0s   pi-a1 smoke-1 alarm          (smoke: alarm|normal)",
            "  at 10s  pi-a1 door-1 open            (door: open|closed)",
            "  at 0s   pi-b1 hydrant-1 ramp 0.45 0.20 over 600s",
            "  at 30s  pi-b1 hydrant-1 current 0mA  (also: pressure 0.40)",
            "  at 90s  pi-a2 power off              (power off|on)",
            "and # starts a comment.",
        },
        footer = {
            "",
            "The admin token may also come from FIREGRID_ADMIN_TOKEN, which keeps it",
            "out of the process list. Passwords are generated on the first run and",
            "kept in <data-dir>/demo-devices.properties.",
        })
final class SimulateCommand implements Callable<Integer> {

    /** Faster than this and the agents' pressure reads (10 s / speed) come closer than a millisecond. */
    static final double MAX_SPEED = 10_000;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--gateway-http", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Gateway HTTP API, to register the devices (default: ${DEFAULT-VALUE}).")
    URI gatewayHttp;

    @Option(names = "--token", paramLabel = "T", description = "Gateway admin token (default: $FIREGRID_ADMIN_TOKEN).")
    String token;

    @Option(names = "--mqtt", paramLabel = "URI", defaultValue = "tcp://localhost:1883",
            description = "Gateway MQTT endpoint (default: ${DEFAULT-VALUE}).")
    URI mqtt;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "" + DemoOptions.DEFAULT_DEVICES,
            description = "How many devices to simulate, 1 to 52 (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--data-dir", paramLabel = "D", defaultValue = DemoOptions.DEFAULT_DATA_DIR,
            description = "Device passwords and per-device data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--gb26875", paramLabel = "HOST:PORT",
            description = "Also simulate building 7's fire alarm panel, reporting through its UITD to this GB/T 26875.3 "
                    + "listener of the gateway (the gb26875 port in its ports.json; off by default).")
    String gb26875;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "Play a built-in scenario or a scenario file, then stop.")
    String scenario;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "1",
            description = "With --scenario: play N times faster, e.g. 10 (default: ${DEFAULT-VALUE}).")
    double speed;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    SimulateCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        String adminToken = token != null ? token : AgentSettings.ADMIN_TOKEN.read(env);
        if (adminToken == null || adminToken.isBlank()) {
            throw usage("no admin token: pass --token or set FIREGRID_ADMIN_TOKEN to the gateway's admin token");
        }
        requireScheme("--gateway-http", gatewayHttp, Set.of("http", "https"), "http://localhost:8080");
        requireScheme("--mqtt", mqtt, Set.of("tcp", "ssl", "ws", "wss"), "tcp://localhost:1883");
        if (devices < 1 || devices > 52) {
            throw usage("--devices should be between 1 and 52, was " + devices);
        }
        if (!(speed > 0) || speed > MAX_SPEED) {
            throw usage("--speed should be more than 0 and at most " + MAX_SPEED + ", was " + speed);
        }
        if (scenario == null && speed != 1) {
            throw usage("--speed only applies to --scenario: say which scenario to play");
        }
        DemoOptions options = new DemoOptions(gatewayHttp, adminToken, mqtt, devices, dataDir, firePanelTo());
        DemoSimulator simulator = scenario == null ? new DemoSimulator(options, DemoTiming.DEFAULT, out)
                : DemoSimulator.playing(options, Scenarios.load(scenario, DemoSimulator.layout(devices)), speed, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "firegrid-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            simulator.start();
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
        if (scenario == null) {
            stopped.await();
            return 0;
        }
        try {
            simulator.played().get();
            out.println("demo: scenario " + scenario + " played");
            return 0;
        } catch (ExecutionException e) {
            err.println("firegrid-edge-agent: scenario " + scenario + " did not play to the end: " + e.getCause()
                    + " (see the log above)");
            return Main.EXIT_FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException e) {
                // Ctrl-C came as the scenario ended: the hook is closing the simulator already
            }
            simulator.close();
        }
    }

    private void requireScheme(String option, URI uri, Set<String> schemes, String example) {
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
            throw usage(option + " '" + uri + "' should look like " + example);
        }
    }

    private java.net.InetSocketAddress firePanelTo() {
        if (gb26875 == null) {
            return null;
        }
        int colon = gb26875.lastIndexOf(':');
        try {
            int port = Integer.parseInt(gb26875.substring(colon + 1));
            if (colon < 1 || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new java.net.InetSocketAddress(gb26875.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw usage("--gb26875 '" + gb26875 + "' should look like 127.0.0.1:9000 (the gateway's gb26875 port)");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
