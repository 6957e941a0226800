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
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** The environment variables of {@code run}, for the help texts. */
    static final String[] ENVIRONMENT = {
        "",
        "Environment of 'run':",
        "  FIREGRID_AGENT_TENANT         tenant id (required)",
        "  FIREGRID_AGENT_DEVICE         device id (required)",
        "  FIREGRID_AGENT_PASSWORD       device password as registered (required)",
        "  FIREGRID_MQTT_URI             gateway MQTT endpoint",
        "                                (default tcp://localhost:1883); over TLS:",
        "                                ssl://GATEWAY:8883",
        "  FIREGRID_MQTT_CA              the site CA (the gateway's ca.pem, in the",
        "                                bundle): with ssl://, only it is trusted and",
        "                                the certificate must name the URI's host",
        "                                (default none: ssl:// trusts Java's CAs)",
        "  FIREGRID_MQTT_CLIENT_CERT     with FIREGRID_MQTT_CA: the device's TLS",
        "  FIREGRID_MQTT_CLIENT_KEY      certificate (PEM) and key (PKCS#8 PEM),",
        "                                sent when the gateway asks (default none)",
        "  FIREGRID_COAP_URI             send over CoAP instead of MQTT, e.g.",
        "                                coaps://gw:5684 (default none: MQTT)",
        "  FIREGRID_AGENT_PSK            DTLS pre-shared key as registered",
        "                                (required with coaps://)",
        "  FIREGRID_COAP_COMMAND_WAIT_SECONDS  over CoAP: a request kept open at the",
        "                                gateway waits this long for commands; 0 =",
        "                                commands only with answers (default 30)",
        "  FIREGRID_AGENT_DATA_DIR       message counter and outbox",
        "                                (default ./data/agent)",
        "  FIREGRID_AGENT_PLATFORM       GPIO access: gpiod, linuxfs or mock (default",
        "                                gpiod where /dev/gpiochip0 exists, else mock)",
        "  FIREGRID_AGENT_SMOKE_PIN      BCM pin of smoke detector smoke-1 (default 17)",
        "  FIREGRID_AGENT_DOOR_PIN       BCM pin of door contact door-1 (default 27)",
        "  FIREGRID_AGENT_SIREN_PIN      BCM pin of the siren output (default 22)",
        "  FIREGRID_AGENT_SMOKE_CONTACT  NO (normally open) or NC (default NO)",
        "  FIREGRID_AGENT_DOOR_CONTACT   NO or NC (default NO)",
        "  FIREGRID_AGENT_DEBOUNCE_MS    contact debounce, 0-1000 ms (default 50)",
        "  FIREGRID_AGENT_TAMPER_PIN     BCM pin of the tamper switch tamper-1",
        "                                (default none: not read)",
        "  FIREGRID_AGENT_TAMPER_CONTACT NO or NC (default NC)",
        "  FIREGRID_AGENT_HEARTBEAT_SECONDS  seconds between heartbeats, 10-86400",
        "                                (default 60)",
        "  FIREGRID_AGENT_PRESSURE_SENSOR         id of a 4-20 mA hydrant pressure",
        "                                         transmitter on an ADS1115, e.g.",
        "                                         hydrant-1 (default none: not read)",
        "  FIREGRID_AGENT_PRESSURE_I2C_BUS        I2C bus /dev/i2c-N (default 1)",
        "  FIREGRID_AGENT_PRESSURE_I2C_ADDRESS    ADS1115 address 0x48-0x4B",
        "                                         (default 0x48)",
        "  FIREGRID_AGENT_PRESSURE_ADC_CHANNEL    ADS1115 input 0-3 (default 0)",
        "  FIREGRID_AGENT_PRESSURE_SHUNT_OHMS     shunt resistor (default 150)",
        "  FIREGRID_AGENT_PRESSURE_RANGE_MPA      MPa at 4 and 20 mA, MIN..MAX or MAX",
        "                                         (default 0..1.6)",
        "  FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS seconds between reads (default 10)",
        "",
        "Contacts go between 3V3 and the pin (internal pull-down): NO reads HIGH",
        "on alarm or door open, NC reads LOW.",
    };

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
            agent.start();
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        stopped.await();
        return 0;
    }
}
