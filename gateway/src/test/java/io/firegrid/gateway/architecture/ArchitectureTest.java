package io.firegrid.gateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's main classes keep the architecture of docs/architecture.md. */
class ArchitectureTest {

    private static final String ROOT = "io.firegrid.gateway";
    private static JavaClasses gateway;

    @BeforeAll
    static void importGateway() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theCoreKnowsNoTransport() {
        ArchitectureRules.coreKnowsNoTransport(ROOT).check(gateway);
    }

    @Test
    void alarmRulesNeedNoEventLoop() {
        ArchitectureRules.alarmRulesNeedNoEventLoop(ROOT).check(gateway);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        ArchitectureRules.nothingDependsOnTheRoot(ROOT).check(gateway);
    }

    @Test
    void packagesHaveNoCycles() {
        ArchitectureRules.noCycles(ROOT).check(gateway);
    }
}
