package io.firegrid.agent.app;

import io.firegrid.agent.Hardware;
import io.firegrid.agent.dualpath.DualPathOptions;
import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.agent.eol.LoopWiring;
import io.firegrid.agent.pressure.Ads1115;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.thresholds.Thresholds;
import io.firegrid.agent.uplink.CoapUplinkOptions;
import io.firegrid.agent.uplink.MqttUplinkOptions;
import io.firegrid.protocol.settings.Catalogue;
import io.firegrid.protocol.settings.Setting;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Every {@code FIREGRID_*} variable the edge agent reads, declared once with its default and help,
 * and the catalogue that {@code firegrid agent run --help} and the README list them from.
 * {@link AgentConfig#fromEnv} reads them by these names through its {@code EnvReader}, which collects
 * every problem of a configuration into one message; {@code AgentSettingsTest} checks that the
 * defaults declared here are the ones it applies.
 *
 * <p>{@link #main} rewrites the README's generated agent table: {@code ./firegrid settings-readme}.
 */
public final class AgentSettings {

    public static final Setting<String> TENANT = Setting.string("FIREGRID_AGENT_TENANT", null, "required", "tenant id");
    public static final Setting<String> DEVICE = Setting.string("FIREGRID_AGENT_DEVICE", null, "required", "device id");
    public static final Setting<String> PASSWORD = Setting.string("FIREGRID_AGENT_PASSWORD", null, "required",
            "device password as registered");
    public static final Setting<String> COAP_URI = Setting.string("FIREGRID_COAP_URI", null, "none: MQTT",
            "send over CoAP instead of MQTT, e.g. coaps://gw:5684 (DTLS, PSK identity {device}@{tenant})");
    public static final Setting<String> PSK = Setting.string("FIREGRID_AGENT_PSK", null, "required with coaps://",
            "DTLS pre-shared key as registered");
    public static final Setting<Integer> COAP_COMMAND_WAIT = Setting.integer("FIREGRID_COAP_COMMAND_WAIT_SECONDS",
            (int) CoapUplinkOptions.DEFAULT_COMMAND_WAIT.toSeconds(), 0, 60,
            "over CoAP: a request kept open at the gateway waits this long for commands; 0 = commands only with answers");
    public static final Setting<Path> DATA_DIR = Setting.path("FIREGRID_AGENT_DATA_DIR", AgentConfig.DEFAULT_DATA_DIR, null,
            "message counter, outbox and thresholds set by command");
    public static final Setting<String> PLATFORM = Setting.string("FIREGRID_AGENT_PLATFORM", null,
            "gpiod where /dev/gpiochip0 exists, else mock", "GPIO access: gpiod, linuxfs or mock");
    public static final Setting<Integer> SMOKE_PIN = Setting.integer("FIREGRID_AGENT_SMOKE_PIN", AgentConfig.DEFAULT_SMOKE_PIN,
            0, 27, "BCM pin of smoke detector " + AgentConfig.SMOKE_SENSOR + ", or none");
    public static final Setting<Integer> DOOR_PIN = Setting.integer("FIREGRID_AGENT_DOOR_PIN", AgentConfig.DEFAULT_DOOR_PIN,
            0, 27, "BCM pin of door contact " + AgentConfig.DOOR_SENSOR + ", or none");
    public static final Setting<Integer> SIREN_PIN = Setting.integer("FIREGRID_AGENT_SIREN_PIN", Hardware.DEFAULT_SIREN_PIN,
            0, 27, "BCM pin of the siren output");
    public static final Setting<String> SMOKE_CONTACT = Setting.string("FIREGRID_AGENT_SMOKE_CONTACT",
            Contact.NO.name(), null, "NO (normally open) or NC");
    public static final Setting<String> DOOR_CONTACT = Setting.string("FIREGRID_AGENT_DOOR_CONTACT",
            Contact.NO.name(), null, "NO or NC");
    public static final Setting<Integer> DEBOUNCE_MS = Setting.integer("FIREGRID_AGENT_DEBOUNCE_MS",
            (int) Hardware.DEFAULT_DEBOUNCE.toMillis(), Thresholds.MIN_DEBOUNCE_MS, Thresholds.MAX_DEBOUNCE_MS,
            "contact debounce, milliseconds");
    public static final Setting<Integer> TAMPER_PIN = Setting.optionalInteger("FIREGRID_AGENT_TAMPER_PIN", 0, 27,
            "none: not read", "BCM pin of the tamper switch " + AgentConfig.TAMPER_SENSOR);
    public static final Setting<String> TAMPER_CONTACT = Setting.string("FIREGRID_AGENT_TAMPER_CONTACT",
            Contact.NC.name(), null, "NO or NC");
    public static final Setting<String> CONTACTS = Setting.string("FIREGRID_AGENT_CONTACTS", null, "none",
            "more contact inputs, comma-separated id:kind:pin[:NO|NC] with kind smoke, call-point, door or exit, "
                    + "e.g. exit-1:exit:5,mcp-1:call-point:23:NO");
    public static final Setting<Integer> LED_PIN = Setting.optionalInteger("FIREGRID_AGENT_LED_PIN", 0, 27, "none",
            "BCM pin of the status LED: steady while the gateway is reachable, blinking while not");
    public static final Setting<Integer> HEARTBEAT_SECONDS = Setting.integer("FIREGRID_AGENT_HEARTBEAT_SECONDS",
            (int) Thresholds.DEFAULT_HEARTBEAT.toSeconds(), Thresholds.MIN_HEARTBEAT_SECONDS,
            Thresholds.MAX_HEARTBEAT_SECONDS, "seconds between heartbeats");
    public static final Setting<String> PRESSURE_SENSOR = Setting.string("FIREGRID_AGENT_PRESSURE_SENSOR", null,
            "none: not read", "id of a 4-20 mA hydrant pressure transmitter on an ADS1115, e.g. hydrant-1");
    public static final Setting<Integer> PRESSURE_I2C_BUS = Setting.atLeast("FIREGRID_AGENT_PRESSURE_I2C_BUS",
            PressureSpec.DEFAULT_BUS, 0, "I2C bus /dev/i2c-N");
    public static final Setting<Integer> PRESSURE_I2C_ADDRESS = Setting.integer("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS",
            Ads1115.DEFAULT_ADDRESS, Ads1115.MIN_ADDRESS, Ads1115.MAX_ADDRESS, "ADS1115 address, 0x48 to 0x4B")
            .describedDefault("0x48");
    public static final Setting<Integer> PRESSURE_ADC_CHANNEL = Setting.integer("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL",
            PressureSpec.DEFAULT_CHANNEL, 0, Ads1115.CHANNELS - 1, "ADS1115 input AIN0 to AIN3");
    public static final Setting<String> PRESSURE_SHUNT_OHMS = Setting.string("FIREGRID_AGENT_PRESSURE_SHUNT_OHMS", "150",
            null, "shunt resistor in the 4-20 mA loop, ohms");
    public static final Setting<String> PRESSURE_RANGE_MPA = Setting.string("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0..1.6",
            null, "MPa at 4 and 20 mA, MIN..MAX or MAX");
    public static final Setting<java.time.Duration> PRESSURE_PERIOD_SECONDS = Setting.seconds(
            "FIREGRID_AGENT_PRESSURE_PERIOD_SECONDS", PressureSpec.DEFAULT_PERIOD.toSeconds(), 1, Integer.MAX_VALUE,
            "seconds between pressure reads");
    public static final Setting<String> MOCK_PRESSURE_MPA = Setting.string("FIREGRID_AGENT_MOCK_PRESSURE_MPA",
            "0.40", null, "mock platform only (ignored with a warning on a Pi): the pressure the mock ADS1115 reads, MPa");
    /** Read by {@code simulate} only, when {@code --token} is not given. */
    public static final Setting<String> ADMIN_TOKEN = Setting.string("FIREGRID_ADMIN_TOKEN", null, "none: pass --token",
            "simulate: the admin token of the gateway the demo devices are registered with");

    public static final Catalogue CATALOGUE = Catalogue.of("agent")
            .group("Identity", TENANT, DEVICE, PASSWORD)
            .group("Uplink: MQTT, or CoAP over DTLS",
                    MqttUplinkOptions.URI_SETTING, MqttUplinkOptions.CA_SETTING, MqttUplinkOptions.CLIENT_CERT_SETTING,
                    MqttUplinkOptions.CLIENT_KEY_SETTING, COAP_URI, PSK, COAP_COMMAND_WAIT, DATA_DIR)
            .group("Secondary reporting path (docs/dual-path.md)", DualPathOptions.SECONDARY_URI,
                    DualPathOptions.SECONDARY_PASSWORD, DualPathOptions.SECONDARY_CA, DualPathOptions.SECONDARY_CLIENT_CERT,
                    DualPathOptions.SECONDARY_CLIENT_KEY, DualPathOptions.REPORTING_TIME, DualPathOptions.SUPERVISION_TIME)
            .group("Contacts and outputs (contacts go between 3V3 and the pin; NO reads HIGH on alarm or door open)",
                    PLATFORM, SMOKE_PIN, DOOR_PIN, SIREN_PIN, SMOKE_CONTACT, DOOR_CONTACT, DEBOUNCE_MS, TAMPER_PIN,
                    TAMPER_CONTACT, CONTACTS, LED_PIN, HEARTBEAT_SECONDS)
            .group("Supervised loops: contacts with an end-of-line resistor on ADS1115 inputs (docs/wiring.md)",
                    LoopSpec.LOOPS, LoopSpec.I2C_BUS, LoopSpec.I2C_ADDRESS, LoopSpec.PERIOD, LoopWiring.PULL_UP,
                    LoopWiring.EOL, LoopWiring.ALARM, LoopWiring.HYSTERESIS)
            .group("Hydrant pressure", PRESSURE_SENSOR, PRESSURE_I2C_BUS, PRESSURE_I2C_ADDRESS, PRESSURE_ADC_CHANNEL,
                    PRESSURE_SHUNT_OHMS, PRESSURE_RANGE_MPA, PRESSURE_PERIOD_SECONDS, MOCK_PRESSURE_MPA)
            .group("Demo simulator", ADMIN_TOKEN)
            .build();

    private AgentSettings() {
    }

    /**
     * Rewrites the generated agent settings table of the README named by the first argument
     * (default {@code README.md}) from {@link #CATALOGUE}, and says whether it changed.
     */
    public static void main(String[] args) throws IOException {
        System.out.println(CATALOGUE.rewrite(Path.of(args.length > 0 ? args[0] : "README.md")));
    }
}
