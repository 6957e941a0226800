package io.firegrid.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The connection rate's queue and its lane for clients holding an event, on a clock the test
 * moves: a CONNECT beyond the burst gets a wait, in order, up to {@link MqttLimits#CONNECT_QUEUE_SECONDS}
 * of the rate, then a refusal; one that says an event waits gets in at once while the queue is
 * full, up to that lane's own burst.
 */
class MqttAdmissionQueueTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MqttAdmission admission = new MqttAdmission(MqttLimits.DEFAULTS.withConnectRate(10, 5), now::get);

    @Test
    void beyondTheBurstACONNECTWaitsItsTurnThenIsRefused() {
        for (int i = 0; i < 5; i++) {
            assertThat(admission.reserve(false)).isZero();
        }
        // 10/s: the n-th beyond the burst waits n/10 s, up to 5 s (50 of them)
        long previous = 0;
        for (int n = 1; n <= 50; n++) {
            long wait = admission.reserve(false);
            assertThat(wait).isBetween((long) ((n - 1) * 1e8), (long) (n * 1e8));
            assertThat(wait).isGreaterThan(previous);
            previous = wait;
        }
        assertThat(admission.reserve(false)).isEqualTo(-1);
        assertThat(admission.overRate().code()).isEqualTo("connect-rate");
        assertThat(admission.overRate().reason()).contains("10 new connections per second").contains("retry");

        // a second later 10 turns have passed: 10 more may queue
        now.addAndGet(1_000_000_000L);
        for (int i = 0; i < 10; i++) {
            assertThat(admission.reserve(false)).isPositive();
        }
        assertThat(admission.reserve(false)).isEqualTo(-1);
    }

    @Test
    void aClientHoldingAnEventGetsInAtOnceWhileTheQueueIsFullUpToItsLanesBurst() {
        while (admission.reserve(false) >= 0) {
            // fill the burst and the queue
        }
        for (int i = 0; i < MqttAdmission.URGENT_BURST; i++) {
            assertThat(admission.reserve(true)).isZero();
        }
        // beyond its lane it is one of the crowd: the queue is full
        assertThat(admission.reserve(true)).isEqualTo(-1);
        // its lane refills at its own rate
        now.addAndGet(1_000_000_000L / MqttAdmission.URGENT_RATE);
        assertThat(admission.reserve(true)).isZero();
    }
}
