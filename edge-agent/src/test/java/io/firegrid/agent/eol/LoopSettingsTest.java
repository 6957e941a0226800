package io.firegrid.agent.eol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.agent.app.AgentConfig;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Supervised loops as an installer configures them, and the mistakes the agent names before it starts. */
class LoopSettingsTest {

    private static Map<String, String> agent(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(AgentConfig.TENANT, "t1", AgentConfig.DEVICE, "pi-0042",
                AgentConfig.PASSWORD, "s3cret", AgentConfig.PLATFORM, "mock"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void noLoopsUnlessListed() {
        assertThat(AgentConfig.fromEnv(agent()).hardware().loops()).isEmpty();
    }

    @Test
    void listedLoopsGetTheDeclaredDefaults() {
        AgentConfig c = AgentConfig.fromEnv(agent(LoopSpec.LOOPS.name(), "smoke-2:smoke:1, door-2:door:2:NC"));

        assertThat(c.hardware().loops()).containsExactly(
                new LoopSpec("smoke-2", Kind.SMOKE, LoopSpec.I2C_BUS.defaultValue(), LoopSpec.I2C_ADDRESS.defaultValue(), 1,
                        Contact.NO, new LoopWiring(LoopWiring.PULL_UP.defaultValue(), LoopWiring.EOL.defaultValue(),
                        LoopWiring.ALARM.defaultValue(), LoopWiring.SUPPLY_VOLTS, LoopWiring.HYSTERESIS.defaultValue() / 1000.0),
                        LoopSpec.PERIOD.defaultValue()),
                LoopSpec.of("door-2", Kind.DOOR, 2, Contact.NC));
    }

    @Test
    void theAdcAndResistorsAreSetOnceForAllLoops() {
        LoopSettings s = LoopSettings.fromEnv(Map.of(LoopSpec.LOOPS.name(), "call-1:call-point:3",
                LoopSpec.I2C_ADDRESS.name(), "0x49", LoopSpec.I2C_BUS.name(), "0", LoopSpec.PERIOD.name(), "500",
                LoopWiring.EOL.name(), "10000", LoopWiring.ALARM.name(), "2200", LoopWiring.PULL_UP.name(), "10000"));

        assertThat(s.problems()).isEmpty();
        LoopSpec l = s.loops().get(0);
        assertThat(l.where()).isEqualTo("i2c-0/0x49/AIN3");
        assertThat(l.period()).isEqualTo(Duration.ofMillis(500));
        assertThat(l.wiring().eolOhms()).isEqualTo(10000);
        assertThat(l.bands().normalVolts()).isEqualTo(1.65);
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(agent(LoopSpec.LOOPS.name(),
                "smoke-2:smoke:7,pump:pressure:1,x:door,door-2:door:2:NX", LoopSpec.I2C_ADDRESS.name(), "0x50")))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("ADC channel 7 should be between 0 and 3")
                .hasMessageContaining("kind 'pressure' should be smoke, call-point, door or exit")
                .hasMessageContaining("entry 'x:door' should be id:kind:AIN")
                .hasMessageContaining("contact type 'NX' is unknown")
                .hasMessageContaining(LoopSpec.I2C_ADDRESS.name() + " must be between 72 and 75");
    }

    @Test
    void aLoopOnThePressureTransmittersInputIsRefused() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(agent(AgentConfig.PRESSURE_SENSOR, "hydrant-1",
                LoopSpec.LOOPS.name(), "smoke-2:smoke:0")))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("ADC input i2c-1/0x48/AIN0 of sensor smoke-2 is already used");
    }

    @Test
    void aLoopWithAContactsIdIsRefused() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(agent(LoopSpec.LOOPS.name(), "door-1:door:1")))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining("sensor id door-1 is used twice");
    }

    @Test
    void resistorSettingsWithoutLoopsAreAMistake() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(agent(LoopWiring.EOL.name(), "2200")))
                .isInstanceOf(FireGridException.class)
                .hasMessageContaining(LoopWiring.EOL.name() + " is set but " + LoopSpec.LOOPS.name() + " is not");
    }

    @Test
    void aLoopMayHaveResistorsAndAnAdcOfItsOwn() {
        LoopSettings s = LoopSettings.fromEnv(Map.of(LoopSpec.LOOPS.name(),
                "smoke-2:smoke:1,smoke-3:smoke:2:NO:eol=2200:alarm=1000,door-2:door:1:NC:addr=0x49:pullup=10000:eol=10000",
                LoopWiring.EOL.name(), "4700"));

        assertThat(s.problems()).isEmpty();
        assertThat(s.loops()).extracting(LoopSpec::where)
                .containsExactly("i2c-1/0x48/AIN1", "i2c-1/0x48/AIN2", "i2c-1/0x49/AIN1");
        assertThat(s.loops().get(0).wiring()).isEqualTo(LoopWiring.defaults());
        LoopWiring own = s.loops().get(1).wiring();
        assertThat(new double[] {own.pullUpOhms(), own.eolOhms(), own.alarmOhms()}).containsExactly(4700, 2200, 1000);
        assertThat(s.loops().get(2).contact()).isEqualTo(Contact.NC);
        assertThat(s.loops().get(2).wiring().eolOhms()).isEqualTo(10000);
        assertThat(s.loops().get(2).bands().normalVolts()).isEqualTo(1.65);
    }

    @Test
    void aLoopsOwnValuesAreCheckedAndNamedWithItsEntry() {
        LoopSettings s = LoopSettings.fromEnv(Map.of(LoopSpec.LOOPS.name(),
                "smoke-2:smoke:1:eol=4k7,smoke-3:smoke:2:alarm=50,door-2:door:3:NC:addr=0x50,call-1:call-point:0:colour=red"));

        assertThat(s.loops()).isEmpty();
        assertThat(s.problems()).containsExactly(
                LoopSpec.LOOPS.name() + " entry 'smoke-2:smoke:1:eol=4k7': eol=4k7 should be a whole number of ohms, e.g. eol=4700",
                LoopSpec.LOOPS.name() + " entry 'smoke-3:smoke:2:alarm=50': alarm=50: " + LoopWiring.ALARM.name()
                        + " must be between 100 and 1000000, not 50 (default 4700)",
                LoopSpec.LOOPS.name() + " entry 'door-2:door:3:NC:addr=0x50': addr=0x50: " + LoopSpec.I2C_ADDRESS.name()
                        + " must be between 72 and 75, not 80 (default 0x48)",
                LoopSpec.LOOPS.name() + " entry 'call-1:call-point:0:colour=red': 'colour=' is not a loop's own setting: "
                        + "use addr=0x49, pullup=OHMS, eol=OHMS or alarm=OHMS");
    }
}
