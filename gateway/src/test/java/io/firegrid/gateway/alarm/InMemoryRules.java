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
 * <p>Speed, measured on the shared 2-core build machine under a load average of about 20 (other
 * builds running): the median case took 1 ms in Surefire's report; the 743 cases of the pressure
 * table ran in 12 s of which most was the first cases' class loading and waiting for a core.
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
