package io.firegrid.agent.app;

import io.firegrid.agent.sim.DemoOptions;
import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.agent.sim.DemoTiming;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        },
        footer = {
            "",
            "The admin token may also come from FIREGRID_ADMIN_TOKEN, which keeps it",
            "out of the process list. Passwords are generated on the first run and",
            "kept in <data-dir>/demo-devices.properties.",
        })
final class SimulateCommand implements Callable<Integer> {

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
        String adminToken = token != null ? token : env.get("FIREGRID_ADMIN_TOKEN");
        if (adminToken == null || adminToken.isBlank()) {
            throw usage("no admin token: pass --token or set FIREGRID_ADMIN_TOKEN to the gateway's admin token");
        }
        requireScheme("--gateway-http", gatewayHttp, Set.of("http", "https"), "http://localhost:8080");
        requireScheme("--mqtt", mqtt, Set.of("tcp", "ssl", "ws", "wss"), "tcp://localhost:1883");
        if (devices < 1 || devices > 52) {
            throw usage("--devices should be between 1 and 52, was " + devices);
        }
        DemoSimulator simulator = new DemoSimulator(new DemoOptions(gatewayHttp, adminToken, mqtt, devices, dataDir),
                DemoTiming.DEFAULT, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        try {
            simulator.start();
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
        stopped.await();
        return 0;
    }

    private void requireScheme(String option, URI uri, Set<String> schemes, String example) {
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
            throw usage(option + " '" + uri + "' should look like " + example);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
