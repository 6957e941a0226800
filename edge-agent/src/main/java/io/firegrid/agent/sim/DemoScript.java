package io.firegrid.agent.sim;

import io.firegrid.agent.Agent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens in the demo: a smoke alarm on a random detector every {@code alarmEvery} (the first
 * after {@code firstAlarmAfter}), back to normal after {@code alarmLasts}; a random door opening
 * every {@code doorEvery} and closing after {@code doorOpenFor}. Prints one line per action.
 *
 * <p>Runs on {@code scheduler}, which must be single-threaded.
 */
final class DemoScript {

    private static final Logger LOG = LoggerFactory.getLogger(DemoScript.class);

    /** A demo device and the agent simulating it. */
    record Simulated(DemoDevice device, Agent agent) {
    }

    private final List<Simulated> devices;
    private final DemoTiming timing;
    private final ScheduledExecutorService scheduler;
    private final PrintStream out;
    private final Random random;
    private final Set<Simulated> inAlarm = new HashSet<>();
    private final Set<Simulated> doorOpen = new HashSet<>();
    private int doorOpenings;

    DemoScript(List<Simulated> devices, DemoTiming timing, ScheduledExecutorService scheduler, PrintStream out, Random random) {
        this.devices = List.copyOf(devices);
        this.timing = timing;
        this.scheduler = scheduler;
        this.out = out;
        this.random = random;
    }

    void start() {
        scheduler.scheduleAtFixedRate(guarded(this::raiseAlarm), timing.firstAlarmAfter().toMillis(),
                timing.alarmEvery().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(guarded(this::openDoor), timing.doorEvery().toMillis() / 2,
                timing.doorEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void raiseAlarm() {
        Simulated s = pick(inAlarm);
        if (s == null) {
            return;
        }
        inAlarm.add(s);
        set(s, DemoDevice.SMOKE, true, "smoke detector", "ALARM");
        later(timing.alarmLasts(), () -> {
            inAlarm.remove(s);
            set(s, DemoDevice.SMOKE, false, "smoke detector", "normal");
        });
    }

    private void openDoor() {
        Simulated s = pick(doorOpen);
        if (s == null) {
            return;
        }
        doorOpen.add(s);
        boolean wedged = ++doorOpenings % DemoTiming.WEDGED_EVERY == 0;
        set(s, DemoDevice.DOOR, true, "door", wedged ? "OPEN (wedged open)" : "OPEN");
        later(wedged ? timing.doorWedgedFor() : timing.doorOpenFor(), () -> {
            doorOpen.remove(s);
            set(s, DemoDevice.DOOR, false, "door", "closed");
        });
    }

    private Simulated pick(Set<Simulated> busy) {
        List<Simulated> free = devices.stream().filter(d -> !busy.contains(d)).toList();
        return free.isEmpty() ? null : free.get(random.nextInt(free.size()));
    }

    private void set(Simulated s, String sensor, boolean active, String what, String state) {
        s.agent().mockContact(sensor).set(active);
        out.printf("demo: %s %s on %s (zone %s) -> %s%n", what, sensor, s.device().name(), s.device().zone(), state);
    }

    private void later(Duration delay, Runnable action) {
        scheduler.schedule(guarded(action), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A periodic task that throws is never run again; log and carry on instead. */
    private static Runnable guarded(Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("demo step failed", e);
            }
        };
    }
}
