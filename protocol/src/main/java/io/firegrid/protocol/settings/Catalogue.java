package io.firegrid.protocol.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every setting of one program, in groups, in the order its help lists them. The program's
 * {@code --help} and the README's settings table are both rendered from it, so neither can drift
 * from the declarations. Immutable.
 *
 * @param program the program's name, e.g. {@code gateway}
 * @param groups  the groups, each with a title and its settings
 */
public record Catalogue(String program, List<Group> groups) {

    /** Column where the help text starts in {@link #help()}. */
    private static final int HELP_COLUMN = 32;
    /** Widest line {@link #help()} writes. */
    private static final int WIDTH = 110;

    /**
     * Settings that belong together.
     *
     * @param title    e.g. {@code MQTT bounds (docs/overload.md)}
     * @param settings in the order they are listed
     */
    public record Group(String title, List<Setting<?>> settings) {
        public Group {
            settings = List.copyOf(settings);
        }
    }

    /** Refuses a catalogue that lists a name twice. */
    public Catalogue {
        groups = List.copyOf(groups);
        Set<String> seen = new HashSet<>();
        for (Group g : groups) {
            for (Setting<?> s : g.settings()) {
                if (!seen.add(s.name())) {
                    throw new IllegalArgumentException(s.name() + " is listed twice in the " + program + " catalogue");
                }
            }
        }
    }

    /** Starts a catalogue for {@code program}. */
    public static Builder of(String program) {
        return new Builder(program);
    }

    /** Every setting, in order. */
    public List<Setting<?>> settings() {
        return groups.stream().flatMap(g -> g.settings().stream()).toList();
    }

    /** Every variable name, in order. */
    public List<String> names() {
        return settings().stream().map(Setting::name).toList();
    }

    /**
     * The settings as a {@code --help} section: per group its title, then one entry per setting, its
     * help wrapped at {@value #WIDTH} columns and its default in brackets.
     */
    public String help() {
        StringBuilder out = new StringBuilder();
        for (Group g : groups) {
            out.append(out.isEmpty() ? "" : "\n").append(g.title()).append(":\n");
            for (Setting<?> s : g.settings()) {
                String text = s.help() + " [" + s.defaultText() + "]";
                String head = "  " + s.name();
                if (head.length() >= HELP_COLUMN - 1) {
                    out.append(head).append('\n');
                    head = "";
                }
                wrap(out, head, text);
            }
        }
        return out.toString();
    }

    /** The settings as a Markdown table per group, each preceded by its title in bold. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        for (Group g : groups) {
            out.append(out.isEmpty() ? "" : "\n").append("**").append(g.title()).append("**\n\n");
            out.append("| variable | default | allowed | meaning |\n|---|---|---|---|\n");
            for (Setting<?> s : g.settings()) {
                out.append("| `").append(s.name()).append("` | ").append(cell(s.defaultText())).append(" | ")
                        .append(cell(s.allowed())).append(" | ").append(cell(s.help())).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The comment that opens the generated table in a Markdown file. */
    public String beginMarker() {
        return "<!-- settings:" + program + ":begin (generated from the declarations; do not edit by hand) -->";
    }

    /** The comment that closes the generated table. */
    public String endMarker() {
        return "<!-- settings:" + program + ":end -->";
    }

    /**
     * {@code document} with the text between {@link #beginMarker()} and {@link #endMarker()} replaced
     * by {@link #markdown()}; refuses a document without both markers.
     */
    public String renderInto(String document) {
        int begin = document.indexOf(beginMarker());
        int end = document.indexOf(endMarker());
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + beginMarker() + " ... " + endMarker() + " section to fill");
        }
        return document.substring(0, begin + beginMarker().length()) + "\n" + markdown() + document.substring(end);
    }

    /**
     * Rewrites this program's table in the file {@code readme}; the returned line says which file and
     * whether its table changed (for the {@code settings-readme} command's output).
     */
    public String rewrite(Path readme) throws IOException {
        String before = Files.readString(readme, StandardCharsets.UTF_8);
        String after = renderInto(before);
        Files.writeString(readme, after, StandardCharsets.UTF_8);
        return readme + ": " + program + " settings table " + (after.equals(before) ? "already up to date"
                : "rewritten from the declarations");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static void wrap(StringBuilder out, String head, String text) {
        String indent = " ".repeat(HELP_COLUMN);
        StringBuilder line = new StringBuilder(head);
        while (line.length() < HELP_COLUMN) {
            line.append(' ');
        }
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                first = true;
            }
            line.append(first ? "" : " ").append(word);
            first = false;
        }
        out.append(line).append('\n');
    }

    /** Collects groups in order. */
    public static final class Builder {
        private final String program;
        private final List<Group> groups = new ArrayList<>();

        private Builder(String program) {
            this.program = program;
        }

        public Builder group(String title, Setting<?>... settings) {
            groups.add(new Group(title, List.of(settings)));
            return this;
        }

        public Catalogue build() {
            return new Catalogue(program, groups);
        }
    }
}
