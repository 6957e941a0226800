package io.firegrid.agent.app;

import io.firegrid.protocol.FireGridException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rehearse}: the agents of some bundles on this computer, on the mock platform, until Ctrl-C. */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {
            "Runs the edge agent of each configuration bundle on this computer, as its Pi would,",
            "to rehearse a visit before going on site: bundle, register, rehearse, then verify.",
            "Each agent reads its bundle's firegrid/agent.env with only this changed: the mock GPIO",
            "platform (every contact at rest, the hydrant transmitter reading",
            "FIREGRID_AGENT_MOCK_PRESSURE_MPA, default 0.40 MPa), its data in DATA/DEVICE, the site CA",
            "and client certificate read from the bundle, and --mqtt when given.",
            "While they run, a line typed here acts on a sensor as on site: 'pi-0003 call-1 on' presses",
            "a call point (a detector in alarm, a door open, an exit blocked), 'off' rests it,",
            "'pi-0002 hydrant-1 0.2' sets a pressure in MPa; 'list' shows every sensor. Ctrl-C stops every agent.",
            "The agents log warnings only; the Java option -Dorg.slf4j.simpleLogger.defaultLogLevel=info shows all.",
        },
        footer = {"", "Example:", "  ./firegrid agent rehearse bundles/pi-0001 bundles/pi-0002 --mqtt tcp://localhost:1883"})
final class RehearseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "BUNDLE", arity = "1..*", description = "bundle directories, e.g. bundles/pi-0001")
    List<Path> bundles;

    @Option(names = "--mqtt", paramLabel = "URI",
            description = "the gateway's MQTT URI on this computer, e.g. tcp://localhost:1883 [each bundle's]")
    URI mqtt;

    @Option(names = "--data", paramLabel = "DATA", description = "where each agent keeps its counter and outbox [rehearsal]")
    Path data = Path.of("rehearsal");

    private final Map<String, String> env;
    private final PrintStream out;
    private final InputStream in;

    RehearseCommand(Map<String, String> env, PrintStream out, InputStream in) {
        this.env = env;
        this.out = out;
        this.in = in;
    }

    @Override
    public Integer call() throws Exception {
        if (mqtt != null && (mqtt.getScheme() == null || !List.of("tcp", "ssl", "ws", "wss").contains(mqtt.getScheme())
                || mqtt.getHost() == null)) {
            throw FireGridException.badRequest("bad-mqtt-uri", "--mqtt " + mqtt + " should look like tcp://localhost:1883, "
                    + "the laptop gateway's MQTT port (ssl:// for its MQTT over TLS port)");
        }
        Rehearsal rehearsal = Rehearsal.start(bundles, mqtt, data, env, out);
        out.println("rehearsing " + rehearsal.agents().size() + " device" + (rehearsal.agents().size() == 1 ? "" : "s")
                + "; now run 'firegrid config verify'. Type 'help' to act on a sensor; Ctrl-C stops them.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rehearsal.close();
            stopped.countDown();
        }, "firegrid-shutdown"));
        RehearsalControls controls = new RehearsalControls(rehearsal.agents(), rehearsal.startPressures());
        Thread typed = new Thread(() -> {
            try {
                controls.run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
            } catch (IOException e) {
                // the terminal went away: the agents go on until stopped
            }
        }, "firegrid-rehearsal-controls");
        typed.setDaemon(true);
        typed.start();
        stopped.await();
        return 0;
    }
}
