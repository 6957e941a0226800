package io.firegrid.agent.app;

import io.firegrid.agent.Agent;
import io.firegrid.agent.Hardware;
import io.firegrid.agent.eol.LoopSettings;
import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.agent.pressure.Ads1115;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.pressure.PressureTransmitter;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactEntry;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.sensor.GpioPlatform;
import io.firegrid.agent.dualpath.DualPathOptions;
import io.firegrid.agent.dualpath.DualPathUplink;
import io.firegrid.agent.uplink.CoapUplink;
import io.firegrid.agent.uplink.CoapUplinkOptions;
import io.firegrid.agent.uplink.MqttUplink;
import io.firegrid.agent.thresholds.ThresholdStore;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.agent.uplink.SiteTrust;
import io.firegrid.agent.uplink.Uplink;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration of one edge agent, read from environment variables by {@link #fromEnv}.
 *
 * <p>Each variable is declared, with its default, range and help, in {@link AgentSettings} (the
 * uplink's in {@link MqttUplinkOptions}); the constants below are their names.
 *
 * @param password never printed: {@link #toString()} masks it
 * @param smokePin smoke-1's BCM pin, or {@link #NO_PIN} for a device without it ({@code none})
 * @param doorPin  door-1's BCM pin, or {@link #NO_PIN} for a device without it ({@code none})
 * @param pressure the hydrant pressure transmitter, if {@code FIREGRID_AGENT_PRESSURE_SENSOR} is set
 * @param coapUri  the gateway's CoAP endpoint when the agent sends over CoAP, else null (MQTT)
 * @param psk      the DTLS pre-shared key for {@code coaps://}, else null; never printed
 * @param coapCommandWaitSeconds over CoAP, how long the request kept open for commands waits; 0 = none
 * @param tamper   the tamper switch, if {@code FIREGRID_AGENT_TAMPER_PIN} is set
 * @param heartbeat time between heartbeats, unless a {@code set-thresholds} command set another
 * @param contacts more contact inputs than smoke-1 and door-1, from {@code FIREGRID_AGENT_CONTACTS}
 * @param ledPin   the status LED's BCM pin, or {@link Hardware#NO_LED}
 * @param mqttCa   the site CA from {@code FIREGRID_MQTT_CA}, or null
 * @param dualPath the secondary reporting path, if {@code FIREGRID_SECONDARY_MQTT_URI} is set (docs/dual-path.md)
 * @param mockPressureMpa what the pressure transmitter reads on the mock platform, if
 *                 {@code FIREGRID_AGENT_MOCK_PRESSURE_MPA} is set; {@link #DEFAULT_MOCK_PRESSURE_MPA} otherwise
 * @param loops    contacts supervised by an end-of-line resistor, from {@code FIREGRID_AGENT_EOL_LOOPS} (docs/wiring.md)
 */
public record AgentConfig(DeviceId device, String password, URI mqttUri, Path dataDir, GpioPlatform platform,
        int smokePin, Contact smokeContact, int doorPin, Contact doorContact, int sirenPin, Duration debounce,
        Optional<PressureSpec> pressure, URI coapUri, String psk, int coapCommandWaitSeconds,
        Optional<ContactSpec> tamper, Duration heartbeat, List<ContactSpec> contacts, int ledPin, SiteTrust mqttCa,
        Optional<Double> mockPressureMpa, Optional<DualPathOptions> dualPath, List<LoopSpec> loops) {

    private static final Logger LOG = LoggerFactory.getLogger(AgentConfig.class);

    public static final String TENANT = AgentSettings.TENANT.name();
    public static final String DEVICE = AgentSettings.DEVICE.name();
    public static final String PASSWORD = AgentSettings.PASSWORD.name();
    public static final String MQTT_URI = MqttUplinkOptions.URI_SETTING.name();
    public static final String MQTT_CA = MqttUplinkOptions.CA_SETTING.name();
    public static final String MQTT_CLIENT_CERT = MqttUplinkOptions.CLIENT_CERT_SETTING.name();
    public static final String MQTT_CLIENT_KEY = MqttUplinkOptions.CLIENT_KEY_SETTING.name();
    public static final String COAP_URI = AgentSettings.COAP_URI.name();
    public static final String PSK = AgentSettings.PSK.name();
    public static final String COAP_COMMAND_WAIT = AgentSettings.COAP_COMMAND_WAIT.name();
    public static final String DATA_DIR = AgentSettings.DATA_DIR.name();
    public static final String PLATFORM = AgentSettings.PLATFORM.name();
    public static final String SMOKE_PIN = AgentSettings.SMOKE_PIN.name();
    public static final String DOOR_PIN = AgentSettings.DOOR_PIN.name();
    public static final String SIREN_PIN = AgentSettings.SIREN_PIN.name();
    public static final String SMOKE_CONTACT = AgentSettings.SMOKE_CONTACT.name();
    public static final String DOOR_CONTACT = AgentSettings.DOOR_CONTACT.name();
    public static final String DEBOUNCE_MS = AgentSettings.DEBOUNCE_MS.name();
    public static final String TAMPER_PIN = AgentSettings.TAMPER_PIN.name();
    public static final String TAMPER_CONTACT = AgentSettings.TAMPER_CONTACT.name();
    public static final String CONTACTS = AgentSettings.CONTACTS.name();
    public static final String LED_PIN = AgentSettings.LED_PIN.name();
    public static final String HEARTBEAT_SECONDS = AgentSettings.HEARTBEAT_SECONDS.name();
    public static final String PRESSURE_SENSOR = AgentSettings.PRESSURE_SENSOR.name();
    public static final String PRESSURE_I2C_BUS = AgentSettings.PRESSURE_I2C_BUS.name();
    public static final String PRESSURE_I2C_ADDRESS = AgentSettings.PRESSURE_I2C_ADDRESS.name();
    public static final String PRESSURE_ADC_CHANNEL = AgentSettings.PRESSURE_ADC_CHANNEL.name();
    public static final String PRESSURE_SHUNT_OHMS = AgentSettings.PRESSURE_SHUNT_OHMS.name();
    public static final String PRESSURE_RANGE_MPA = AgentSettings.PRESSURE_RANGE_MPA.name();
    public static final String PRESSURE_PERIOD_SECONDS = AgentSettings.PRESSURE_PERIOD_SECONDS.name();
    public static final String MOCK_PRESSURE_MPA = AgentSettings.MOCK_PRESSURE_MPA.name();
    /** Inside the default 0.25-0.50 MPa band a hydrant is verified against. */
    public static final double DEFAULT_MOCK_PRESSURE_MPA = Double.parseDouble(AgentSettings.MOCK_PRESSURE_MPA.defaultValue());
    private static final List<String> PRESSURE_SETTINGS = List.of(PRESSURE_I2C_BUS, PRESSURE_I2C_ADDRESS,
            PRESSURE_ADC_CHANNEL, PRESSURE_SHUNT_OHMS, PRESSURE_RANGE_MPA, PRESSURE_PERIOD_SECONDS);

    /** The gateway on this machine, plain MQTT. */
    public static final String DEFAULT_MQTT_URI = MqttUplinkOptions.DEFAULT_URI;
    /** Relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "./data/agent";
    /** BCM 17 (header pin 11). */
    public static final int DEFAULT_SMOKE_PIN = 17;
    /** {@code FIREGRID_AGENT_SMOKE_PIN} or {@code _DOOR_PIN} for a device without that input. */
    public static final String NONE = "none";
    /** {@link #smokePin} or {@link #doorPin} of a device without that input. */
    public static final int NO_PIN = -1;
    /** BCM 27 (header pin 13). */
    public static final int DEFAULT_DOOR_PIN = 27;
    /** Normally open, for both contacts. */
    public static final Contact DEFAULT_CONTACT = Contact.NO;
    /** Sensor id of the smoke detector, as registered with the gateway. */
    public static final String SMOKE_SENSOR = "smoke-1";
    /** Sensor id of the door contact, as registered with the gateway. */
    public static final String DOOR_SENSOR = "door-1";
    /** Sensor id of the tamper switch; its events are of kind {@code device}. */
    public static final String TAMPER_SENSOR = "tamper-1";
    /**
     * Normally closed: the closed lid holds the switch closed, so opening the enclosure and
     * cutting the wire both read as tamper.
     */
    public static final Contact DEFAULT_TAMPER_CONTACT = Contact.NC;

    /**
     * Reads the configuration from {@code env} (normally {@code System.getenv()}).
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-config} listing every missing or invalid
     *         variable, one per line, each saying what to set
     */
    public static AgentConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String tenant = r.required(TENANT, "the tenant id the gateway knows this device by, e.g. demo");
        String device = r.required(DEVICE, "this device's id, e.g. pi-0042");
        String password = r.required(PASSWORD, "the password the device was registered with");
        DeviceId id = r.deviceId(tenant, device);
        URI mqtt = r.mqttUri(MQTT_URI, DEFAULT_MQTT_URI);
        SiteTrust mqttCa = r.siteCa(MQTT_CA, MQTT_CLIENT_CERT, MQTT_CLIENT_KEY, mqtt, MQTT_URI);
        Path dataDir = Path.of(r.optional(DATA_DIR, DEFAULT_DATA_DIR));
        GpioPlatform platform = r.parsed(PLATFORM, GpioPlatform::parse, GpioPlatform.detect());
        int smokePin = optionalInput(r, AgentSettings.SMOKE_PIN);
        int doorPin = optionalInput(r, AgentSettings.DOOR_PIN);
        int sirenPin = r.pin(AgentSettings.SIREN_PIN);
        Contact smokeContact = r.parsed(SMOKE_CONTACT, Contact::parse, DEFAULT_CONTACT);
        Contact doorContact = r.parsed(DOOR_CONTACT, Contact::parse, DEFAULT_CONTACT);
        Duration debounce = Duration.ofMillis(r.integer(AgentSettings.DEBOUNCE_MS));
        Duration heartbeat = Duration.ofSeconds(r.integer(AgentSettings.HEARTBEAT_SECONDS));
        Optional<ContactSpec> tamper = Optional.empty();
        Map<String, Integer> pins = new java.util.HashMap<>(Map.of(SIREN_PIN, sirenPin));
        if (smokePin != NO_PIN) {
            pins.put(SMOKE_PIN, smokePin);
        }
        if (doorPin != NO_PIN) {
            pins.put(DOOR_PIN, doorPin);
        }
        if (r.optional(TAMPER_PIN, null) != null) {
            int tamperPin = r.pin(TAMPER_PIN, 0);
            pins.put(TAMPER_PIN, tamperPin);
            tamper = Optional.of(new ContactSpec(TAMPER_SENSOR, Kind.DEVICE, tamperPin,
                    r.parsed(TAMPER_CONTACT, Contact::parse, DEFAULT_TAMPER_CONTACT)));
        } else {
            r.problemIfSet(TAMPER_CONTACT, TAMPER_CONTACT + " is set but " + TAMPER_PIN
                    + " is not: set it to the tamper switch's BCM pin to read it");
        }
        List<ContactSpec> contacts = contacts(r, pins);
        int ledPin = Hardware.NO_LED;
        if (r.optional(LED_PIN, null) != null) {
            ledPin = r.pin(LED_PIN, 0);
            pins.put(LED_PIN, ledPin);
        }
        r.distinctPins(pins);
        Optional<PressureSpec> pressure = pressure(r);
        URI coap = r.coapUri(COAP_URI);
        String psk = r.optional(PSK, null);
        if (coap != null && "coaps".equals(coap.getScheme()) && psk == null) {
            r.problem(PSK + " is required with " + COAP_URI + "=" + coap + ": the pre-shared key the device was registered with");
        }
        int commandWait = r.integer(AgentSettings.COAP_COMMAND_WAIT);
        Optional<Double> mockPressure = Optional.empty();
        if (r.optional(MOCK_PRESSURE_MPA, null) != null) {
            double mpa = r.decimal(MOCK_PRESSURE_MPA, DEFAULT_MOCK_PRESSURE_MPA);
            if (mpa < 0) {
                r.problem(MOCK_PRESSURE_MPA + " should be 0 or more MPa, was " + mpa);
            }
            mockPressure = Optional.of(mpa);
        }
        Optional<DualPathOptions> dualPath = dualPath(r, env, password);
        LoopSettings loops = LoopSettings.fromEnv(env);
        loops.problems().forEach(r::problem);
        r.throwIfAnyProblem();
        AgentConfig config = new AgentConfig(id, password, mqtt, dataDir, platform, smokePin, smokeContact, doorPin,
                doorContact, sirenPin, debounce, pressure, coap, psk, commandWait, tamper, heartbeat, contacts, ledPin,
                mqttCa, mockPressure, dualPath, loops.loops());
        try {
            config.hardware();
        } catch (FireGridException e) {
            // two settings naming one sensor id or one ADC input: only the whole wiring shows it
            r.problem("the sensors do not fit together: " + e.reason());
            r.throwIfAnyProblem();
        }
        return config;
    }

    /** The secondary path, when {@code FIREGRID_SECONDARY_MQTT_URI} is set; its problems go to {@code r}. */
    private static Optional<DualPathOptions> dualPath(EnvReader r, Map<String, String> env, String password) {
        String uriName = DualPathOptions.SECONDARY_URI.name();
        if (r.optional(uriName, null) == null) {
            return Optional.empty();
        }
        URI uri = r.mqttUri(uriName, null);
        if (uri == null) {
            return Optional.empty();
        }
        SiteTrust ca = r.siteCa(DualPathOptions.SECONDARY_CA.name(), DualPathOptions.SECONDARY_CLIENT_CERT.name(),
                DualPathOptions.SECONDARY_CLIENT_KEY.name(), uri, uriName);
        if (r.optional(COAP_URI, null) != null) {
            r.problem(uriName + " needs the MQTT uplink: unset " + COAP_URI + " or " + uriName);
        }
        try {
            return Optional.of(DualPathOptions.fromEnv(env, uri, password).withCa(ca));
        } catch (IllegalArgumentException e) {
            r.problem(e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The pin of the agent's own smoke or door input: {@code none} for a device without that sensor
     * (no input read, nothing reported for it), else a BCM pin, by default the setting's.
     */
    private static int optionalInput(EnvReader r, io.firegrid.protocol.settings.Setting<Integer> setting) {
        String value = r.optional(setting.name(), null);
        if (value != null && value.strip().equalsIgnoreCase(NONE)) {
            return NO_PIN;
        }
        return r.pin(setting);
    }

    /**
     * The extra contact inputs of {@code FIREGRID_AGENT_CONTACTS}, each {@code id:kind:pin[:NO|NC]};
     * their pins are added to {@code pins} for the check that no two inputs share one.
     */
    private static List<ContactSpec> contacts(EnvReader r, Map<String, Integer> pins) {
        String text = r.optional(CONTACTS, null);
        List<ContactSpec> out = new java.util.ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        java.util.Set<String> ids = new java.util.HashSet<>(List.of(SMOKE_SENSOR, DOOR_SENSOR, TAMPER_SENSOR));
        ContactEntry.Wording wording = new ContactEntry.Wording(CONTACTS, "id:kind:pin or id:kind:pin:NO|NC, e.g. exit-1:exit:22:NO",
                "pin '%s' should be a BCM number, 0 to 27", " (pressure has its own settings)");
        for (String entry : text.split(",")) {
            String e = entry.trim();
            Optional<ContactEntry> parsed = ContactEntry.parse(e, DEFAULT_CONTACT, wording, r::problem);
            if (parsed.isEmpty()) {
                continue;
            }
            ContactEntry c = parsed.get();
            if (!ids.add(c.id())) {
                r.problem(CONTACTS + " entry '" + e + "': sensor id '" + c.id() + "' is already used by another input");
                continue;
            }
            try {
                out.add(new ContactSpec(c.id(), c.kind(), c.input(), c.contact()));
                pins.put(CONTACTS + " " + c.id(), c.input());
            } catch (FireGridException x) {
                r.problem(CONTACTS + " entry '" + e + "': " + x.reason());
            }
        }
        return out;
    }

    private static Optional<PressureSpec> pressure(EnvReader r) {
        String sensor = r.optional(PRESSURE_SENSOR, null);
        if (sensor == null) {
            PRESSURE_SETTINGS.forEach(name -> r.problemIfSet(name, name + " is set but " + PRESSURE_SENSOR
                    + " is not: set it to the transmitter's sensor id, e.g. hydrant-1, to read it"));
            return Optional.empty();
        }
        sensor = sensor.trim();
        if (sensor.equals(SMOKE_SENSOR) || sensor.equals(DOOR_SENSOR)) {
            r.problem(PRESSURE_SENSOR + " '" + sensor + "' is already a contact sensor's id: use e.g. hydrant-1");
        }
        int bus = r.integer(AgentSettings.PRESSURE_I2C_BUS);
        int address = r.integer(AgentSettings.PRESSURE_I2C_ADDRESS);
        int channel = r.integer(AgentSettings.PRESSURE_ADC_CHANNEL);
        double shunt = r.decimal(PRESSURE_SHUNT_OHMS, PressureTransmitter.DEFAULT_SHUNT_OHMS);
        double[] range = r.range(PRESSURE_RANGE_MPA, PressureTransmitter.DEFAULT_RANGE_MIN_MPA,
                PressureTransmitter.DEFAULT_RANGE_MAX_MPA);
        Duration period = r.seconds(AgentSettings.PRESSURE_PERIOD_SECONDS);
        try {
            return Optional.of(new PressureSpec(sensor, bus, address, channel,
                    new PressureTransmitter(shunt, range[0], range[1]), period));
        } catch (FireGridException e) {
            r.problem("pressure transmitter (" + PRESSURE_SENSOR + " and FIREGRID_AGENT_PRESSURE_*): " + e.reason());
            return Optional.empty();
        }
    }

    /** The GPIO and I2C wiring this configuration describes. */
    public Hardware hardware() {
        List<ContactSpec> contacts = new java.util.ArrayList<>();
        if (smokePin != NO_PIN) {
            contacts.add(new ContactSpec(SMOKE_SENSOR, Kind.SMOKE, smokePin, smokeContact));
        }
        if (doorPin != NO_PIN) {
            contacts.add(new ContactSpec(DOOR_SENSOR, Kind.DOOR, doorPin, doorContact));
        }
        tamper.ifPresent(contacts::add);
        contacts.addAll(this.contacts);
        return new Hardware(platform, contacts, sirenPin, debounce, pressure.stream().toList(), ledPin, loops);
    }

    /**
     * What a board finds at power-up, on the mock platform: every contact at rest (smoke normal,
     * door closed, NO or NC as wired), every supervised loop healthy and at rest, and the pressure
     * transmitter at {@link #mockPressureMpa} as a 4-20 mA loop over the shunt. Pass it to
     * {@link Agent#start(java.util.function.Consumer)}. On real hardware nothing is touched; a
     * {@code FIREGRID_AGENT_MOCK_PRESSURE_MPA} set there is ignored with a warning.
     */
    public void atPowerUp(Agent agent) {
        if (platform != GpioPlatform.MOCK) {
            mockPressureMpa.ifPresent(mpa -> LOG.warn("{}={} ignored: it is read on the mock platform only, and this agent "
                    + "runs on {} where the transmitter itself is read", MOCK_PRESSURE_MPA, mpa, platform.configName()));
            return;
        }
        hardware().contacts().forEach(c -> agent.mockContact(c.sensor()).set(false));
        loops.forEach(l -> agent.mockLoop(l.sensor()).normal());
        pressure.ifPresent(p -> agent.mockTransmitter(p.sensor()).mpa(mockPressure()));
    }

    /** The pressure the mock transmitter reads: {@code FIREGRID_AGENT_MOCK_PRESSURE_MPA} or its default. */
    public double mockPressure() {
        return mockPressureMpa.orElse(DEFAULT_MOCK_PRESSURE_MPA);
    }

    /** MQTT settings, with Paho's files under {@code dataDir/mqtt}. */
    public MqttUplinkOptions uplinkOptions() {
        MqttUplinkOptions o = MqttUplinkOptions.of(mqttUri, device, password, dataDir.resolve("mqtt"));
        return mqttCa == null ? o : o.withTls(mqttCa);
    }

    /** CoAP settings, with the outbox under {@code dataDir/mqtt} too: the same messages, whichever uplink sends them. */
    public CoapUplinkOptions coapUplinkOptions() {
        return CoapUplinkOptions.of(coapUri, device, psk, dataDir.resolve("mqtt"))
                .withCommandWait(Duration.ofSeconds(coapCommandWaitSeconds));
    }

    /** The uplink this configuration asks for: CoAP when {@code FIREGRID_COAP_URI} is set, else MQTT. */
    public Uplink uplink() {
        if (dualPath.isPresent()) {
            return DualPathUplink.create(device, dualPath.get(), uplinkOptions(), dataDir);
        }
        return coapUri != null ? new CoapUplink(coapUplinkOptions()) : new MqttUplink(uplinkOptions());
    }

    /** Where thresholds set by command are kept, {@code dataDir/thresholds.json}. */
    public ThresholdStore thresholdStore() {
        return new ThresholdStore(dataDir.resolve(ThresholdStore.FILE_NAME));
    }

    /** The message counter's file, {@code dataDir/seq}. */
    public Path seqFile() {
        return dataDir.resolve("seq");
    }

    @Override
    public String toString() {
        return "AgentConfig[device=" + device + ", password=***, mqttUri=" + mqttUri
                + (mqttCa == null ? "" : ", mqttCa=" + mqttCa)
                + (coapUri == null ? "" : ", coapUri=" + coapUri + ", psk=***") + ", dataDir=" + dataDir
                + ", platform=" + platform.configName() + ", smokePin=" + smokePin + " " + smokeContact + ", doorPin="
                + doorPin + " " + doorContact + ", sirenPin=" + sirenPin + ", debounce=" + debounce.toMillis() + " ms, pressure="
                + pressure.map(AgentConfig::describe).orElse("none") + ", tamper="
                + tamper.map(t -> t.bcmPin() + " " + t.contact()).orElse("none") + ", heartbeat="
                + heartbeat.toSeconds() + " s" + (loops.isEmpty() ? "" : ", loops="
                + loops.stream().map(l -> l.sensor() + "@" + l.where() + " " + l.contact()).toList()) + dualPath.map(d -> ", " + d).orElse("") + "]";
    }

    private static String describe(PressureSpec p) {
        return p.sensor() + "@" + p.where() + " " + p.transmitter().shuntOhms() + " ohm "
                + p.transmitter().rangeMinMpa() + ".." + p.transmitter().rangeMaxMpa() + " MPa every "
                + p.period().toSeconds() + " s";
    }
}
