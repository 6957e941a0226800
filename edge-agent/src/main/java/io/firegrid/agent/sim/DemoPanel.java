package io.firegrid.agent.sim;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.DeviceId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The siren panel in Station East's crew room: a simulated agent with a siren and no sensors,
 * registered as the station's panel, so the demo shows the gateway sounding it when an alarm is
 * dispatched to the station. Prints each change of its siren.
 */
final class DemoPanel implements AutoCloseable {

    static final DemoDevice PANEL = new DemoDevice(new DeviceId(DemoDevice.TENANT, "panel-east"), "-");
    private static final int SIREN_PIN = 22;

    private final Agent agent;

    private DemoPanel(Agent agent) {
        this.agent = agent;
    }

    /** Registers and starts the panel; {@code null} (with a line saying why) if it cannot. */
    static DemoPanel start(DeviceRegistrar api, DemoPasswords passwords, DemoOptions options, ScheduledExecutorService scheduler,
                           PrintStream out) throws IOException, InterruptedException {
        String password = passwords.stored(PANEL);
        boolean fresh = password == null;
        if (fresh) {
            password = passwords.generate(PANEL);
        }
        DeviceRegistrar.Outcome registered = api.create("devices", "{\"tenant\":\"" + DemoDevice.TENANT + "\",\"id\":\""
                + PANEL.name() + "\",\"password\":\"" + password + "\"}", PANEL.name());
        if (registered == DeviceRegistrar.Outcome.ALREADY_REGISTERED && fresh) {
            out.println("demo: " + PANEL.name() + " is registered but its password is not in " + passwords.file()
                    + "; the station's siren panel is left out");
            return null;
        }
        api.create("stations/" + DemoDevice.TENANT + "/station-east/panels", "{\"device\":\"" + PANEL.name() + "\"}",
                "the panel of station-east");
        Path dir = options.dataDir().resolve(PANEL.name());
        Agent agent = new Agent(PANEL.id(), new Hardware(GpioPlatform.MOCK, List.of(), SIREN_PIN, Hardware.DEFAULT_DEBOUNCE),
                SeqCounter.open(dir.resolve("seq")),
                new MqttUplink(MqttUplinkOptions.of(options.mqttUri(), PANEL.id(), password, dir.resolve("mqtt"))));
        agent.start();
        boolean[] sounding = {false};
        scheduler.scheduleWithFixedDelay(() -> {
            boolean now = agent.isSirenSounding();
            if (now != sounding[0]) {
                sounding[0] = now;
                out.println("demo: siren panel in Station East -> " + (now ? "SOUNDING (alarm dispatched to the station)"
                        : "quiet"));
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return new DemoPanel(agent);
    }

    boolean sounding() {
        return agent.isSirenSounding();
    }

    @Override
    public void close() {
        agent.close();
    }
}
