package io.firegrid.agent.app;

import io.firegrid.agent.Agent;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code run}: one agent, configured by environment variables, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs one edge agent, configured by environment variables, until Ctrl-C.",
            "Reads smoke-1, door-1 and the tamper switch tamper-1 if set, drives the siren,",
            "publishes changes and a heartbeat over MQTT (or CoAP over DTLS with FIREGRID_COAP_URI);",
            "set-thresholds changes the debounce and heartbeat period by command and is kept in",
            "DATA_DIR/thresholds.json;",
            "with FIREGRID_AGENT_PRESSURE_SENSOR set, also sends hydrant pressure.",
            "On the mock platform every contact starts at rest and the transmitter reads",
            "FIREGRID_AGENT_MOCK_PRESSURE_MPA.",
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** The environment variables of {@code run}, for the help texts. */
    static final String[] ENVIRONMENT = environment();

    private static String[] environment() {
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("", "Environment of 'run' "
                + "(defaults in brackets):"));
        AgentSettings.CATALOGUE.help().lines().forEach(line -> lines.add("  " + line));
        return lines.toArray(String[]::new);
    }

    private final Map<String, String> env;
    private final PrintStream err;

    RunCommand(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        AgentConfig config;
        try {
            config = AgentConfig.fromEnv(env);
        } catch (FireGridException e) {
            err.println("firegrid-edge-agent run: " + e.reason());
            err.println("See 'firegrid-edge-agent run --help' for every variable and its default.");
            return Main.EXIT_USAGE;
        }
        LOG.info("starting with {}", config);
        Agent agent = new Agent(config.device(), config.hardware(), SeqCounter.open(config.seqFile()),
                config.uplink(), config.thresholdStore(), config.heartbeat());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        try {
            agent.start(config::atPowerUp);
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        stopped.await();
        return 0;
    }
}
