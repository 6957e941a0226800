package io.firegrid.agent.app;

import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.agent.uplink.SiteTrust;
import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.settings.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** Reads environment variables and collects every problem, so one run names them all. */
final class EnvReader {

    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    String required(String name, String what) {
        String v = value(name);
        if (v == null) {
            problems.add(name + " is not set: set it to " + what);
        }
        return v;
    }

    String optional(String name, String fallback) {
        String v = value(name);
        return v == null ? fallback : v;
    }

    DeviceId deviceId(String tenant, String device) {
        if (tenant == null || device == null) {
            return null;
        }
        try {
            return new DeviceId(tenant, device);
        } catch (FireGridException e) {
            problems.add(AgentConfig.TENANT + "/" + AgentConfig.DEVICE + ": " + e.reason());
            return null;
        }
    }

    <T> T parsed(String name, Function<String, T> parser, T fallback) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parser.apply(v);
        } catch (FireGridException e) {
            problems.add(name + ": " + e.reason());
            return fallback;
        }
    }

    int pin(String name, int fallback) {
        Integer pin = parsed(name, v -> integer(name, v), fallback);
        try {
            ContactSpec.requirePin(name, pin);
        } catch (FireGridException e) {
            problems.add(e.reason());
        }
        return pin;
    }

    Duration millis(String name, Duration fallback) {
        Integer ms = parsed(name, v -> integer(name, v), (int) fallback.toMillis());
        if (ms < 0) {
            problems.add(name + " should be 0 or more milliseconds, was " + ms);
            return fallback;
        }
        return Duration.ofMillis(ms);
    }

    /** A whole number, decimal or {@code 0x} hexadecimal, from {@code min} to {@code max}. */
    int integer(String name, int fallback, int min, int max) {
        Integer v = parsed(name, text -> {
            try {
                return Integer.decode(text.trim());
            } catch (NumberFormatException e) {
                throw FireGridException.badRequest("bad-number", "'" + text + "' is not a whole number");
            }
        }, fallback);
        if (v < min || v > max) {
            problems.add(name + " should be between " + min + " and " + max + ", was " + v);
            return fallback;
        }
        return v;
    }

    /** {@code setting}'s whole number, within its declared range, or its declared default. */
    int integer(Setting<Integer> setting) {
        return integer(setting.name(), setting.defaultValue(), (int) setting.min(), (int) setting.max());
    }

    /** {@code setting}'s BCM pin, or its declared default. */
    int pin(Setting<Integer> setting) {
        return pin(setting.name(), setting.defaultValue());
    }

    /** {@code setting}'s whole seconds, 1 or more, or its declared default. */
    Duration seconds(Setting<Duration> setting) {
        return seconds(setting.name(), setting.defaultValue());
    }

    /** A decimal number, such as {@code 150} or {@code 1.6}. */
    double decimal(String name, double fallback) {
        return parsed(name, EnvReader::decimal, fallback);
    }

    /** {@code MIN..MAX}, or just {@code MAX} with {@code MIN} 0; in {@code [0]} and {@code [1]}. */
    double[] range(String name, double min, double max) {
        return parsed(name, v -> {
            int dots = v.indexOf("..");
            return dots < 0 ? new double[] {0, decimal(v)}
                    : new double[] {decimal(v.substring(0, dots)), decimal(v.substring(dots + 2))};
        }, new double[] {min, max});
    }

    /** Whole seconds, 1 or more. */
    Duration seconds(String name, Duration fallback) {
        int s = integer(name, (int) fallback.toSeconds(), 1, Integer.MAX_VALUE);
        return Duration.ofSeconds(s);
    }

    /** Adds {@code problem} unless {@code name} is unset. */
    void problemIfSet(String name, String problem) {
        if (value(name) != null) {
            problems.add(problem);
        }
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** An optional {@code coaps://host:port} or {@code coap://host:port}; null when unset. */
    URI coapUri(String name) {
        String v = optional(name, null);
        if (v == null) {
            return null;
        }
        try {
            URI uri = new URI(v.trim());
            if (!("coaps".equals(uri.getScheme()) || "coap".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name + " '" + v + "' should look like coaps://host:5684 (or coap://host:5683)");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(name + " '" + v + "' is not a URI: " + e.getReason() + "; use e.g. coaps://host:5684");
            return null;
        }
    }

    URI mqttUri(String name, String fallback) {
        String v = optional(name, fallback).trim();
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !MQTT_SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
                problems.add(name + " '" + v + "' should look like tcp://host:1883 (or ssl://, ws://, wss://)");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(name + " '" + v + "' is not a URI: " + e.getReason() + "; use e.g. tcp://host:1883");
            return null;
        }
    }

    /**
     * The site CA of {@code name} (and the device's client certificate and key of {@code certName}
     * and {@code keyName}, both or neither), read and checked now so a wrong file stops the start
     * with the others' problems; null when unset. It goes with an {@code ssl://} (or {@code wss://}) {@code mqtt}.
     */
    SiteTrust siteCa(String name, String certName, String keyName, URI mqtt, String mqttName) {
        String v = optional(name, null);
        String cert = optional(certName, null);
        String key = optional(keyName, null);
        if ((cert == null) != (key == null)) {
            problems.add(certName + " and " + keyName + " go together: set both (the device's certificate and its key) "
                    + "or neither");
            return null;
        }
        if (v == null) {
            if (cert != null) {
                problems.add(certName + " is set but " + name + " is not: set it to the gateway's site CA (ca.pem)");
            }
            return null;
        }
        if (mqtt != null && !("ssl".equals(mqtt.getScheme()) || "wss".equals(mqtt.getScheme()))) {
            problems.add(name + " is set but " + mqttName + " is " + mqtt + ", which is not TLS: use ssl://"
                    + mqtt.getHost() + ":8883 (the gateway's MQTT over TLS port), or unset " + name);
        }
        try {
            return SiteTrust.load(Path.of(v.trim()), cert == null ? null : Path.of(cert.trim()),
                    key == null ? null : Path.of(key.trim()));
        } catch (FireGridException e) {
            problems.add((e.code().equals("bad-client-cert") ? certName + "/" + keyName : name) + ": " + e.reason());
            return null;
        }
    }

    void distinctPins(Map<String, Integer> pins) {
        Map<Integer, String> seen = new TreeMap<>();
        new TreeMap<>(pins).forEach((name, pin) -> {
            String other = seen.putIfAbsent(pin, name);
            if (other != null) {
                problems.add(other + " and " + name + " both use BCM pin " + pin + ": give each its own pin");
            }
        });
    }

    void throwIfAnyProblem() {
        if (!problems.isEmpty()) {
            throw FireGridException.badRequest("bad-config",
                    "edge agent configuration is incomplete:\n  " + String.join("\n  ", problems));
        }
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static double decimal(String v) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw FireGridException.badRequest("bad-number", "'" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw FireGridException.badRequest("bad-number", "'" + v + "' is not a finite number");
        }
        return d;
    }

    private static Integer integer(String name, String v) {
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw FireGridException.badRequest("bad-number", "'" + v + "' is not a whole number");
        }
    }
}
