package io.firegrid.agent.app;

import io.firegrid.agent.Agent;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.protocol.EnvFile;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents of some configuration bundles ({@code firegrid config bundle}), run off the Pi: on the
 * mock platform, each with its own data directory, so an installer can rehearse a visit on a laptop.
 * Each agent reads its bundle's {@code firegrid/agent.env} with only what must change off the Pi
 * rewritten: the platform ({@code mock}), the data directory ({@code DATA_ROOT/DEVICE}), files the
 * first boot puts in {@value #DEVICE_DIR} (site CA, client certificate and key) read from the
 * bundle's {@code firegrid/} instead, and the MQTT URI when one is given. On the mock platform
 * every contact starts at rest and the transmitter reads {@code FIREGRID_AGENT_MOCK_PRESSURE_MPA}
 * (taken from this machine's environment when set there, else the bundle's, else 0.40 MPa).
 */
public final class Rehearsal implements AutoCloseable {

    /** Where the first boot installs the bundle's site CA and client certificate on a Pi. */
    static final String DEVICE_DIR = "/etc/firegrid/";
    /** The agent's settings in a bundle. */
    public static final String AGENT_ENV = "firegrid/agent.env";

    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, Double> startPressures = new LinkedHashMap<>();

    private Rehearsal() {
    }

    /**
     * Starts one agent per bundle, printing a line for each to {@code out}.
     *
     * @param mqtt     the gateway's MQTT URI on this machine, or null to keep each bundle's
     * @param dataRoot where each agent gets {@code DEVICE/} for its counter and outbox
     * @param env      this machine's environment, for {@code FIREGRID_AGENT_MOCK_PRESSURE_MPA}
     * @throws FireGridException {@code BAD_REQUEST} naming the bundle when one is not a bundle or
     *         its settings do not read; the agents already started are stopped
     */
    public static Rehearsal start(List<Path> bundles, URI mqtt, Path dataRoot, Map<String, String> env, PrintStream out)
            throws IOException {
        Rehearsal r = new Rehearsal();
        try {
            for (Path bundle : bundles) {
                AgentConfig c = config(bundle, mqtt, dataRoot, env);
                Agent a = new Agent(c.device(), c.hardware(), SeqCounter.open(c.seqFile()), c.uplink(), c.thresholdStore(),
                        c.heartbeat());
                r.agents.add(a);
                r.startPressures.put(c.device().device(), c.mockPressure());
                a.start(c::atPowerUp);
                out.println("started    " + c.device().device() + " from " + bundle + ": " + (c.coapUri() != null
                        ? c.coapUri() : c.mqttUri()) + ", data in " + c.dataDir() + ", mock platform, contacts at rest"
                        + c.pressure().map(p -> ", " + p.sensor() + " at " + c.mockPressure() + " MPa").orElse(""));
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** The settings of {@code bundle}'s agent with what must change off the Pi rewritten. */
    static AgentConfig config(Path bundle, URI mqtt, Path dataRoot, Map<String, String> env) throws IOException {
        Path file = bundle.resolve(AGENT_ENV);
        if (!Files.isRegularFile(file)) {
            throw FireGridException.badRequest("not-a-bundle", bundle + " is not a configuration bundle (no " + AGENT_ENV
                    + "): give the directories 'firegrid config bundle' wrote, e.g. bundles/pi-0001");
        }
        Map<String, String> settings = new LinkedHashMap<>(EnvFile.read(file));
        settings.replaceAll((k, v) -> {
            if (v.startsWith(DEVICE_DIR)) {
                Path local = bundle.resolve("firegrid").resolve(v.substring(DEVICE_DIR.length()));
                return Files.exists(local) ? local.toString() : v;
            }
            return v;
        });
        settings.put(AgentConfig.PLATFORM, "mock");
        String device = settings.getOrDefault(AgentConfig.DEVICE, bundle.getFileName().toString());
        settings.put(AgentConfig.DATA_DIR, dataRoot.resolve(device).toString());
        if (mqtt != null) {
            settings.put(AgentConfig.MQTT_URI, mqtt.toString());
        }
        String mock = env.get(AgentConfig.MOCK_PRESSURE_MPA);
        if (mock != null) {
            settings.put(AgentConfig.MOCK_PRESSURE_MPA, mock);
        }
        try {
            return AgentConfig.fromEnv(settings);
        } catch (FireGridException e) {
            throw FireGridException.badRequest("bad-bundle", file + ": " + e.reason());
        }
    }

    /** The agents started, in the order of their bundles. */
    public List<Agent> agents() {
        return List.copyOf(agents);
    }

    /** What each device's transmitter reads until the installer types another value, by device id. */
    Map<String, Double> startPressures() {
        return Map.copyOf(startPressures);
    }

    /** Stops every agent: connections closed, pins released. */
    @Override
    public void close() {
        agents.forEach(Agent::close);
        agents.clear();
    }
}
