package io.firegrid.bench.agent;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.seq.SeqCounter;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An edge agent in a JVM of its own (the harness starts it with {@code -Xmx64m}):
 * <pre>
 * queue  URI DIR MAXBYTES N   starts a whole agent (mock pins: a smoke detector, a door contact,
 *                             the siren) whose gateway at URI is down, then hands its uplink N
 *                             more messages numbered by the agent's own counter (every 10th a
 *                             door event, the rest a pressure reading); prints "queued MS"
 * replay URI DIR MAXBYTES     connects and prints "first MS" at the first acknowledged message and
 *                             "drained MS N CPUMS REMOVALS" once the outbox is empty, MS from the start of the
 *                             uplink, CPUMS the CPU time this process used meanwhile (all its threads),
 *                             then the outbox's removal writes (one fsync each)
 * </pre>
 * Then answers "heap" on stdin with "heap USED COMMITTED" (bytes, after a full collection) and
 * exits on "exit".
 */
public final class OutboxProcess {

    static final DeviceId DEVICE = new DeviceId("bench", "pi-replay");
    static final String PASSWORD = "bench-replay-password";

    private OutboxProcess() {
    }

    public static void main(String[] args) throws Exception {
        MqttUplink uplink = new MqttUplink(new MqttUplinkOptions(URI.create(args[1]), DEVICE, PASSWORD, Path.of(args[2]),
                MqttUplinkOptions.DEFAULT_KEEP_ALIVE, MqttUplinkOptions.DEFAULT_SESSION_EXPIRY, Duration.ofSeconds(1),
                Long.parseLong(args[3])));
        long start = System.nanoTime();
        if (args[0].equals("queue")) {
            int n = Integer.parseInt(args[4]);
            SeqCounter seq = SeqCounter.open(Path.of(args[2], "seq"), () -> 1);
            Agent agent = new Agent(DEVICE, new Hardware(GpioPlatform.MOCK, List.of(
                    new ContactSpec("smoke-1", Kind.SMOKE, 17, Contact.NO), new ContactSpec("door-1", Kind.DOOR, 27, Contact.NO)),
                    Hardware.DEFAULT_SIREN_PIN, Hardware.DEFAULT_DEBOUNCE), seq, uplink);
            agent.start();
            Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
            for (int i = 1; i <= n; i++) {
                uplink.send(message(t0, seq.next()));
                if (i % Math.max(1, n / 5) == 0 && i < n) {
                    say(JavaProcess.PROGRESS + i + " of " + n + " queued, " + ms(start) + " ms");
                }
            }
            while (uplink.undelivered() < n + 2) { // and the agent's two start-up states
                Thread.sleep(5);
            }
            say("queued " + ms(start));
        } else {
            int queued = uplink.undelivered();
            long cpu0 = cpuNanos();
            uplink.start();
            boolean first = false;
            int reported = queued;
            while (uplink.undelivered() > 0) {
                int left = uplink.undelivered();
                if (!first && left < queued) {
                    first = true;
                    say("first " + ms(start));
                }
                if (reported - left >= Math.max(1, queued / 5)) {
                    reported = left;
                    say(JavaProcess.PROGRESS + (queued - left) + " of " + queued + " acknowledged, " + ms(start) + " ms");
                }
                Thread.sleep(1);
            }
            say("drained " + ms(start) + " " + queued + " " + String.format("%.1f", (cpuNanos() - cpu0) / 1e6) + " "
                    + uplink.outboxRemovals());
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            if (line.equals("heap")) {
                System.gc();
                var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                say("heap " + heap.getUsed() + " " + heap.getCommitted());
            }
        }
        uplink.close();
    }

    static DeviceMessage message(Instant t0, long seq) {
        Instant ts = t0.plusMillis(seq * 100);
        return seq % 10 == 0
                ? new Event(ts, seq, "door-1", Kind.DOOR, seq % 20 == 0 ? State.CLOSED : State.OPEN)
                : new Readings(ts, seq, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.30 + (seq % 7) / 100.0, "MPa")));
    }

    /** CPU time of this whole process, every thread, in nanoseconds. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String ms(long start) {
        return String.format("%.1f", (System.nanoTime() - start) / 1e6);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
