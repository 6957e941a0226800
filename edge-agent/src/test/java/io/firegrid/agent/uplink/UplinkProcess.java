package io.firegrid.agent.uplink;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.DeviceMessage;
import io.firegrid.protocol.Event;
import io.firegrid.protocol.Kind;
import io.firegrid.protocol.Reading;
import io.firegrid.protocol.Readings;
import io.firegrid.protocol.State;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An agent's uplink in a process of its own, for {@link OutboxKillIT} to kill. Prints one line
 * on stdout at each milestone and then waits to be killed.
 *
 * <pre>
 * queue   URI DIR N   sends seq 1..N (every 10th an event) without connecting, prints "queued"
 * deliver URI DIR     connects and prints "drained" once the gateway acknowledged everything
 * </pre>
 */
public final class UplinkProcess {

    static final DeviceId DEVICE = new DeviceId("t1", "pi-0042");
    static final String PASSWORD = "s3cret";

    private UplinkProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        MqttUplink uplink = new MqttUplink(MqttUplinkOptions.of(URI.create(args[1]), DEVICE, PASSWORD, Path.of(args[2]))
                .withMaxReconnectDelay(Duration.ofSeconds(1)));
        if (args[0].equals("queue")) {
            int n = Integer.parseInt(args[3]);
            for (long seq = 1; seq <= n; seq++) {
                uplink.send(message(seq));
            }
            System.out.println("queued");
        } else {
            uplink.start();
            while (uplink.undelivered() > 0) {
                Thread.sleep(20);
            }
            System.out.println("drained");
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static boolean isEvent(long seq) {
        return seq % 10 == 0;
    }

    static DeviceMessage message(long seq) {
        Instant ts = Instant.parse("2026-11-28T08:00:00Z").plusSeconds(seq);
        return isEvent(seq)
                ? new Event(ts, seq, "smoke-1", Kind.SMOKE, seq % 20 == 0 ? State.NORMAL : State.ALARM)
                : new Readings(ts, seq, List.of(new Reading("hydrant-1", Kind.PRESSURE, 0.35, "MPa")));
    }
}
