package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.PhoneNumbers;
import java.util.List;
import java.util.Optional;

/**
 * A person's phone numbers at the API: in E.164 form ({@link PhoneNumbers}, the rule the site
 * inventory checks too), the form {@code phones} are stored in, Kannel is given and SMS replies are
 * matched in. A person's display {@code phone} may be written as people write numbers:
 * {@link #e164} reads it.
 */
public final class Phones {

    private Phones() {
    }

    /** {@code phones} if every one is E.164 and none repeats, else 400 {@code bad-phone} naming the first bad one. */
    public static List<String> check(List<String> phones) {
        for (String p : phones) {
            if (!PhoneNumbers.isE164(p)) {
                throw FireGridException.badRequest("bad-phone", "'phones' has '" + p + "', which is not an E.164"
                        + " number: write a plus, the country code and the number, digits only, e.g. +8613800138000");
            }
        }
        if (phones.stream().distinct().count() != phones.size()) {
            throw FireGridException.badRequest("bad-phone", "'phones' names a number twice");
        }
        return List.copyOf(phones);
    }

    /** The E.164 form of {@code raw} as a person may write it, or empty when it is not a phone number. */
    public static Optional<String> e164(String raw) {
        return PhoneNumbers.e164(raw);
    }

    /** {@code +8613800000001} as {@code +86138****0001}, for logs. */
    public static String masked(String e164) {
        if (e164 == null || e164.length() < 9) {
            return e164;
        }
        return e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
    }
}
