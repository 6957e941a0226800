package io.firegrid.config.bundle;

import io.firegrid.inventory.Device;
import io.firegrid.inventory.EolLoop;
import io.firegrid.inventory.SecondaryGateway;
import io.firegrid.inventory.Transport;
import io.firegrid.inventory.Sensor;
import io.firegrid.protocol.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The edge agent's environment file for one inventory device, in the variables the agent's
 * {@code run} reads (edge-agent/README.md). A smoke detector named {@value #SMOKE} and a door
 * contact named {@value #DOOR} go to the agent's own settings for them; every other contact sensor
 * (more detectors and doors, manual call points, exits) to {@code FIREGRID_AGENT_CONTACTS}; at most
 * one pressure transmitter. A device the agent cannot run as written is refused with the reason,
 * never bundled half right. A device without smoke-1 or door-1 gets {@code none} for that input (the
 * agent then reads nothing there and reports nothing for it), and the siren goes on the first free
 * pin of {@link #SPARE_PINS}. A device with {@code maxSilenceSeconds} heartbeats at a third of
 * it ({@code FIREGRID_AGENT_HEARTBEAT_SECONDS}, {@value #MIN_HEARTBEAT_SECONDS} to
 * {@value #MAX_HEARTBEAT_SECONDS}), so two heartbeats lost in a row do not make the gateway call it
 * offline; without one the agent keeps its 60 s, which the gateway's 200 s CoAP default is made for.
 *
 * <p>A contact with an end-of-line loop ({@code eol:}, docs/wiring.md) goes to
 * {@code FIREGRID_AGENT_EOL_LOOPS} instead of a pin, with its own ADS1115 address and resistors
 * where they differ from the agent's defaults ({@code :addr=0x49:eol=2200}); smoke-1 or door-1 wired
 * so leaves the agent's own input for it {@code none}. A device on CoAP gets {@code FIREGRID_COAP_URI}
 * (its PSK is always written) and no MQTT address; a device with a secondary gateway gets
 * {@code FIREGRID_SECONDARY_MQTT_URI} (the same password: register puts the device on both), and
 * {@code FIREGRID_SECONDARY_MQTT_CA} when the inventory names the secondary's CA.
 */
public final class AgentSettings {

    /** The edge agent's bounds for its heartbeat period. */
    static final int MIN_HEARTBEAT_SECONDS = 10;
    static final int MAX_HEARTBEAT_SECONDS = 86_400;

    /** The smoke detector's id, fixed by the edge agent. */
    public static final String SMOKE = "smoke-1";
    /** The door contact's id, fixed by the edge agent. */
    public static final String DOOR = "door-1";
    /** Pins tried in order for the siren; 22 is the agent's siren default. */
    static final List<Integer> SPARE_PINS = List.of(22, 27, 17, 23, 24, 25, 5, 6, 12, 13, 16, 19, 20, 21, 26, 4);
    /** A transmitter's full scale when the inventory gives none, as the agent's default. */
    static final double DEFAULT_RANGE_MPA = 1.6;

    /** The variables in the order written, or the reasons the device cannot be bundled. */
    public record Result(Map<String, String> env, List<String> problems) {
    }

    private AgentSettings() {
    }

    public static Result of(String tenant, Device d, String mqttUri, String password, String psk) {
        return of(tenant, d, mqttUri, null, password, psk);
    }

    /**
     * The settings of {@code d}; {@code mqttCa}, when not null, is where the site CA is on the device
     * ({@code FIREGRID_MQTT_CA}, which makes the agent trust only it over {@code ssl://}).
     */
    public static Result of(String tenant, Device d, String mqttUri, String mqttCa, String password, String psk) {
        return of(tenant, d, mqttUri, mqttCa, password, psk, null, null);
    }

    /**
     * As above, for a device that may report over CoAP to {@code coapUri} (null: none given) or
     * also to the {@code secondary} gateway (null: one path).
     */
    public static Result of(String tenant, Device d, String mqttUri, String mqttCa, String password, String psk,
            String coapUri, SecondaryGateway secondary) {
        List<String> problems = new ArrayList<>();
        List<Sensor> loops = new ArrayList<>();
        Sensor smoke = null;
        Sensor door = null;
        Sensor pressure = null;
        List<Sensor> more = new ArrayList<>();
        for (Sensor s : d.sensors()) {
            if (s.eol() != null) {
                loops.add(s);
            } else if (s.kind() == Kind.SMOKE && s.id().equals(SMOKE)) {
                smoke = s;
            } else if (s.kind() == Kind.DOOR && s.id().equals(DOOR)) {
                door = s;
            } else if (s.id().equals(SMOKE) || s.id().equals(DOOR)) {
                problems.add("device " + d.id() + ": the edge agent keeps the id '" + s.id() + "' for its "
                        + (s.id().equals(SMOKE) ? "smoke detector" : "door contact") + ", this " + s.kind().wireName()
                        + " sensor needs another id");
            } else if (s.kind() == Kind.SMOKE || s.kind() == Kind.DOOR || s.kind() == Kind.CALL_POINT
                    || s.kind() == Kind.EXIT) {
                more.add(s);
            } else if (s.kind() == Kind.PRESSURE) {
                if (pressure != null) {
                    problems.add("device " + d.id() + ": the edge agent reads one pressure transmitter, this device has '"
                            + pressure.id() + "' and '" + s.id() + "'; put the second on another device");
                }
                pressure = pressure == null ? s : pressure;
            } else {
                problems.add("device " + d.id() + ": sensor '" + s.id() + "' is of kind " + s.kind().wireName()
                        + ", which the edge agent does not read");
            }
        }
        boolean coap = d.transport() == Transport.COAP;
        if (coap && coapUri == null) {
            problems.add("device " + d.id() + " reports over CoAP: give bundle the gateway's CoAP address, --coap "
                    + "coaps://HOST:5684");
        }
        if (!problems.isEmpty()) {
            return new Result(Map.of(), problems);
        }
        Set<Integer> used = new HashSet<>();
        d.sensors().stream().filter(s -> s.gpio() != null).forEach(s -> used.add(s.gpio()));
        if (pressure != null || !loops.isEmpty()) {
            used.add(2);
            used.add(3);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FIREGRID_AGENT_TENANT", tenant);
        env.put("FIREGRID_AGENT_DEVICE", d.id());
        env.put("FIREGRID_AGENT_PASSWORD", password);
        env.put("FIREGRID_AGENT_PSK", psk);
        if (coap) {
            env.put("FIREGRID_COAP_URI", coapUri);
        } else {
            env.put("FIREGRID_MQTT_URI", mqttUri);
            if (mqttCa != null) {
                env.put("FIREGRID_MQTT_CA", mqttCa);
            }
        }
        if (secondary != null && !coap) {
            env.put("FIREGRID_SECONDARY_MQTT_URI", secondary.mqtt().toString());
            // the agent takes a CA with a TLS address only (and refuses to start otherwise): over tcp:// the
            // inventory's CA serves register and verify with the secondary's https:// address alone
            if (secondary.ca() != null && isTls(secondary.mqtt())) {
                env.put("FIREGRID_SECONDARY_MQTT_CA", io.firegrid.config.siteca.SecondaryCa.DEVICE_PATH);
            }
        }
        env.put("FIREGRID_AGENT_PLATFORM", "gpiod");
        if (d.maxSilenceSeconds() != null) {
            int heartbeat = Math.max(MIN_HEARTBEAT_SECONDS, Math.min(MAX_HEARTBEAT_SECONDS, d.maxSilenceSeconds() / 3));
            env.put("FIREGRID_AGENT_HEARTBEAT_SECONDS", Integer.toString(heartbeat));
        }
        contact(env, "SMOKE", smoke, used);
        contact(env, "DOOR", door, used);
        env.put("FIREGRID_AGENT_SIREN_PIN", Integer.toString(spare(used)));
        if (!more.isEmpty()) {
            env.put("FIREGRID_AGENT_CONTACTS", String.join(",", more.stream().map(s -> s.id() + ":" + s.kind().wireName()
                    + ":" + s.gpio() + ":" + s.contact().name()).toList()));
        }
        if (!loops.isEmpty()) {
            env.put("FIREGRID_AGENT_EOL_LOOPS", String.join(",", loops.stream().map(AgentSettings::loop).toList()));
        }
        if (pressure != null) {
            env.put("FIREGRID_AGENT_PRESSURE_SENSOR", pressure.id());
            env.put("FIREGRID_AGENT_PRESSURE_I2C_ADDRESS", String.format(Locale.ROOT, "0x%02X", pressure.i2cAddress()));
            env.put("FIREGRID_AGENT_PRESSURE_ADC_CHANNEL", Integer.toString(pressure.channel()));
            double range = pressure.rangeMpa() == null ? DEFAULT_RANGE_MPA : pressure.rangeMpa();
            env.put("FIREGRID_AGENT_PRESSURE_RANGE_MPA", "0.." + range);
        }
        return new Result(env, List.of());
    }

    /** Whether {@code mqtt} is MQTT over TLS ({@code ssl://}, {@code wss://}). */
    public static boolean isTls(java.net.URI mqtt) {
        String scheme = mqtt.getScheme() == null ? "" : mqtt.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ssl") || scheme.equals("wss");
    }

    /** {@code id:kind:AIN:NO|NC}, then the loop's own ADS1115 and resistors where they are not the agent's defaults. */
    static String loop(Sensor s) {
        EolLoop l = s.eol();
        StringBuilder e = new StringBuilder(s.id() + ":" + s.kind().wireName() + ":" + l.channel() + ":" + s.contact().name());
        if (l.i2cAddress() != EolLoop.DEFAULT_I2C_ADDRESS) {
            e.append(String.format(Locale.ROOT, ":addr=0x%02X", l.i2cAddress()));
        }
        if (l.pullUpOhms() != EolLoop.DEFAULT_OHMS) {
            e.append(":pullup=").append(l.pullUpOhms());
        }
        if (l.resistorOhms() != EolLoop.DEFAULT_OHMS) {
            e.append(":eol=").append(l.resistorOhms());
        }
        if (l.alarmOhms() != EolLoop.DEFAULT_OHMS) {
            e.append(":alarm=").append(l.alarmOhms());
        }
        return e.toString();
    }

    private static void contact(Map<String, String> env, String name, Sensor s, Set<Integer> used) {
        if (s != null) {
            env.put("FIREGRID_AGENT_" + name + "_PIN", Integer.toString(s.gpio()));
            env.put("FIREGRID_AGENT_" + name + "_CONTACT", s.contact().name());
        } else {
            // nothing wired: the agent reads no input and reports nothing for it
            env.put("FIREGRID_AGENT_" + name + "_PIN", "none");
        }
    }

    private static int spare(Set<Integer> used) {
        for (int p : SPARE_PINS) {
            if (used.add(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free GPIO pin left; the inventory allows at most 22 sensors on a header of 24");
    }
}
