package io.firegrid.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * The check every attack test makes, during and after the attack: a legitimate device's smoke
 * alarm is acknowledged and its open fire alarm is there within one second.
 */
public final class SmokeCheck {

    /** The most a smoke alarm may take, PUBLISH to open alarm, while the gateway is under attack. */
    public static final Duration LIMIT = Duration.ofSeconds(1);

    private SmokeCheck() {
    }

    /**
     * Publishes a smoke alarm of {@code sensor} from {@code device} (connected as {@code deviceId@t1})
     * and asserts its PUBACK and its open fire alarm come within {@link #LIMIT}. The sensor must
     * have no open alarm yet, so the alarm found is the one this call raised.
     */
    public static void smokeAlarmGetsThrough(TestGateway gw, Mqtt5Device device, String deviceId, String sensor, long seq)
            throws Exception {
        assertThat(gw.openAlarmFor(deviceId, sensor)).as("an open alarm of %s before the check", sensor).isEmpty();
        long start = System.nanoTime();
        Mqtt5Device.Ack ack = device.publish("event", Bodies.smoke(seq, sensor, "alarm"), 1);
        assertThat(ack.reasonCode()).as("PUBACK of %s's smoke alarm", deviceId).isZero();
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(10))
                .until(() -> gw.openAlarmFor(deviceId, sensor).isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("smoke alarm to open fire alarm").isLessThan(LIMIT);
    }
}
