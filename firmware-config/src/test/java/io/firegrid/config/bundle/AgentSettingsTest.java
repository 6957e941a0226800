package io.firegrid.config.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.firegrid.inventory.Contact;
import io.firegrid.inventory.Device;
import io.firegrid.inventory.Limits;
import io.firegrid.inventory.Sensor;
import io.firegrid.protocol.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    private static Sensor contact(String id, Kind kind, int gpio) {
        return new Sensor(id, kind, "z", gpio, Contact.NC, null, null, null, Limits.NONE);
    }

    @Test
    void aDeviceWithoutADoorReadsNoDoorAndItsSirenGoesOnAPinNoSensorUses() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 22),
                new Sensor("hydrant-1", Kind.PRESSURE, "z", null, null, 0x49, 2, 2.5, Limits.NONE)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.problems()).isEmpty();
        assertThat(r.env()).containsEntry("FIREGRID_AGENT_SMOKE_PIN", "22").containsEntry("FIREGRID_AGENT_SMOKE_CONTACT", "NC")
                .containsEntry("FIREGRID_AGENT_DOOR_PIN", "none").doesNotContainKey("FIREGRID_AGENT_DOOR_CONTACT")
                .containsEntry("FIREGRID_AGENT_SIREN_PIN", "27")
                .containsEntry("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", "0x49")
                .containsEntry("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", "2")
                .containsEntry("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0..2.5");
        // the agent reads what the inventory lists and nothing else: no door it would report
        java.util.Map<String, String> env = new java.util.HashMap<>(r.env());
        env.put("FIREGRID_AGENT_PLATFORM", "mock");
        assertThat(io.firegrid.agent.app.AgentConfig.fromEnv(env).hardware().contacts())
                .extracting(io.firegrid.agent.sensor.ContactSpec::sensor).containsExactly("smoke-1");
    }

    @Test
    void moreDetectorsDoorsCallPointsAndExitsGoToTheAgentsListOfContacts() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 17), contact("door-1", Kind.DOOR, 27),
                contact("door-2", Kind.DOOR, 5), contact("mcp-1", Kind.CALL_POINT, 6), contact("exit-1", Kind.EXIT, 13)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.problems()).isEmpty();
        assertThat(r.env()).containsEntry("FIREGRID_AGENT_SMOKE_PIN", "17").containsEntry("FIREGRID_AGENT_DOOR_PIN", "27")
                .containsEntry("FIREGRID_AGENT_CONTACTS", "door-2:door:5:NC,mcp-1:call-point:6:NC,exit-1:exit:13:NC")
                .containsEntry("FIREGRID_AGENT_SIREN_PIN", "22");
    }

    @Test
    void aDeviceWithASilenceLimitHeartbeatsThreeTimesWithinIt() {
        List<Sensor> sensors = List.of(contact("smoke-1", Kind.SMOKE, 17), contact("door-1", Kind.DOOR, 27));

        assertThat(AgentSettings.of("t1", new Device("pi-9", "b", null, sensors, null, 7500), "tcp://h:1883", "pw", "psk").env())
                .containsEntry("FIREGRID_AGENT_HEARTBEAT_SECONDS", "2500");
        assertThat(AgentSettings.of("t1", new Device("pi-9", "b", null, sensors, null, 20), "tcp://h:1883", "pw", "psk").env())
                .as("never below the agent's shortest period").containsEntry("FIREGRID_AGENT_HEARTBEAT_SECONDS", "10");
        assertThat(AgentSettings.of("t1", new Device("pi-9", "b", null, sensors), "tcp://h:1883", "pw", "psk").env())
                .as("the agent's own 60 s").doesNotContainKey("FIREGRID_AGENT_HEARTBEAT_SECONDS");
    }

    @Test
    void refusesSensorsTheAgentCannotReadWithEveryReason() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.DOOR, 17),
                new Sensor("hydrant-1", Kind.PRESSURE, "z", null, null, 0x48, 0, 1.6, Limits.NONE),
                new Sensor("hydrant-2", Kind.PRESSURE, "z", null, null, 0x49, 0, 1.6, Limits.NONE)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.env()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "device pi-9: the edge agent keeps the id 'smoke-1' for its smoke detector, this door sensor needs another id",
                "device pi-9: the edge agent reads one pressure transmitter, this device has 'hydrant-1' and 'hydrant-2'; "
                        + "put the second on another device");
    }
}
