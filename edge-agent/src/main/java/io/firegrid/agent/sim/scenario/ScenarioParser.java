package io.firegrid.agent.sim.scenario;

import io.firegrid.agent.Hardware;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.pressure.PressureTransmitter;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario: plain text, one step per line, {@code #} to the end of a line is a comment.
 *
 * <pre>
 * at 0s   pi-a1 smoke-1 alarm                    # smoke: alarm | normal
 * at 10s  pi-a1 door-1 open                      # door: open | closed
 * at 0s   pi-b1 hydrant-1 pressure 0.45          # hold a pressure, MPa
 * at 0s   pi-b1 hydrant-1 ramp 0.45 0.20 over 600s
 * at 30s  pi-b1 hydrant-1 current 0mA            # raw loop current, 0 to 24 mA
 * at 90s  pi-a2 power off                        # power off | on
 * </pre>
 *
 * Times are whole numbers with {@code ms}, {@code s} or {@code m}. Devices and sensors are checked
 * against the layout the scenario will run on, and pressures against the transmitter's range.
 * Every bad line is reported, not just the first, each as {@code NAME:LINE: message}.
 */
public final class ScenarioParser {

    /** Highest loop current a step may hold: above NAMUR NE 43's 21 mA fault limit, within the ADC's reach. */
    public static final double MAX_MILLIAMPS = 24.0;

    private static final Pattern TIME = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private final String name;
    private final Map<String, Hardware> layout;
    private final List<String> problems = new ArrayList<>();

    private ScenarioParser(String name, Map<String, Hardware> layout) {
        this.name = name;
        this.layout = layout;
    }

    /**
     * Parses {@code text}, named {@code name} in messages, for devices {@code layout} (device name to
     * what is wired to it).
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-scenario} whose reason lists every problem,
     *         one per line
     */
    public static Scenario parse(String name, String text, Map<String, Hardware> layout) {
        ScenarioParser p = new ScenarioParser(name, layout);
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            p.step(i + 1, lines[i]).ifPresent(steps::add);
        }
        if (p.problems.isEmpty() && steps.isEmpty()) {
            p.problems.add(name + ": no steps: write one per line, e.g. 'at 5s pi-a1 smoke-1 alarm'");
        }
        if (!p.problems.isEmpty()) {
            throw FireGridException.badRequest("bad-scenario", String.join("\n", p.problems));
        }
        return new Scenario(name, steps);
    }

    private Optional<Step> step(int line, String raw) {
        int hash = raw.indexOf('#');
        String[] t = (hash >= 0 ? raw.substring(0, hash) : raw).trim().split("\\s+");
        if (t.length == 1 && t[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(step(line, t));
        } catch (BadLine e) {
            problems.add(name + ":" + line + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Step step(int line, String[] t) {
        if (!t[0].equals("at")) {
            throw new BadLine("a step starts with 'at TIME', e.g. 'at 5s pi-a1 smoke-1 alarm'");
        }
        if (t.length < 4) {
            throw new BadLine("incomplete step: expected 'at TIME DEVICE SENSOR ACTION' or 'at TIME DEVICE power on|off'");
        }
        Duration at = time(t[1]);
        String device = t[2];
        Hardware hardware = layout.get(device);
        if (hardware == null) {
            throw new BadLine("unknown device '" + device + "': the devices are " + String.join(", ", layout.keySet()));
        }
        if (t[3].equals("power")) {
            String onOff = word(t, 4, "on or off");
            end(t, 5);
            return switch (onOff) {
                case "on" -> new Step.Power(at, line, device, true);
                case "off" -> new Step.Power(at, line, device, false);
                default -> throw new BadLine("unknown action 'power " + onOff + "': use power on or power off");
            };
        }
        String sensor = t[3];
        Optional<ContactSpec> contact = hardware.contacts().stream().filter(c -> c.sensor().equals(sensor)).findFirst();
        if (contact.isPresent()) {
            return contactStep(at, line, device, contact.get(), t);
        }
        Optional<PressureSpec> pressure = hardware.pressures().stream().filter(p -> p.sensor().equals(sensor)).findFirst();
        if (pressure.isPresent()) {
            return pressureStep(at, line, device, pressure.get(), t);
        }
        List<String> sensors = new ArrayList<>();
        hardware.contacts().forEach(c -> sensors.add(c.sensor()));
        hardware.pressures().forEach(p -> sensors.add(p.sensor()));
        throw new BadLine("device " + device + " has no sensor '" + sensor + "': it has " + String.join(", ", sensors)
                + " (or say 'power on|off')");
    }

    private Step contactStep(Duration at, int line, String device, ContactSpec spec, String[] t) {
        boolean smoke = spec.kind() == Kind.SMOKE;
        String active = smoke ? "alarm" : "open";
        String inactive = smoke ? "normal" : "closed";
        String action = word(t, 4, active + " or " + inactive);
        end(t, 5);
        if (action.equals(active) || action.equals(inactive)) {
            return new Step.Contact(at, line, device, spec.sensor(), action.equals(active));
        }
        throw new BadLine("unknown action '" + action + "' for " + (smoke ? "smoke detector " : "door ") + spec.sensor()
                + ": use " + active + " or " + inactive);
    }

    private Step pressureStep(Duration at, int line, String device, PressureSpec spec, String[] t) {
        String action = word(t, 4, "pressure, ramp or current");
        switch (action) {
            case "pressure" -> {
                double mpa = mpa(spec, word(t, 5, "a pressure in MPa"));
                end(t, 6);
                return new Step.Pressure(at, line, device, spec.sensor(), mpa);
            }
            case "ramp" -> {
                double from = mpa(spec, word(t, 5, "the starting pressure in MPa"));
                double to = mpa(spec, word(t, 6, "the final pressure in MPa"));
                if (!word(t, 7, "'over TIME'").equals("over")) {
                    throw new BadLine("expected 'over TIME' after the pressures, e.g. 'ramp 0.45 0.20 over 600s'");
                }
                Duration over = time(word(t, 8, "how long the ramp lasts, e.g. 600s"));
                if (over.isZero()) {
                    throw new BadLine("a ramp must last longer than 0s");
                }
                end(t, 9);
                return new Step.Ramp(at, line, device, spec.sensor(), from, to, over);
            }
            case "current" -> {
                double ma = number(strip(word(t, 5, "a loop current, e.g. 0mA"), "mA"));
                if (ma < 0 || ma > MAX_MILLIAMPS) {
                    throw new BadLine("current " + t[5] + " is out of range: use 0 to " + MAX_MILLIAMPS + " mA");
                }
                end(t, 6);
                return new Step.Current(at, line, device, spec.sensor(), ma);
            }
            default -> throw new BadLine("unknown action '" + action + "' for pressure transmitter " + spec.sensor()
                    + ": use 'pressure MPA', 'ramp FROM TO over TIME' or 'current MA'");
        }
    }

    private static Duration time(String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw new BadLine("bad time '" + s + "': use a whole number with ms, s or m, e.g. 90s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static double mpa(PressureSpec spec, String s) {
        double mpa = number(strip(s, "MPa"));
        PressureTransmitter t = spec.transmitter();
        if (mpa < t.rangeMinMpa() || mpa > t.rangeMaxMpa()) {
            throw new BadLine("pressure " + s + " is outside " + spec.sensor() + "'s range of " + t.rangeMinMpa()
                    + " to " + t.rangeMaxMpa() + " MPa");
        }
        return mpa;
    }

    private static String strip(String s, String unit) {
        return s.toLowerCase(Locale.ROOT).endsWith(unit.toLowerCase(Locale.ROOT))
                ? s.substring(0, s.length() - unit.length()) : s;
    }

    private static double number(String s) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d) && !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1))) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below, with the text that is not a number
        }
        throw new BadLine("'" + s + "' is not a number");
    }

    private static String word(String[] t, int i, String expected) {
        if (i >= t.length) {
            throw new BadLine("incomplete step: expected " + expected + " after '" + t[t.length - 1] + "'");
        }
        return t[i];
    }

    private static void end(String[] t, int length) {
        if (t.length > length) {
            throw new BadLine("unexpected '" + t[length] + "' at the end of the step");
        }
    }

    /** One line's problem; caught per line so that every line is checked. */
    private static final class BadLine extends RuntimeException {
        BadLine(String message) {
            super(message, null, false, false);
        }
    }
}
