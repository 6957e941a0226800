package io.firegrid.agent.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.agent.sim.DemoSimulator;
import io.firegrid.protocol.FireGridException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

    @TempDir
    Path dir;

    @Test
    void everyBuiltInScenarioFitsTheDemosThreeDevices() {
        for (String name : Scenarios.BUILT_IN) {
            assertThat(Scenarios.load(name, DemoSimulator.layout(3)).steps()).as(name).isNotEmpty();
        }
    }

    @Test
    void loadsAScenarioFileByPathNamingItInMessages() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.txt"), "at 0s pi-a1 smoke-1 alarm\nat 1s pi-a1 smoke-1 smouldering\n");

        assertThatThrownBy(() -> Scenarios.load(file.toString(), DemoSimulator.layout(3)))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.reason()).isEqualTo(file
                        + ":2: unknown action 'smouldering' for smoke detector smoke-1: use alarm or normal"));
    }

    @Test
    void refusesANameThatIsNeitherBuiltInNorAFileListingTheBuiltInOnes() {
        assertThatThrownBy(() -> Scenarios.load("fire-in-zone-z", DemoSimulator.layout(3)))
                .isInstanceOfSatisfying(FireGridException.class, e -> assertThat(e.reason()).isEqualTo(
                        "no scenario 'fire-in-zone-z': give one of fire-in-zone-a, slow-hydrant-leak, door-wedged-open, "
                                + "wire-break, power-cut, or the path of a scenario file"));
    }

    @Test
    void theHydrantScenariosNeedTheHydrantOnPiB1() {
        assertThatThrownBy(() -> Scenarios.load("wire-break", DemoSimulator.layout(2)))
                .hasMessageContaining("wire-break.txt:4: unknown device 'pi-b1': the devices are pi-a1, pi-a2");
    }
}
