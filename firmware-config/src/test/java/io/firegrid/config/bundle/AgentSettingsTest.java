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

    private static Sensor loop(String id, Kind kind, Contact contact, io.firegrid.inventory.EolLoop eol) {
        return new Sensor(id, kind, "z", null, contact, null, null, null, Limits.NONE, null, eol);
    }

    private static io.firegrid.agent.app.AgentConfig agentReads(java.util.Map<String, String> written) {
        java.util.Map<String, String> env = new java.util.HashMap<>(written);
        env.put("FIREGRID_AGENT_PLATFORM", "mock");
        return io.firegrid.agent.app.AgentConfig.fromEnv(env);
    }

    @Test
    void loopsGoToTheAgentsSupervisedLoopsEachWithItsOwnResistorsAndTheAgentReadsThemSo() {
        Device d = new Device("pi-9", "b", null, List.of(
                loop("smoke-1", Kind.SMOKE, Contact.NO, io.firegrid.inventory.EolLoop.on(1)),
                contact("door-1", Kind.DOOR, 17),
                loop("door-2", Kind.DOOR, Contact.NC, new io.firegrid.inventory.EolLoop(2, 0x48, 4700, 10000, 2200)),
                loop("call-1", Kind.CALL_POINT, Contact.NO, new io.firegrid.inventory.EolLoop(0, 0x49, 10000, 10000, 10000)),
                new Sensor("hydrant-1", Kind.PRESSURE, "z", null, null, 0x48, 0, 1.6, Limits.NONE)));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", "pw", "psk");

        assertThat(r.problems()).isEmpty();
        assertThat(r.env()).containsEntry("FIREGRID_AGENT_EOL_LOOPS",
                        "smoke-1:smoke:1:NO,door-2:door:2:NC:eol=10000:alarm=2200,call-1:call-point:0:NO:addr=0x49:pullup=10000:eol=10000:alarm=10000")
                .containsEntry("FIREGRID_AGENT_SMOKE_PIN", "none").containsEntry("FIREGRID_AGENT_DOOR_PIN", "17")
                .doesNotContainKey("FIREGRID_AGENT_EOL_RESISTOR_OHMS");
        assertThat(r.env().get("FIREGRID_AGENT_SIREN_PIN")).as("never the I2C pins").isNotIn("2", "3", "17");
        var loops = agentReads(r.env()).hardware().loops();
        assertThat(loops).extracting(io.firegrid.agent.eol.LoopSpec::sensor, io.firegrid.agent.eol.LoopSpec::where)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("smoke-1", "i2c-1/0x48/AIN1"),
                        org.assertj.core.groups.Tuple.tuple("door-2", "i2c-1/0x48/AIN2"),
                        org.assertj.core.groups.Tuple.tuple("call-1", "i2c-1/0x49/AIN0"));
        assertThat(loops.get(0).wiring()).isEqualTo(io.firegrid.agent.eol.LoopWiring.defaults());
        assertThat(loops.get(1).contact()).isEqualTo(io.firegrid.agent.sensor.Contact.NC);
        assertThat(new double[] {loops.get(1).wiring().pullUpOhms(), loops.get(1).wiring().eolOhms(),
                loops.get(1).wiring().alarmOhms()}).containsExactly(4700, 10000, 2200);
        assertThat(loops.get(2).wiring().pullUpOhms()).isEqualTo(10000);
    }

    @Test
    void aCoapDeviceGetsTheCoapAddressAndItsPskAndNoMqttAddress() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 17)), null, null, null, null, null,
                io.firegrid.inventory.Transport.COAP, null);

        AgentSettings.Result r = AgentSettings.of("t1", d, "ssl://h:8883", "/etc/firegrid/ca.pem", "pw", "0123abcd", "coaps://h:5684",
                null);

        assertThat(r.problems()).isEmpty();
        assertThat(r.env()).containsEntry("FIREGRID_COAP_URI", "coaps://h:5684").containsEntry("FIREGRID_AGENT_PSK", "0123abcd")
                .doesNotContainKeys("FIREGRID_MQTT_URI", "FIREGRID_MQTT_CA", "FIREGRID_SECONDARY_MQTT_URI");
        assertThat(agentReads(r.env()).toString()).contains("coapUri=coaps://h:5684");
        assertThat(AgentSettings.of("t1", d, "ssl://h:8883", null, "pw", "k", null, null).problems()).containsExactly(
                "device pi-9 reports over CoAP: give bundle the gateway's CoAP address, --coap coaps://HOST:5684");
    }

    @Test
    void aDeviceWithASecondaryGatewayGetsItsMqttAddressAndTheAgentRunsBothPaths() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 17)));
        var secondary = new io.firegrid.inventory.SecondaryGateway(java.net.URI.create("http://gw2:8080"),
                java.net.URI.create("tcp://gw2:1883"));

        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", null, "pw", "psk", null, secondary);

        assertThat(r.env()).containsEntry("FIREGRID_SECONDARY_MQTT_URI", "tcp://gw2:1883")
                .containsEntry("FIREGRID_MQTT_URI", "tcp://h:1883").doesNotContainKey("FIREGRID_SECONDARY_PASSWORD");
        var dual = agentReads(r.env()).dualPath();
        assertThat(dual).isPresent();
        assertThat(dual.get().secondaryUri()).isEqualTo(java.net.URI.create("tcp://gw2:1883"));
        assertThat(dual.get().secondaryPassword()).as("the same password: the device is registered on both").isEqualTo("pw");
    }

    @Test
    void theSecondarysCaIsNamedForATlsSecondaryOnlyAsTheAgentTakesIt() {
        Device d = new Device("pi-9", "b", null, List.of(contact("smoke-1", Kind.SMOKE, 17)));
        var overTls = new io.firegrid.inventory.SecondaryGateway(java.net.URI.create("https://gw2:8443"),
                java.net.URI.create("ssl://gw2:8883"), "gw2-ca.pem");
        var plain = new io.firegrid.inventory.SecondaryGateway(java.net.URI.create("https://gw2:8443"),
                java.net.URI.create("tcp://gw2:1883"), "gw2-ca.pem");

        assertThat(AgentSettings.of("t1", d, "tcp://h:1883", null, "pw", "psk", null, overTls).env())
                .containsEntry("FIREGRID_SECONDARY_MQTT_CA", "/etc/firegrid/secondary-ca.pem");
        AgentSettings.Result r = AgentSettings.of("t1", d, "tcp://h:1883", null, "pw", "psk", null, plain);
        assertThat(r.env()).as("the agent refuses a CA with tcp://").doesNotContainKey("FIREGRID_SECONDARY_MQTT_CA");
        assertThat(agentReads(r.env()).dualPath()).isPresent();
    }
}
