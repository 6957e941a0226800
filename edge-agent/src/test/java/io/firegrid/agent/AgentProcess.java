package io.firegrid.agent;

import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.Kind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A whole edge agent (mock pins, real MQTT uplink and outbox, default 50 ms debounce) in a process
 * of its own, for {@link SirenOfflineIT}: {@code AgentProcess TENANT DEVICE PASSWORD MQTT_URI DATA_DIR}.
 * Prints {@code started}, then answers lines on stdin:
 * <pre>
 * smoke        closes smoke-1's contact; prints "siren MS" once the siren output is HIGH,
 *              MS being the time from the contact's edge to the output, in milliseconds
 * undelivered  prints "undelivered N", the messages the outbox holds
 * queued N     waits until the outbox holds N messages, then prints "queued N"
 * </pre>
 */
public final class AgentProcess {

    private AgentProcess() {
    }

    public static void main(String[] args) throws Exception {
        DeviceId device = new DeviceId(args[0], args[1]);
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(args[3]), device, args[2], Path.of(args[4], "mqtt"))
                .withMaxReconnectDelay(Duration.ofSeconds(1)));
        Agent agent = new Agent(device, new Hardware(GpioPlatform.MOCK, List.of(
                new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO)), Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE),
                SeqCounter.open(Path.of(args[4], "seq")), uplink);
        agent.start();
        System.out.println("started");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("queued ")) {
                int n = Integer.parseInt(line.substring("queued ".length()).trim());
                while (uplink.undelivered() < n) {
                    Thread.sleep(5);
                }
                System.out.println(line);
                System.out.flush();
                continue;
            }
            switch (line.trim()) {
                case "smoke" -> {
                    long edge = System.nanoTime();
                    agent.mockContact("smoke-1").set(true);
                    while (!agent.isSirenSounding()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    }
                    System.out.printf("siren %.1f%n", (System.nanoTime() - edge) / 1e6);
                }
                case "undelivered" -> System.out.println("undelivered " + uplink.undelivered());
                default -> System.out.println("unknown " + line);
            }
            System.out.flush();
        }
        agent.close();
    }
}
