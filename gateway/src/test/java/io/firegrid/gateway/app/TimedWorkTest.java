package io.firegrid.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The time-based work: every part runs on each tick, and one failing part fails the tick without stopping the others. */
class TimedWorkTest {

    private final List<String> ran = new ArrayList<>();

    @Test
    void aTickRunsEveryPart() {
        TimedWork work = new TimedWork(List.of(part("drills", null), part("alarms", null), part("disk", null)),
                () -> Future.succeededFuture(0), () -> Future.succeededFuture(0));

        Future<Void> tick = work.tick();

        assertThat(tick.succeeded()).isTrue();
        assertThat(ran).containsExactly("drills", "alarms", "disk");
    }

    @Test
    void aFailingPartFailsTheTickAndTheOthersStillRun() {
        TimedWork work = new TimedWork(List.of(part("drills", null), part("alarms", "store is full"), part("disk", null)),
                () -> Future.succeededFuture(0), () -> Future.succeededFuture(0));

        Future<Void> tick = work.tick();

        assertThat(tick.failed()).isTrue();
        assertThat(tick.cause()).hasMessage("store is full");
        assertThat(ran).containsExactly("drills", "alarms", "disk");
    }

    @Test
    void deletingOldReadingsTellsHowManyWent() {
        TimedWork work = new TimedWork(List.of(), () -> Future.succeededFuture(42), () -> Future.succeededFuture(0));

        assertThat(work.deleteOldReadings().result()).isEqualTo(42);
    }

    private Supplier<Future<?>> part(String name, String failure) {
        return () -> {
            ran.add(name);
            return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
        };
    }
}
