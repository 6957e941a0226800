package io.firegrid.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.protocol.DeviceId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Holding commands for sleepy devices: only for CoAP devices, oldest first, never piling up for one that sleeps on. */
class SleepyCommandsTest {

    private static final DeviceId PI = new DeviceId("t1", "pi-1");
    private final Set<String> wanted = new HashSet<>();
    private final SleepyCommands commands = new SleepyCommands(wanted::contains);

    @Test
    void aDeviceNeverHeardOverCoapIsNotTakenOn() {
        assertThat(commands.send(PI, "r1", "test", new byte[0])).isFalse();
        assertThat(commands.queued(PI)).isZero();
    }

    @Test
    void commandsAreHandedOutOldestFirstSkippingThoseNobodyWaitsFor() {
        commands.heardFrom(PI);
        send("r1");
        send("r2");
        send("r3");
        wanted.remove("r1");

        assertThat(commands.next(PI)).map(SleepyCommands.Queued::requestId).hasValue("r2");
        assertThat(commands.next(PI)).map(SleepyCommands.Queued::requestId).hasValue("r3");
        assertThat(commands.next(PI)).isEmpty();
    }

    @Test
    void commandsForADeviceThatSleepsOnArePrunedAndBounded() {
        commands.heardFrom(PI);
        for (int i = 0; i < 100; i++) {
            send("old-" + i);
            wanted.remove("old-" + i); // each caller gave up before the next was sent
        }
        assertThat(commands.queued(PI)).isLessThanOrEqualTo(1);

        for (int i = 0; i < 100; i++) {
            send("live-" + i);
        }
        assertThat(commands.queued(PI)).isEqualTo(SleepyCommands.MAX_QUEUED_PER_DEVICE);
        assertThat(commands.next(PI)).map(SleepyCommands.Queued::requestId).hasValue("live-84");
    }

    @Test
    void aWaitingDeviceGetsTheCommandAtOnceAndAGivenUpWaitGetsNothing() {
        commands.heardFrom(PI);
        AtomicReference<Optional<SleepyCommands.Queued>> first = new AtomicReference<>();
        commands.await(PI, first::set);
        send("r1");
        assertThat(first.get()).map(SleepyCommands.Queued::requestId).hasValue("r1");

        AtomicReference<Optional<SleepyCommands.Queued>> second = new AtomicReference<>();
        java.util.function.Consumer<Optional<SleepyCommands.Queued>> waiter = second::set;
        commands.await(PI, waiter);
        commands.giveUp(PI, waiter);
        assertThat(second.get()).isEmpty();
        send("r2");
        assertThat(second.get()).isEmpty(); // not handed to a wait that ended
        assertThat(commands.queued(PI)).isEqualTo(1);
    }

    private void send(String requestId) {
        wanted.add(requestId);
        assertThat(commands.send(PI, requestId, "sound-alarm", new byte[0])).isTrue();
    }
}
