package io.firegrid.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An edge agent's settings file ({@code firegrid/agent.env} in a bundle, read by systemd as an
 * {@code EnvironmentFile}): {@code NAME=value} lines, blank lines and {@code #} comments skipped.
 * Written by the installer's tool, read back by it and by the agent's rehearsal.
 */
public final class EnvFile {

    private EnvFile() {
    }

    /** The variables of the file, in order; none if it does not exist. */
    public static Map<String, String> read(Path file) throws IOException {
        return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : Map.of();
    }

    /** The variables of an env file's text, in order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (!l.startsWith("#") && eq > 0) {
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return env;
    }
}
