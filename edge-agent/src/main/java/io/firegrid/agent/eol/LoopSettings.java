package io.firegrid.agent.eol;

import io.firegrid.agent.sensor.Contact;
import io.firegrid.agent.sensor.ContactEntry;
import io.firegrid.protocol.FireGridException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * Reads the supervised loops an agent's environment describes: {@link LoopSpec#LOOPS} lists them, one
 * {@code id:kind:AIN[:NO|NC]} each, all on the ADS1115 at {@link LoopSpec#I2C_ADDRESS} on
 * {@link LoopSpec#I2C_BUS}, wired with the resistors of {@link LoopWiring} and read every
 * {@link LoopSpec#PERIOD}. The contact is {@code NO} unless given.
 *
 * <p>An entry may override, for its own loop, the ADS1115 and the resistors set for all: after its
 * contact, any of {@code addr=0x49}, {@code pullup=OHMS}, {@code eol=OHMS} and {@code alarm=OHMS}
 * ({@code smoke-3:smoke:1:NO:eol=2200:alarm=1000}): a second chip, or a loop wired with other
 * resistors than the rest, e.g. one taken over from an older panel.
 *
 * @param loops    the loops, in the order listed
 * @param problems every setting that does not read, one line each naming the variable; empty when all read
 */
public record LoopSettings(List<LoopSpec> loops, List<String> problems) {

    public LoopSettings {
        loops = List.copyOf(loops);
        problems = List.copyOf(problems);
    }

    /** The loops {@code env} sets (none when {@link LoopSpec#LOOPS} is unset), and what is wrong with them. */
    public static LoopSettings fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String text = env.get(LoopSpec.LOOPS.name());
        if (text == null || text.isBlank()) {
            for (var s : List.of(LoopSpec.I2C_BUS, LoopSpec.I2C_ADDRESS, LoopSpec.PERIOD, LoopWiring.PULL_UP,
                    LoopWiring.EOL, LoopWiring.ALARM, LoopWiring.HYSTERESIS)) {
                String v = env.get(s.name());
                if (v != null && !v.isBlank()) {
                    problems.add(s.name() + " is set but " + LoopSpec.LOOPS.name()
                            + " is not: list the supervised loops there, e.g. smoke-2:smoke:1");
                }
            }
            return new LoopSettings(List.of(), problems);
        }
        int bus = read(() -> LoopSpec.I2C_BUS.read(env), LoopSpec.DEFAULT_BUS, problems);
        int address = address(env, problems);
        Duration period = read(() -> LoopSpec.PERIOD.read(env), LoopSpec.DEFAULT_PERIOD, problems);
        LoopWiring wiring = wiring(env, problems);
        List<LoopSpec> loops = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String name = LoopSpec.LOOPS.name();
        ContactEntry.Wording wording = new ContactEntry.Wording(name, "id:kind:AIN or id:kind:AIN:NO|NC, e.g. door-2:door:2:NC",
                "ADC input '%s' should be 0 to 3 (AIN0 to AIN3)", "");
        for (String entry : text.split(",")) {
            String e = entry.trim();
            List<String> fields = new ArrayList<>(List.of(e.split(":")));
            Map<String, String> own = new java.util.LinkedHashMap<>();
            while (!fields.isEmpty() && fields.get(fields.size() - 1).contains("=")) {
                String[] kv = fields.remove(fields.size() - 1).split("=", 2);
                own.putIfAbsent(kv[0].trim(), kv[1].trim());
            }
            Optional<ContactEntry> parsed = ContactEntry.parse(String.join(":", fields), Contact.NO, wording,
                    p -> problems.add(p.replace("entry '" + String.join(":", fields) + "'", "entry '" + e + "'")));
            if (parsed.isEmpty()) {
                continue;
            }
            ContactEntry c = parsed.get();
            if (!ids.add(c.id())) {
                problems.add(name + " entry '" + e + "': sensor id '" + c.id() + "' is listed twice");
                continue;
            }
            try {
                LoopWiring mine = own(own, wiring, name + " entry '" + e + "'", problems);
                int at = own.containsKey("addr") ? ownAddress(own.get("addr"), name + " entry '" + e + "'", problems) : address;
                if (mine != null && at > 0) {
                    loops.add(new LoopSpec(c.id(), c.kind(), bus, at, c.input(), c.contact(), mine, period));
                }
            } catch (FireGridException x) {
                problems.add(name + " entry '" + e + "': " + x.reason());
            }
        }
        return new LoopSettings(loops, problems);
    }

    /** The keys an entry may override for its own loop. */
    static final List<String> OWN_KEYS = List.of("addr", "pullup", "eol", "alarm");

    /**
     * {@code all}, with the resistors {@code own} gives for this loop; null (with the problem told)
     * when a value does not read, a key is unknown, or the resistors leave no room for the hysteresis.
     */
    private static LoopWiring own(Map<String, String> own, LoopWiring all, String entry, List<String> problems) {
        if (own.isEmpty() || all == null) {
            return all;
        }
        boolean ok = true;
        for (String k : own.keySet()) {
            if (!OWN_KEYS.contains(k)) {
                problems.add(entry + ": '" + k + "=' is not a loop's own setting: use addr=0x49, pullup=OHMS, eol=OHMS "
                        + "or alarm=OHMS");
                ok = false;
            }
        }
        double[] ohms = {all.pullUpOhms(), all.eolOhms(), all.alarmOhms()};
        List<String> keys = List.of("pullup", "eol", "alarm");
        List<io.firegrid.protocol.settings.Setting<Integer>> settings = List.of(LoopWiring.PULL_UP, LoopWiring.EOL, LoopWiring.ALARM);
        for (int i = 0; i < 3; i++) {
            String v = own.get(keys.get(i));
            if (v == null) {
                continue;
            }
            try {
                ohms[i] = settings.get(i).checkInt(Integer.parseInt(v));
            } catch (NumberFormatException x) {
                problems.add(entry + ": " + keys.get(i) + "=" + v + " should be a whole number of ohms, e.g. "
                        + keys.get(i) + "=4700");
                ok = false;
            } catch (IllegalArgumentException x) {
                problems.add(entry + ": " + keys.get(i) + "=" + v + ": " + x.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        try {
            return new LoopWiring(ohms[0], ohms[1], ohms[2], all.supplyVolts(), all.hysteresisVolts());
        } catch (FireGridException x) {
            problems.add(entry + ": " + x.reason());
            return null;
        }
    }

    /** A loop's own {@code addr=}: 0x48 to 0x4B, or -1 after telling why not. */
    private static int ownAddress(String v, String entry, List<String> problems) {
        try {
            return LoopSpec.I2C_ADDRESS.checkInt(Integer.decode(v));
        } catch (NumberFormatException x) {
            problems.add(entry + ": addr=" + v + " should be an ADS1115 address such as 0x49");
        } catch (IllegalArgumentException x) {
            problems.add(entry + ": addr=" + v + ": " + x.getMessage());
        }
        return -1;
    }

    private static LoopWiring wiring(Map<String, String> env, List<String> problems) {
        int pullUp = read(() -> LoopWiring.PULL_UP.read(env), LoopWiring.DEFAULT_PULL_UP_OHMS, problems);
        int eol = read(() -> LoopWiring.EOL.read(env), LoopWiring.DEFAULT_EOL_OHMS, problems);
        int alarm = read(() -> LoopWiring.ALARM.read(env), LoopWiring.DEFAULT_ALARM_OHMS, problems);
        int hysteresis = read(() -> LoopWiring.HYSTERESIS.read(env), LoopWiring.DEFAULT_HYSTERESIS_MV, problems);
        try {
            return new LoopWiring(pullUp, eol, alarm, LoopWiring.SUPPLY_VOLTS, hysteresis / 1000.0);
        } catch (FireGridException e) {
            problems.add("supervised loop resistors (FIREGRID_AGENT_EOL_*): " + e.reason());
            return null;
        }
    }

    /** Decimal or {@code 0x} hexadecimal, as the pressure transmitter's address. */
    private static int address(Map<String, String> env, List<String> problems) {
        String v = env.get(LoopSpec.I2C_ADDRESS.name());
        if (v == null || v.isBlank()) {
            return LoopSpec.I2C_ADDRESS.defaultValue();
        }
        try {
            return LoopSpec.I2C_ADDRESS.checkInt(Integer.decode(v.strip()));
        } catch (NumberFormatException e) {
            problems.add(LoopSpec.I2C_ADDRESS.name() + " must be a number such as 0x48, not '" + v + "'");
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return LoopSpec.I2C_ADDRESS.defaultValue();
    }

    private static <T> T read(java.util.function.Supplier<T> reading, T fallback, List<String> problems) {
        try {
            return reading.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }
}
