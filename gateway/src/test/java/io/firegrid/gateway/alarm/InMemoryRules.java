package io.firegrid.gateway.alarm;

import java.time.Instant;

/**
 * Base of the scenario tests of the alarm rules: each test gets a fresh {@link AlarmScenario} (the
 * {@link AlarmEngine} alone, in memory, on a clock standing at {@link #NOON} until a step moves it)
 * and reads as {@code given()...; when()...; then()...}.
 *
 * <p>Every rule of docs/alarms.md has its scenarios here, in {@code FireRulesScenarioTest},
 * {@code DoorAndExitRulesScenarioTest}, {@code PressureRulesScenarioTest},
 * {@code TroubleRulesScenarioTest}, {@code OfflineAndSilenceScenarioTest},
 * {@code DrillMarkScenarioTest} and {@code AlarmLifecycleScenarioTest}, with the pressure band
 * swept in {@link PressureThresholdTableTest}. The same rules are proven end to end through MQTT by
 * {@code SupervisoryAndTroubleRulesTest}, {@code SilentDeviceRuleTest} and the dispatch scenarios;
 * these need no gateway, so a rule change is tested here first.
 *
 * <p>Speed, on the shared 2-core build machine while other builds kept its load average at 13 to
 * 20: in Surefire the 40 scenarios of these classes took 0.2 to 1.6 s per class (the first cases
 * pay class loading), and the 743 cases of the pressure table 6 to 12 s with a median of 1 ms per
 * case. Run warm in one JVM outside JUnit, 2,000 scenarios of a hydrant reading plus a door held
 * open for 120 s ticked second by second took 0.6 to 2.9 s per round: hundreds of cases a second
 * even on a busy machine. There are no timing assertions; these figures are for the reader.
 */
abstract class InMemoryRules {

    static final Instant NOON = Instant.parse("2026-11-28T12:00:00Z");

    final AlarmScenario scenario = new AlarmScenario();

    AlarmScenario.Given given() {
        return scenario.given();
    }

    AlarmScenario.When when() {
        return scenario.when();
    }

    AlarmScenario.Then then() {
        return scenario.then();
    }
}
