package io.firegrid.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each architecture rule fails on the violation planted for it in {@code io.firegrid.archfixture},
 * naming the offending class and what it reached for: a rule that passes the gateway is a rule
 * that would have caught a break.
 */
class ArchitectureRulesTest {

    private static final String ROOT = "io.firegrid.archfixture";
    private static JavaClasses planted;

    @BeforeAll
    static void importPlanted() {
        planted = new ClassFileImporter().importPackages(ROOT);
        assertThat(planted.stream().map(c -> c.getSimpleName()))
                .contains("PlantedRule", "PlantedEndpoint", "PlantedPlace", "PlantedRoot");
    }

    @Test
    void anAlarmRuleImportingAnAdapterOrATransportIsCaught() {
        EvaluationResult result = ArchitectureRules.coreKnowsNoTransport(ROOT).evaluate(planted);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("PlantedRule") && d.contains("PlantedEndpoint"))
                .anyMatch(d -> d.contains("PlantedRule") && d.contains("io.vertx.mqtt.MqttEndpoint"))
                .noneMatch(d -> d.startsWith("Field <" + ROOT + ".mqtt"));
    }

    @Test
    void anAlarmRuleHoldingAnEventLoopIsCaught() {
        EvaluationResult result = ArchitectureRules.alarmRulesNeedNoEventLoop(ROOT).evaluate(planted);
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("PlantedRule") && d.contains("io.vertx.core.Vertx"));
    }

    @Test
    void aDomainClassReachingIntoTheRootIsCaught() {
        EvaluationResult result = ArchitectureRules.nothingDependsOnTheRoot(ROOT).evaluate(planted);
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("PlantedPlace") && d.contains("PlantedRoot"));
    }

    @Test
    void twoPackagesUsingEachOtherAreACycle() {
        EvaluationResult result = ArchitectureRules.noCycles(ROOT).evaluate(planted);
        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("alarm").contains("mqtt").contains("PlantedRule").contains("PlantedEndpoint")
                .doesNotContain("PlantedPlace");
    }
}
