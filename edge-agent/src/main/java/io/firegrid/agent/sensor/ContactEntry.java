package io.firegrid.agent.sensor;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.Kind;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One entry of a list of contacts in a setting, {@code id:kind:input} or {@code id:kind:input:NO|NC}
 * (a GPIO pin for {@code FIREGRID_AGENT_CONTACTS}, an ADC input for the supervised loops): read
 * the same way for both, each problem told with the setting and the entry.
 *
 * @param input the pin or ADC input, as a number (its range is the caller's to check)
 */
public record ContactEntry(String id, Kind kind, int input, Contact contact) {

    /**
     * How a list's entries are worded in problems.
     *
     * @param setting    the setting's name
     * @param form       the entry's form with an example, e.g. {@code id:kind:pin or id:kind:pin:NO|NC, e.g. exit-1:exit:22:NO}
     * @param badInput   what is wrong with an input that is not a number, with {@code %s} for it
     * @param kindsNote  said after the list of kinds (may be empty)
     */
    public record Wording(String setting, String form, String badInput, String kindsNote) {
    }

    /** The entry {@code text}, or empty after telling {@code problems} why not (the contact defaults to {@code fallback}). */
    public static Optional<ContactEntry> parse(String text, Contact fallback, Wording w, Consumer<String> problems) {
        String e = text.trim();
        String[] f = e.split(":");
        if (f.length < 3 || f.length > 4) {
            problems.accept(w.setting() + " entry '" + e + "' should be " + w.form());
            return Optional.empty();
        }
        Kind kind = switch (f[1].trim()) {
            case "smoke" -> Kind.SMOKE;
            case "call-point" -> Kind.CALL_POINT;
            case "door" -> Kind.DOOR;
            case "exit" -> Kind.EXIT;
            default -> null;
        };
        if (kind == null) {
            problems.accept(w.setting() + " entry '" + e + "': kind '" + f[1].trim() + "' should be smoke, call-point, door or exit"
                    + w.kindsNote());
            return Optional.empty();
        }
        int input;
        try {
            input = Integer.parseInt(f[2].trim());
        } catch (NumberFormatException x) {
            problems.accept(w.setting() + " entry '" + e + "': " + String.format(w.badInput(), f[2].trim()));
            return Optional.empty();
        }
        try {
            return Optional.of(new ContactEntry(f[0].trim(), kind, input, f.length == 4 ? Contact.parse(f[3].trim()) : fallback));
        } catch (FireGridException x) {
            problems.accept(w.setting() + " entry '" + e + "': " + x.reason());
            return Optional.empty();
        }
    }
}
