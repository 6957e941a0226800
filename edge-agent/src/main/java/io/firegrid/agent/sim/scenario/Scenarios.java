package io.firegrid.agent.sim.scenario;

import io.firegrid.agent.Hardware;
import io.firegrid.protocol.FireGridException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The scenarios shipped with the agent for the demo's devices, and loading one by name or file. */
public final class Scenarios {

    /** The built-in scenarios, written for the demo's pi-a1, pi-a2 (zone A) and pi-b1 (zone B, hydrant-1). */
    public static final List<String> BUILT_IN = List.of("fire-in-zone-a", "slow-hydrant-leak", "door-wedged-open",
            "wire-break", "power-cut");

    private Scenarios() {
    }

    /**
     * Loads built-in scenario {@code nameOrFile}, or else the file at that path, and parses it for
     * {@code layout}.
     *
     * @throws FireGridException {@code BAD_REQUEST/bad-scenario} listing the bad lines, or
     *         {@code BAD_REQUEST/no-scenario} if it is neither a built-in name nor a readable file
     */
    public static Scenario load(String nameOrFile, Map<String, Hardware> layout) {
        if (BUILT_IN.contains(nameOrFile)) {
            return ScenarioParser.parse(nameOrFile + ".txt", builtIn(nameOrFile), layout);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw FireGridException.badRequest("no-scenario", "no scenario '" + nameOrFile + "': give one of "
                    + String.join(", ", BUILT_IN) + ", or the path of a scenario file");
        }
        try {
            return ScenarioParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), layout);
        } catch (IOException e) {
            throw new FireGridException(FireGridException.Status.BAD_REQUEST, "no-scenario", "cannot read scenario file "
                    + file + ": " + e.getMessage(), e);
        }
    }

    /** The text of built-in scenario {@code name}. */
    public static String builtIn(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream(name + ".txt")) {
            if (in == null || !BUILT_IN.contains(name)) {
                throw new IllegalArgumentException("no built-in scenario " + name + ": there are " + BUILT_IN);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
