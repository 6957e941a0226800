package io.firegrid.agent.app;

import io.firegrid.agent.Agent;
import io.firegrid.agent.eol.LoopSpec;
import io.firegrid.agent.eol.LoopState;
import io.firegrid.agent.pressure.PressureSpec;
import io.firegrid.agent.sensor.ContactSpec;
import io.firegrid.protocol.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an installer types while rehearsing, to do on the laptop what they will do on site: press a
 * call point's test key, hold a fire door open, put a detector in alarm, let a hydrant's pressure
 * fall. One line per action:
 * <pre>
 * pi-0003 call-1 on       the contact active: a detector or call point in alarm, a door open, an exit blocked
 * pi-0003 call-1 off      at rest again
 * pi-0002 hydrant-1 0.2   the transmitter reads 0.2 MPa
 * pi-0003 smoke-2 cut     a supervised loop's wire cut (open circuit); short: its wires touching; off mends it
 * list                    every device's sensors and what they read now
 * help                    this text
 * </pre>
 * Each line is answered with one line: what the agent will report, or what is wrong and what to
 * type instead. Nothing typed can stop the agents; end of input leaves them running.
 */
final class RehearsalControls {

    static final String HELP = String.join("\n",
            "type a line, then Enter:",
            "  DEVICE SENSOR on      the contact active: detector or call point in alarm, door open, exit blocked",
            "  DEVICE SENSOR off     the contact at rest",
            "  DEVICE SENSOR MPA     a hydrant transmitter's pressure, e.g. pi-0002 hydrant-1 0.2",
            "  DEVICE SENSOR cut     a supervised loop's wire cut: fault (open circuit); off mends it",
            "  DEVICE SENSOR short   a supervised loop's wires touching: fault (short circuit); off mends it",
            "  list                  what every sensor reads now",
            "  help                  this text");

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Double> pressures = new LinkedHashMap<>();

    /** @param startMpa what each device's transmitters read until a line changes it, by device id */
    RehearsalControls(List<Agent> agents, Map<String, Double> startMpa) {
        for (Agent a : agents) {
            String device = a.device().device();
            this.agents.put(device, a);
            a.hardware().pressures().forEach(p -> pressures.put(device + " " + p.sensor(), startMpa.get(device)));
        }
    }

