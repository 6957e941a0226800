package io.firegrid.protocol.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds settings drift in a program's Java sources, for a test that keeps it from coming back:
 * a variable name written as a string literal anywhere but its {@link Setting} declaration (code
 * that reads the environment behind the catalogue's back), and a {@code FIREGRID_*} name mentioned
 * in a message or comment that the catalogue does not declare (help that names a setting nobody
 * reads). A mention ending in {@code *} ({@code FIREGRID_HTTP_*}) must prefix a declared name.
 */
public final class SourceCheck {

    private static final Pattern DECLARATION = Pattern.compile("Setting\\s*\\.\\s*\\w+\\s*\\(\\s*\"(FIREGRID_[A-Z0-9_]+)\"");
    private static final Pattern LITERAL = Pattern.compile("\"(FIREGRID_[A-Z0-9_]+)\"");
    private static final Pattern MENTION = Pattern.compile("FIREGRID_[A-Z0-9_]*\\*|FIREGRID_[A-Z0-9_]*[A-Z0-9]");

    private SourceCheck() {
    }

    /** {@code file:line: "NAME"} for each variable name written as a literal outside a declaration. */
    public static List<String> strayLiterals(Path sourceRoot) {
        List<String> out = new ArrayList<>();
        for (Path file : javaFiles(sourceRoot)) {
            String text = read(file);
            String masked = DECLARATION.matcher(text).replaceAll(m -> "Setting.declared(" + " ".repeat(m.group(1).length() + 2));
            Matcher m = LITERAL.matcher(masked);
            while (m.find()) {
                out.add(sourceRoot.relativize(file) + ":" + line(text, m.start()) + ": \"" + m.group(1) + "\"");
            }
        }
        return out;
    }

    /** The names declared with a {@link Setting} factory in the sources under {@code sourceRoot}. */
    public static List<String> declaredNames(Path sourceRoot) {
        List<String> out = new ArrayList<>();
        for (Path file : javaFiles(sourceRoot)) {
            Matcher m = DECLARATION.matcher(read(file));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** {@code file:line: NAME} for each {@code FIREGRID_*} mention that names no setting of {@code catalogue}. */
    public static List<String> unknownMentions(Path sourceRoot, Catalogue catalogue) {
        List<String> names = catalogue.names();
        List<String> out = new ArrayList<>();
        for (Path file : javaFiles(sourceRoot)) {
            String text = read(file);
            Matcher m = MENTION.matcher(text);
            while (m.find()) {
                String mention = m.group();
                boolean known = mention.endsWith("*")
                        ? names.stream().anyMatch(n -> n.startsWith(mention.substring(0, mention.length() - 1)))
                        : names.contains(mention);
                if (!known) {
                    out.add(sourceRoot.relativize(file) + ":" + line(text, m.start()) + ": " + mention);
                }
            }
        }
        return out;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
