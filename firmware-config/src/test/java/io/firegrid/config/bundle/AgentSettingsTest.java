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
    void aDeviceWithoutADoorGetsItsInputAndTheSirenOnPinsNoSensorUses() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 22),
                new Sensor("hydrant-1", Kind.PRESSURE, "z", null, null, 0x49, 2, 2.5, Limits.NONE)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.problems()).isEmpty();
        assertThat(r.env()).containsEntry("FIREGRID_AGENT_SMOKE_PIN", "22").containsEntry("FIREGRID_AGENT_SMOKE_CONTACT", "NC")
                .containsEntry("FIREGRID_AGENT_DOOR_PIN", "27").containsEntry("FIREGRID_AGENT_SIREN_PIN", "17")
                .containsEntry("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", "0x49")
                .containsEntry("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", "2")
                .containsEntry("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0..2.5");
    }

    @Test
    void refusesSensorsTheAgentCannotReadWithEveryReason() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-a", Kind.SMOKE, 17),
                contact("door-1", Kind.DOOR, 27), contact("door-2", Kind.DOOR, 5)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.env()).isEmpty();
        assertThat(r.problems()).containsExactly(
                "device pi-9: the edge agent reports its smoke sensor as 'smoke-1', the inventory calls it 'smoke-a'; "
                        + "rename it to smoke-1 in the inventory",
                "device pi-9: the edge agent reads one door sensor, this device has 'door-1' and 'door-2'; "
                        + "put the second on another device");
    }
}
