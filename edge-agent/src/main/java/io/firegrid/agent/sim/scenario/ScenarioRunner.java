package io.firegrid.agent.sim.scenario;

import io.firegrid.agent.pressure.PressureTransmitter;
import io.firegrid.protocol.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a {@link Scenario} on a {@link Fleet}: each step runs at its time divided by the speed
 * factor, so {@code speed} 10 plays ten minutes in one, and tests play hours in a second. A ramp
 * sets a new level each {@link #RAMP_STEP} of scenario time, ending on its final level.
 *
 * <p>Steps run one at a time on the runner's own scheduler thread, in time order, steps at the
 * same time in the order written. A step that fails (say, a sensor that the fleet refuses) is
 * logged and the rest still run; the run then ends exceptionally with the first failure.
 * {@code narrate} hears one line per step (a ramp: its start and its end), on that thread.
 */
public final class ScenarioRunner implements AutoCloseable {

    /** 10 s: the pressure transmitter's default reading period, so each reading sees a new level. */
    public static final Duration RAMP_STEP = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    private final Fleet fleet;
    private final double speed;
    private final Consumer<String> narrate;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "firegrid-scenario"));

    /**
     * @throws IllegalArgumentException unless {@code speed} is positive and finite
     */
    public ScenarioRunner(Fleet fleet, double speed, Consumer<String> narrate) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed should be a positive number, was " + speed);
        }
        this.fleet = fleet;
        this.speed = speed;
        this.narrate = narrate;
    }

    /** Schedules every step from now; the future completes after the last one. */
    public CompletableFuture<Void> run(Scenario scenario) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        for (Step step : scenario.steps()) {
            if (step instanceof Step.Ramp r) {
                ramp(r, failed);
            } else {
                at(step.at(), step, () -> play(step), failed);
            }
        }
        later(scenario.length(), () -> {
            if (failed.get() == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failed.get());
            }
        });
        LOG.info("scenario started [name: {}, steps: {}, length: {}, speed: {}]", scenario.name(),
                scenario.steps().size(), scenario.length(), speed);
        return done;
    }

    private void play(Step step) {
        if (step instanceof Step.Contact c) {
            fleet.contact(c.device(), c.sensor(), c.active());
            say(c, c.sensor() + " -> " + word(c));
        } else if (step instanceof Step.Pressure p) {
            fleet.loop(p.device(), p.sensor(), t -> t.mpa(p.mpa()));
            say(p, p.sensor() + " -> " + p.mpa() + " MPa");
        } else if (step instanceof Step.Current c) {
            fleet.loop(c.device(), c.sensor(), t -> t.milliamps(c.milliamps()));
            say(c, c.sensor() + " -> loop current " + c.milliamps() + " mA"
                    + (c.milliamps() < PressureTransmitter.FAULT_BELOW_MA ? " (wire broken)"
                            : c.milliamps() > PressureTransmitter.FAULT_ABOVE_MA ? " (wire shorted)" : ""));
        } else if (step instanceof Step.Power p) {
            if (p.on()) {
                fleet.powerOn(p.device());
            } else {
                fleet.powerOff(p.device());
            }
            say(p, "power " + (p.on() ? "on: the agent starts again" : "off: the agent stops"));
        } else {
            throw new IllegalStateException("ramps are played level by level, not as one step");
        }
    }

    private String word(Step.Contact c) {
        boolean smoke = fleet.layout().get(c.device()).contacts().stream()
                .anyMatch(s -> s.sensor().equals(c.sensor()) && s.kind() == Kind.SMOKE);
        return smoke ? (c.active() ? "ALARM" : "normal") : (c.active() ? "OPEN" : "closed");
    }

    private void ramp(Step.Ramp r, AtomicReference<RuntimeException> failed) {
        long levels = Math.max(1, (r.over().toMillis() + RAMP_STEP.toMillis() - 1) / RAMP_STEP.toMillis());
        for (long i = 0; i <= levels; i++) {
            double mpa = r.fromMpa() + (r.toMpa() - r.fromMpa()) * i / levels;
            boolean first = i == 0;
            boolean last = i == levels;
            Duration when = r.at().plus(r.over().multipliedBy(i).dividedBy(levels));
            at(when, r, () -> {
                fleet.loop(r.device(), r.sensor(), t -> t.mpa(mpa));
                if (first) {
                    say(r, r.sensor() + " -> " + r.fromMpa() + " MPa, moving to " + r.toMpa() + " MPa over "
                            + r.over().toSeconds() + " s");
                } else if (last) {
                    say(when, r, r.sensor() + " -> " + r.toMpa() + " MPa, ramp done");
                }
            }, failed);
        }
    }

    private void at(Duration when, Step step, Runnable action, AtomicReference<RuntimeException> failed) {
        later(when, () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("scenario step failed [line: {}, device: {}]", step.line(), step.device(), e);
                failed.compareAndSet(null, e);
            }
        });
    }

    private void later(Duration when, Runnable action) {
        scheduler.schedule(action, (long) (when.toNanos() / speed), TimeUnit.NANOSECONDS);
    }

    private void say(Step step, String what) {
        say(step.at(), step, what);
    }

    private void say(Duration at, Step step, String what) {
        narrate.accept(String.format("scenario: %s %s %s", clock(at), step.device(), what));
    }

    private static String clock(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /** Stops: steps not yet played are dropped. The fleet is left as it is. */
    @Override
    public void close() {
        List<Runnable> dropped = scheduler.shutdownNow();
        if (!dropped.isEmpty()) {
            LOG.info("scenario stopped [steps left: {}]", dropped.size());
        }
    }
}
