package io.firegrid.protocol.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * One setting read from an environment variable, declared once with its name, type, default (or
 * what happens when it is unset), allowed range and one line of help. Immutable and thread-safe.
 *
 * <p>Reading: a variable that is absent or blank gives the default; otherwise its text is parsed
 * (surrounding spaces ignored) and checked. A value of the wrong form fails with
 * {@code NAME must be FORM, not 'text'} (e.g. {@code FIREGRID_X must be a number, not 'ten'}); a
 * value out of range fails with {@code NAME must be RANGE, not VALUE (default DEFAULT)}. Both are
 * {@link IllegalArgumentException}s, so a program reports them and stops before it starts anything.
 *
 * <p>Records check values that come from code (tests, {@code with*} methods) with {@link #check},
 * which fails with the same message, so a bound reads the same whichever way it was set.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String name;
    private final String form;
    private final Function<String, T> parser;
    private final ToLongFunction<T> magnitude;
    private final long min;
    private final long max;
    private final String range;
    private final Function<T, String> printer;
    private final T defaultValue;
    private final String defaultText;
    private final String help;

    private Setting(String name, String form, Function<String, T> parser, ToLongFunction<T> magnitude, long min, long max,
                    String range, Function<T, String> printer, T defaultValue, String defaultText, String help) {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a setting's name is an environment variable name, not '" + name + "'");
        }
        this.name = name;
        this.form = form;
        this.parser = parser;
        this.magnitude = magnitude;
        this.min = min;
        this.max = max;
        this.range = range;
        this.printer = printer;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText != null ? defaultText : printer.apply(defaultValue);
        this.help = Objects.requireNonNull(help, "help");
        if (defaultValue != null) {
            check(defaultValue);
        }
    }

    // ---- the kinds ----

    /** A whole number from {@code min} to {@code max}. */
    public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String help) {
        return new Setting<>(name, "a number", Integer::valueOf, Integer::longValue, min, max, rangeText(min, max),
                String::valueOf, defaultValue, null, help);
    }

    /** A whole number of at least {@code min}. */
    public static Setting<Integer> atLeast(String name, int defaultValue, int min, String help) {
        return integer(name, defaultValue, min, Integer.MAX_VALUE, help);
    }

    /** A whole number from {@code min} to {@code max} with no default: unset means {@code whenUnset}. */
    public static Setting<Integer> optionalInteger(String name, int min, int max, String whenUnset, String help) {
        return new Setting<>(name, "a number", Integer::valueOf, Integer::longValue, min, max, rangeText(min, max),
                String::valueOf, null, whenUnset, help);
    }

    /** A TCP or UDP port to listen on: 1 to 65535, 0 for any free port, -1 for off. */
    public static Setting<Integer> port(String name, int defaultValue, String help) {
        return new Setting<>(name, "a number", Integer::valueOf, Integer::longValue, -1, 65535,
                "between 0 and 65535 (0 = any free port, -1 = off)", String::valueOf, defaultValue, null, help);
    }

    /** Whole seconds from {@code min} to {@code max}. */
    public static Setting<Duration> seconds(String name, long defaultSeconds, long min, long max, String help) {
        return new Setting<>(name, "a number", v -> Duration.ofSeconds(Long.parseLong(v)), Duration::toSeconds, min, max,
                rangeText(min, max), d -> String.valueOf(d.toSeconds()), Duration.ofSeconds(defaultSeconds), null, help);
    }

    /** Whole milliseconds from {@code min} to {@code max}. */
    public static Setting<Duration> millis(String name, long defaultMillis, long min, long max, String help) {
        return new Setting<>(name, "a number", v -> Duration.ofMillis(Long.parseLong(v)), Duration::toMillis, min, max,
                rangeText(min, max), d -> String.valueOf(d.toMillis()), Duration.ofMillis(defaultMillis), null, help);
    }

    /** {@code true} or {@code false}, nothing else (a typo must not silently mean false). */
    public static Setting<Boolean> bool(String name, boolean defaultValue, String help) {
        return new Setting<>(name, "true or false", v -> switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new NumberFormatException();
        }, b -> 0, 0, 0, "true or false", String::valueOf, defaultValue, null, help);
    }

    /** Any text; {@code defaultValue} may be null, then {@code whenUnset} says what happens. */
    public static Setting<String> string(String name, String defaultValue, String whenUnset, String help) {
        return new Setting<>(name, "text", v -> v, s -> 0, 0, 0, "text", s -> s, defaultValue, whenUnset, help);
    }

    /** A file or directory; {@code defaultValue} may be null, then {@code whenUnset} says what happens. */
    public static Setting<Path> path(String name, String defaultValue, String whenUnset, String help) {
        return new Setting<>(name, "a path", Path::of, p -> 0, 0, 0, "a path", Path::toString,
                defaultValue == null ? null : Path.of(defaultValue), whenUnset, help);
    }

    /**
     * One of {@code type}'s constants, written in lower case ({@code PRODUCTION} as {@code production});
     * {@code aliases} adds further spellings ({@code "prod"}).
     */
    public static <E extends Enum<E>> Setting<E> oneOf(String name, Class<E> type, E defaultValue, Map<String, E> aliases,
                                                       String help) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Setting::lower).toList();
        String choices = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        return new Setting<>(name, choices, v -> {
            String key = v.toLowerCase(Locale.ROOT);
            E alias = aliases.get(key);
            if (alias != null) {
                return alias;
            }
            for (E e : type.getEnumConstants()) {
                if (lower(e).equals(key)) {
                    return e;
                }
            }
            throw new NumberFormatException();
        }, e -> 0, 0, 0, choices, Setting::lower, defaultValue, null, help);
    }

    /**
     * A comma-separated list, blank items skipped, each item parsed by {@code item} (which throws an
     * {@link IllegalArgumentException} naming what is wrong with it); default empty.
     */
    public static <E> Setting<List<E>> list(String name, Function<String, E> item, String whenEmpty, String help) {
        return new Setting<>(name, "a comma-separated list", v -> {
            List<E> out = new ArrayList<>();
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(item.apply(part.strip()));
                }
            }
            return List.copyOf(out);
        }, l -> 0, 0, 0, "a comma-separated list", l -> l.stream().map(String::valueOf)
                .collect(Collectors.joining(",")), List.of(), whenEmpty, help);
    }

    /** A key of {@code digits} hexadecimal digits, kept as text; unset means {@code whenUnset}. */
    public static Setting<String> hexKey(String name, int digits, String whenUnset, String help) {
        return new Setting<>(name, digits + " hex digits", v -> {
            if (v.length() != digits) {
                throw new NumberFormatException();
            }
            try {
                HexFormat.of().parseHex(v);
            } catch (IllegalArgumentException e) {
                throw new NumberFormatException();
            }
            return v;
        }, s -> 0, 0, 0, digits + " hex digits", s -> s, null, whenUnset, help);
    }

    // ---- reading ----

    /** The value {@code env} sets, or the default (null for a setting without one) when it sets none. */
    public T read(Map<String, String> env) {
        return find(env).orElse(defaultValue);
    }

    /** The value {@code env} sets, or empty when the variable is absent or blank. */
    public Optional<T> find(Map<String, String> env) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        T value;
        try {
            value = parser.apply(raw.strip());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be " + form + ", not '" + raw + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        return Optional.of(check(value));
    }

    /** {@code value} if it is within range; else an {@link IllegalArgumentException} naming this setting. */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        long m = magnitude.applyAsLong(value);
        if (m < min || m > max) {
            throw new IllegalArgumentException(name + " must be " + range + ", not " + printer.apply(value)
                    + " (default " + defaultText + ")");
        }
        return value;
    }

    /** As {@link #check(Object)} for an int setting, for records that keep the plain number. */
    public int checkInt(int value) {
        @SuppressWarnings("unchecked")
        Setting<Integer> self = (Setting<Integer>) this;
        return self.check(value);
    }

    // ---- describing ----

    public String name() {
        return name;
    }

    /** The default, or null when the setting has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the help shows it, or what happens when the variable is unset. */
    public String defaultText() {
        return defaultText;
    }

    /** What values are allowed, e.g. {@code between 1 and 65535} or {@code true or false}. */
    public String allowed() {
        return range;
    }

    /** The smallest value allowed, for the number, port and duration kinds (in their unit); 0 for the others. */
    public long min() {
        return min;
    }

    /** The largest value allowed, for the number, port and duration kinds (in their unit); 0 for the others. */
    public long max() {
        return max;
    }

    /** One line saying what the setting does. */
    public String help() {
        return help;
    }

    /** The same setting showing {@code text} as its default in help (e.g. {@code 8080; -1 in production}). */
    public Setting<T> describedDefault(String text) {
        return new Setting<>(name, form, parser, magnitude, min, max, range, printer, defaultValue, text, help);
    }

    @Override
    public String toString() {
        return name + " [" + defaultText + "]";
    }

    private static String rangeText(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