    /** Answers every line of {@code in} on {@code out} until the input ends. */
    void run(BufferedReader in, PrintStream out) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String answer = apply(line);
            if (!answer.isEmpty()) {
                out.println(answer);
            }
        }
    }

    /** Carries out one typed line; returns the answer to print (empty for a blank line). */
    String apply(String line) {
        String[] words = line.strip().split("\\s+");
        if (words[0].isEmpty()) {
            return "";
        }
        if (words.length == 1 && List.of("help", "?").contains(words[0].toLowerCase(Locale.ROOT))) {
            return HELP;
        }
        if (words.length == 1 && words[0].equalsIgnoreCase("list")) {
            return list();
        }
        if (words.length != 3) {
            return "not understood: '" + line.strip() + "'; type DEVICE SENSOR on|off|MPA, e.g. "
                    + example() + ", or help";
        }
        Agent agent = agents.get(words[0]);
        if (agent == null) {
            return "no device " + words[0] + " here: rehearsing " + String.join(", ", agents.keySet());
        }
        String device = words[0];
        String sensor = words[1];
        Optional<ContactSpec> contact = agent.hardware().contacts().stream().filter(c -> c.sensor().equals(sensor)).findFirst();
        Optional<PressureSpec> pressure = agent.hardware().pressures().stream().filter(p -> p.sensor().equals(sensor)).findFirst();
        Optional<LoopSpec> loop = agent.hardware().loops().stream().filter(l -> l.sensor().equals(sensor)).findFirst();
        if (contact.isPresent()) {
            return contact(agent, contact.get(), words[2]);
        }
        if (loop.isPresent()) {
            return loop(agent, loop.get(), words[2]);
        }
        if (pressure.isPresent()) {
            return pressure(agent, pressure.get(), words[2]);
        }
        return device + " has no sensor " + sensor + ": it has " + String.join(", ", sensors(agent));
    }

    private String contact(Agent agent, ContactSpec c, String word) {
        String name = agent.device().device() + " " + c.sensor() + " (" + kindName(c.kind()) + ")";
        boolean active;
        switch (word.toLowerCase(Locale.ROOT)) {
            case "on" -> active = true;
            case "off" -> active = false;
            default -> {
                return name + " is a contact: type on or off, not '" + word + "'";
            }
        }
        agent.mockContact(c.sensor()).set(active);
        return name + ": " + state(c.kind(), active) + (active ? "" : " (at rest)");
    }

    private String loop(Agent agent, LoopSpec l, String word) {
        String name = agent.device().device() + " " + l.sensor() + " (" + l.kind().wireName() + ", supervised loop)";
        LoopState state = switch (word.toLowerCase(Locale.ROOT)) {
            case "on" -> LoopState.ACTIVE;
            case "off" -> LoopState.NORMAL;
            case "cut" -> LoopState.OPEN_CIRCUIT;
            case "short" -> LoopState.SHORT_CIRCUIT;
            default -> null;
        };
        if (state == null) {
            return name + " is a supervised loop: type on, off, cut or short, not '" + word + "'";
        }
        agent.mockLoop(l.sensor()).state(state);
        return name + ": " + loopText(l, state) + String.format(Locale.ROOT, " (%.2f V at %s)",
                l.bands().nominalVolts(state), l.where());
    }

    private static String loopText(LoopSpec l, LoopState state) {
        return state.isFault() ? "fault, " + state.text() : state(l.kind(), state == LoopState.ACTIVE)
                + (state == LoopState.NORMAL ? " (at rest)" : "");
    }

    private String pressure(Agent agent, PressureSpec p, String word) {
        String name = agent.device().device() + " " + p.sensor() + " (pressure)";
        double top = p.transmitter().rangeMaxMpa();
        double bottom = p.transmitter().rangeMinMpa();
        double mpa;
        try {
            mpa = Double.parseDouble(word);
        } catch (NumberFormatException e) {
            return name + " reads MPa: type a number from " + fmt(bottom) + " to " + fmt(top) + ", not '" + word + "'";
        }
        if (!(mpa >= bottom && mpa <= top)) {
            return name + ": " + word + " MPa is outside its transmitter's range, " + fmt(bottom) + " to " + fmt(top) + " MPa";
        }
        agent.mockTransmitter(p.sensor()).mpa(mpa);
        pressures.put(agent.device().device() + " " + p.sensor(), mpa);
        return name + ": " + fmt(mpa) + " MPa (read within its period, " + p.period().toSeconds() + " s)";
    }

    private String list() {
        List<String> lines = new ArrayList<>();
        agents.forEach((device, agent) -> {
            List<String> states = new ArrayList<>();
            for (ContactSpec c : agent.hardware().contacts()) {
                states.add(c.sensor() + " " + state(c.kind(), agent.mockContact(c.sensor()).isActive()));
            }
            for (PressureSpec p : agent.hardware().pressures()) {
                states.add(p.sensor() + " " + fmt(pressures.get(device + " " + p.sensor())) + " MPa");
            }
            for (LoopSpec l : agent.hardware().loops()) {
                LoopState now = agent.loop(l.sensor()).loopState();
                states.add(l.sensor() + " " + (now == null ? "not read yet" : loopText(l, now).replace(" (at rest)", "")));
            }
            lines.add(device + ": " + (states.isEmpty() ? "no sensors" : String.join(", ", states)));
        });
        return String.join("\n", lines);
    }

    private String example() {
        for (Agent a : agents.values()) {
            for (ContactSpec c : a.hardware().contacts()) {
                return a.device().device() + " " + c.sensor() + " on";
            }
        }
        return "pi-0001 smoke-1 on";
    }

    private static List<String> sensors(Agent agent) {
        List<String> out = new ArrayList<>();
        agent.hardware().contacts().forEach(c -> out.add(c.sensor()));
        agent.hardware().pressures().forEach(p -> out.add(p.sensor()));
        agent.hardware().loops().forEach(l -> out.add(l.sensor()));
        return out;
    }

    private static String kindName(Kind kind) {
        return kind == Kind.DEVICE ? "tamper switch" : kind.wireName();
    }

    /** What the agent reports for a contact of {@code kind} active or at rest. */
    static String state(Kind kind, boolean active) {
        return switch (kind) {
            case SMOKE, CALL_POINT -> active ? "alarm" : "normal";
            case DOOR -> active ? "open" : "closed";
            case EXIT -> active ? "blocked" : "clear";
            case DEVICE -> active ? "tamper" : "online";
            case PRESSURE -> throw new IllegalArgumentException("pressure is not a contact");
        };
    }

    private static String fmt(double mpa) {
        String s = String.format(Locale.ROOT, "%.3f", mpa).replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
