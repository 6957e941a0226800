package io.firegrid.agent.sim.scenario;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A parsed scenario: its steps in time order, steps at the same time in the order written.
 *
 * @param name  where it came from, for messages (a file name or a built-in scenario's name)
 * @param steps the steps; sorted by {@link Step#at()} when the scenario is built
 */
public record Scenario(String name, List<Step> steps) {

    public Scenario {
        steps = steps.stream().sorted(Comparator.comparing(Step::at)).toList();
    }

    /** When the last step is done, a ramp counting until its end level. */
    public Duration length() {
        return steps.stream().map(s -> s instanceof Step.Ramp r ? r.at().plus(r.over()) : s.at())
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
