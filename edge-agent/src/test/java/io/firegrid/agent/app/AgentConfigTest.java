package io.firegrid.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firegrid.agent.Hardware;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.pressure.PressureTransmitter;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("FIREGRID_AGENT_TENANT", "t1");
        env.put("FIREGRID_AGENT_DEVICE", "pi-0042");
        env.put("FIREGRID_AGENT_PASSWORD", "s3cret");
        return env;
    }

    @Test
    void reportsEveryMissingRequiredVariableByName() {
        assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of()))
                .isInstanceOfSatisfying(FireGridException.class, e -> {
                    assertThat(e.status()).isEqualTo(FireGridException.Status.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo("bad-config");
                })
                .hasMessageContaining("FIREGRID_AGENT_TENANT is not set: set it to")
                .hasMessageContaining("FIREGRID_AGENT_DEVICE is not set")
                .hasMessageContaining("FIREGRID_AGENT_PASSWORD is not set");
    }

    @Test
    void aSecondaryPathTakesTheAgentsPasswordAndTheDefaultTimesUnlessSet() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_SECONDARY_MQTT_URI", "tcp://gw2:1883");

        io.firegrid.agent.dualpath.DualPathOptions d = AgentConfig.fromEnv(env).dualPath().orElseThrow();

        assertThat(d.secondaryUri()).hasToString("tcp://gw2:1883");
        assertThat(d.secondaryPassword()).isEqualTo("s3cret");
        assertThat(d.reportingTime()).hasSeconds(10);
        assertThat(d.supervisionTime()).hasMinutes(3);
        assertThat(AgentConfig.fromEnv(minimal()).dualPath()).isEmpty();
    }

    @Test
    void aSecondaryPathIsRefusedWithCoapAndWithABadAddressOrTime() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_SECONDARY_MQTT_URI", "gw2:1883");
        env.put("FIREGRID_AGENT_SUPERVISION_SECONDS", "1");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("FIREGRID_SECONDARY_MQTT_URI 'gw2:1883'");

        env.put("FIREGRID_SECONDARY_MQTT_URI", "tcp://gw2:1883");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("FIREGRID_AGENT_SUPERVISION_SECONDS must be");

        env.remove("FIREGRID_AGENT_SUPERVISION_SECONDS");
        env.put("FIREGRID_COAP_URI", "coap://gw:5683");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("needs the MQTT uplink");
    }

    @Test
    void namesOnlyTheVariableThatIsMissing() {
        Map<String, String> env = minimal();
        env.remove("FIREGRID_AGENT_PASSWORD");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_PASSWORD")
                .hasMessageNotContaining("FIREGRID_AGENT_TENANT");
    }

    @Test
    void blankCountsAsMissing() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_DEVICE", "  ");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("FIREGRID_AGENT_DEVICE is not set");
    }

    @Test
    void aDeviceWithoutASmokeDetectorOrADoorReadsNeither() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_SMOKE_PIN", "none");
        env.put("FIREGRID_AGENT_DOOR_PIN", " None ");
        env.put("FIREGRID_AGENT_SIREN_PIN", "17"); // smoke-1's default pin is free for it
        env.put("FIREGRID_AGENT_CONTACTS", "mcp-1:call-point:27:NC");

        AgentConfig c = AgentConfig.fromEnv(env);

        assertThat(c.smokePin()).isEqualTo(AgentConfig.NO_PIN);
        assertThat(c.doorPin()).isEqualTo(AgentConfig.NO_PIN);
        assertThat(c.hardware().contacts()).extracting(io.firegrid.agent.sensor.ContactSpec::sensor).containsExactly("mcp-1");
        env.put("FIREGRID_AGENT_DOOR_PIN", "nothing");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("FIREGRID_AGENT_DOOR_PIN");
    }

    @Test
    void appliesTheDocumentedDefaults() {
        AgentConfig c = AgentConfig.fromEnv(minimal());

        assertThat(c.device()).isEqualTo(new DeviceId("t1", "pi-0042"));
        assertThat(c.mqttUri()).isEqualTo(URI.create("tcp://localhost:1883"));
        assertThat(c.dataDir()).isEqualTo(Path.of("./data/agent"));
        assertThat(c.platform()).isEqualTo(GpioPlatform.detect());
        assertThat(c.smokePin()).isEqualTo(17);
        assertThat(c.doorPin()).isEqualTo(27);
        assertThat(c.sirenPin()).isEqualTo(22);
        assertThat(c.smokeContact()).isEqualTo(Contact.NO);
        assertThat(c.doorContact()).isEqualTo(Contact.NO);
        assertThat(c.debounce()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.pressure()).isEmpty();
        assertThat(c.hardware().pressures()).isEmpty();
        assertThat(c.tamper()).isEmpty();
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.thresholdStore().file()).contains(Path.of("./data/agent/thresholds.json"));
    }

    @Test
    void aTamperPinEnablesANormallyClosedTamperSwitch() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_TAMPER_PIN", "23");

        AgentConfig c = AgentConfig.fromEnv(env);

        ContactSpec tamper = new ContactSpec("tamper-1", Kind.DEVICE, 23, Contact.NC);
        assertThat(c.tamper()).contains(tamper);
        assertThat(c.hardware().contacts()).contains(tamper);
    }

    @Test
    void moreContactsAddExitsCallPointsAndDoors() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_CONTACTS", " exit-1:exit:5, mcp-1:call-point:23:NO ,door-2:door:24:NC");

        AgentConfig c = AgentConfig.fromEnv(env);

        assertThat(c.contacts()).containsExactly(
                new ContactSpec("exit-1", Kind.EXIT, 5, Contact.NO),
                new ContactSpec("mcp-1", Kind.CALL_POINT, 23, Contact.NO),
                new ContactSpec("door-2", Kind.DOOR, 24, Contact.NC));
        assertThat(c.hardware().contacts()).hasSize(5);
        assertThat(c.contacts().get(0).stateFor(true)).isEqualTo(io.firegrid.protocol.State.BLOCKED);
        assertThat(c.contacts().get(1).stateFor(true)).isEqualTo(io.firegrid.protocol.State.ALARM);
    }

    @Test
    void aLedPinAddsTheStatusLedOnItsOwnPin() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_LED_PIN", "26");
        assertThat(AgentConfig.fromEnv(env).hardware().ledPin()).isEqualTo(26);
        assertThat(AgentConfig.fromEnv(minimal()).hardware().ledPin()).isEqualTo(Hardware.NO_LED);

        env.put("FIREGRID_AGENT_LED_PIN", "22");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("both use BCM pin 22");
    }

    @Test
    void reportsEveryBadContactEntryAtOnce() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_CONTACTS", "exit-1:exit,h:pressure:5,x:door:twelve,y:door:40,smoke-1:smoke:5,z:door:17,w:exit:6:NX");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("entry 'exit-1:exit' should be id:kind:pin")
                .hasMessageContaining("kind 'pressure' should be smoke, call-point, door or exit")
                .hasMessageContaining("pin 'twelve' should be a BCM number")
                .hasMessageContaining("BCM pin 40 should be between 0 and 27")
                .hasMessageContaining("sensor id 'smoke-1' is already used")
                .hasMessageContaining("both use BCM pin 17")
                .hasMessageContaining("contact type 'NX' is unknown");
    }

    @Test
    void refusesATamperContactWithoutAPinAndATamperPinTakenByAnotherFunction() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_TAMPER_CONTACT", "NO");
        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_TAMPER_CONTACT is set but FIREGRID_AGENT_TAMPER_PIN is not");

        Map<String, String> clash = minimal();
        clash.put("FIREGRID_AGENT_TAMPER_PIN", "22");
        assertThatThrownBy(() -> AgentConfig.fromEnv(clash))
                .hasMessageContaining("FIREGRID_AGENT_SIREN_PIN and FIREGRID_AGENT_TAMPER_PIN both use BCM pin 22");
    }

    @Test
    void refusesThresholdsOutOfTheirRange() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_DEBOUNCE_MS", "5000");
        env.put("FIREGRID_AGENT_HEARTBEAT_SECONDS", "5");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_DEBOUNCE_MS should be between 0 and 1000, was 5000")
                .hasMessageContaining("FIREGRID_AGENT_HEARTBEAT_SECONDS should be between 10 and 86400, was 5");
    }

    @Test
    void aPressureSensorIdEnablesTheTransmitterWithTheDocumentedDefaults() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1");

        AgentConfig c = AgentConfig.fromEnv(env);

        PressureSpec expected = new PressureSpec("hydrant-1", 1, 0x48, 0, new PressureTransmitter(150, 0, 1.6),
                Duration.ofSeconds(10));
        assertThat(c.pressure()).contains(expected);
        assertThat(c.hardware().pressures()).containsExactly(expected);
        assertThat(c.toString()).contains("pressure=hydrant-1@i2c-1/0x48/AIN0 150.0 ohm 0.0..1.6 MPa every 10 s");
    }

    @Test
    void readsEveryPressureVariable() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-2");
        env.put("FIREGRID_AGENT_PRESSURE_I2C_BUS", "3");
        env.put("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", "0x4A");
        env.put("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", "2");
        env.put("FIREGRID_AGENT_PRESSURE_SHUNT_OHMS", "250");
        env.put("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "-0.1..2.5");
        env.put("FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS", "5");

        assertThat(AgentConfig.fromEnv(env).pressure()).contains(new PressureSpec("hydrant-2", 3, 0x4A, 2,
                new PressureTransmitter(250, -0.1, 2.5), Duration.ofSeconds(5)));
    }

    @Test
    void aRangeOfOneNumberStartsAtZero() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1");
        env.put("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "1.0");
        env.put("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", "73");

        PressureSpec p = AgentConfig.fromEnv(env).pressure().orElseThrow();
        assertThat(p.transmitter()).isEqualTo(new PressureTransmitter(150, 0, 1.0));
        assertThat(p.address()).isEqualTo(0x49);
    }

    @Test
    void reportsEveryInvalidPressureValue() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1");
        env.put("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", "0x40");
        env.put("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", "4");
        env.put("FIREGRID_AGENT_PRESSURE_SHUNT_OHMS", "lots");
        env.put("FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS", "0");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS should be between 72 and 75, was 64")
                .hasMessageContaining("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL should be between 0 and 3, was 4")
                .hasMessageContaining("FIREGRID_AGENT_PRESSURE_SHUNT_OHMS: 'lots' is not a number")
                .hasMessageContaining("FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS should be between 1 and");
    }

    @Test
    void refusesARangeThatDoesNotRise() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "hydrant-1");
        env.put("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "1.6..0");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("pressure range 1.6..0.0 MPa should rise");
    }

    @Test
    void pressureSettingsWithoutASensorIdAreAMistakeNotIgnored() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_I2C_BUS", "1");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining(
                "FIREGRID_AGENT_PRESSURE_I2C_BUS is set but FIREGRID_AGENT_PRESSURE_SENSOR is not");
    }

    @Test
    void refusesAPressureSensorIdAContactAlreadyHas() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PRESSURE_SENSOR", "door-1");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("'door-1' is already a contact sensor's id");
    }

    @Test
    void readsEveryOptionalVariable() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_MQTT_URI", "ssl://gw.example:8883");
        env.put("FIREGRID_AGENT_DATA_DIR", "/var/lib/firegrid");
        env.put("FIREGRID_AGENT_PLATFORM", "GPIOD");
        env.put("FIREGRID_AGENT_SMOKE_PIN", "5");
        env.put("FIREGRID_AGENT_DOOR_PIN", "6");
        env.put("FIREGRID_AGENT_SIREN_PIN", "13");
        env.put("FIREGRID_AGENT_SMOKE_CONTACT", "nc");
        env.put("FIREGRID_AGENT_DOOR_CONTACT", "NC");
        env.put("FIREGRID_AGENT_DEBOUNCE_MS", "20");

        AgentConfig c = AgentConfig.fromEnv(env);

        assertThat(c.hardware()).isEqualTo(new Hardware(GpioPlatform.GPIOD, java.util.List.of(
                new ContactSpec("smoke-1", Kind.SMOKE, 5, Contact.NC),
                new ContactSpec("door-1", Kind.DOOR, 6, Contact.NC)), 13, Duration.ofMillis(20)));
        assertThat(c.uplinkOptions().serverUri()).isEqualTo(URI.create("ssl://gw.example:8883"));
        assertThat(c.uplinkOptions().persistenceDir()).isEqualTo(Path.of("/var/lib/firegrid/mqtt"));
        assertThat(c.seqFile()).isEqualTo(Path.of("/var/lib/firegrid/seq"));
    }

    @Test
    void reportsEveryInvalidValueWithWhatIsAccepted() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_PLATFORM", "wiringpi");
        env.put("FIREGRID_AGENT_SMOKE_PIN", "40");
        env.put("FIREGRID_AGENT_DOOR_PIN", "seven");
        env.put("FIREGRID_AGENT_DOOR_CONTACT", "maybe");
        env.put("FIREGRID_MQTT_URI", "localhost:1883");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_PLATFORM: GPIO platform 'wiringpi' is unknown: use mock, gpiod or linuxfs")
                .hasMessageContaining("FIREGRID_AGENT_SMOKE_PIN: BCM pin 40 should be between 0 and 27")
                .hasMessageContaining("FIREGRID_AGENT_DOOR_PIN: 'seven' is not a whole number")
                .hasMessageContaining("FIREGRID_AGENT_DOOR_CONTACT: contact type 'maybe' is unknown")
                .hasMessageContaining("FIREGRID_MQTT_URI 'localhost:1883' should look like tcp://host:1883");
    }

    @Test
    void refusesTwoFunctionsOnOnePin() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_SIREN_PIN", "17");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_AGENT_SIREN_PIN and FIREGRID_AGENT_SMOKE_PIN both use BCM pin 17");
    }

    @Test
    void refusesIdsTheProtocolWouldRefuse() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_AGENT_DEVICE", "pi 42/a");

        assertThatThrownBy(() -> AgentConfig.fromEnv(env)).hasMessageContaining("device id 'pi 42/a' is invalid");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(AgentConfig.fromEnv(minimal()).toString()).doesNotContain("s3cret").contains("password=***");
        assertThat(AgentConfig.fromEnv(minimal()).uplinkOptions().toString()).doesNotContain("s3cret");
    }

    @Test
    void aCoapUriSelectsTheCoapUplinkWithThePskAndNeverPrintsIt() {
        Map<String, String> env = minimal();
        env.put("FIREGRID_COAP_URI", "coaps://gw.example:5684");
        env.put("FIREGRID_AGENT_PSK", "psk-of-the-device-42");

        AgentConfig c = AgentConfig.fromEnv(env);

        assertThat(c.coapUplinkOptions().serverUri()).isEqualTo(URI.create("coaps://gw.example:5684"));
        assertThat(c.coapUplinkOptions().psk()).isEqualTo("psk-of-the-device-42");
        assertThat(c.toString()).doesNotContain("psk-of-the-device-42").contains("coapUri=coaps://gw.example:5684");
        assertThat(c.coapUplinkOptions().toString()).doesNotContain("psk-of-the-device-42");
    }

    @Test
    void coapsWithoutAPskOrAnotherSchemeIsRefusedWithWhatToSet() {
        Map<String, String> noPsk = minimal();
        noPsk.put("FIREGRID_COAP_URI", "coaps://gw.example:5684");
        Map<String, String> scheme = minimal();
        scheme.put("FIREGRID_COAP_URI", "udp://gw.example:5684");

        assertThatThrownBy(() -> AgentConfig.fromEnv(noPsk)).hasMessageContaining("FIREGRID_AGENT_PSK is required");
        assertThatThrownBy(() -> AgentConfig.fromEnv(scheme)).hasMessageContaining("should look like coaps://host:5684");
    }

    @Test
    void aSiteCaThatIsMissingOrNotACertificateIsNamedWithWhatToDo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, String> env = minimal();
        env.put(AgentConfig.MQTT_URI, "ssl://gw:8883");
        env.put(AgentConfig.MQTT_CA, dir.resolve("missing.pem").toString());
        Map<String, String> garbage = minimal();
        garbage.put(AgentConfig.MQTT_URI, "ssl://gw:8883");
        garbage.put(AgentConfig.MQTT_CA, java.nio.file.Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").toString());

        assertThatThrownBy(() -> AgentConfig.fromEnv(env))
                .hasMessageContaining("FIREGRID_MQTT_CA: cannot read the site CA " + dir.resolve("missing.pem"))
                .hasMessageContaining("copy the gateway's ca.pem there");
        assertThatThrownBy(() -> AgentConfig.fromEnv(garbage))
                .hasMessageContaining(dir.resolve("key.pem") + " is not a PEM certificate").hasMessageContaining("use the gateway's ca.pem");
    }

    @Test
    void withoutASiteCaTheUplinkTrustsTheJvmsCasAsBefore() {
        Map<String, String> env = minimal();
        env.put(AgentConfig.MQTT_URI, "ssl://gw:8883");

        AgentConfig c = AgentConfig.fromEnv(env);

        assertThat(c.mqttCa()).isNull();
        assertThat(c.uplinkOptions().tls()).isNull();
        assertThat(c.uplinkOptions().serverUri()).isEqualTo(URI.create("ssl://gw:8883"));
    }

    @Test
    void aClientCertificateNeedsItsKeyAndTheSiteCa() {
        Map<String, String> noKey = minimal();
        noKey.put(AgentConfig.MQTT_URI, "ssl://gw:8883");
        noKey.put(AgentConfig.MQTT_CLIENT_CERT, "/etc/firegrid/client.pem");
        Map<String, String> noCa = minimal();
        noCa.put(AgentConfig.MQTT_URI, "ssl://gw:8883");
        noCa.put(AgentConfig.MQTT_CLIENT_CERT, "/etc/firegrid/client.pem");
        noCa.put(AgentConfig.MQTT_CLIENT_KEY, "/etc/firegrid/client.key");

        assertThatThrownBy(() -> AgentConfig.fromEnv(noKey)).hasMessageContaining(
                "FIREGRID_MQTT_CLIENT_CERT and FIREGRID_MQTT_CLIENT_KEY go together: set both");
        assertThatThrownBy(() -> AgentConfig.fromEnv(noCa)).hasMessageContaining(
                "FIREGRID_MQTT_CLIENT_CERT is set but FIREGRID_MQTT_CA is not");
    }
}
