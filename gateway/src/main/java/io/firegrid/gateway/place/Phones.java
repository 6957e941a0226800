package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers in E.164 form ({@code +8613800000001}: a plus, the country code and the number, no
 * spaces), the form a person's {@code phones} are stored in, Kannel is given and SMS replies are
 * matched in. A person's display {@code phone} may be written with spaces, dashes, dots or brackets
 * ({@code +86-138-0000-0001}), with {@code 00} for {@code +}, or as an 11-digit mainland mobile
 * number without a country code ({@code 13800000001}, taken as +86): {@link #e164} reads those.
 */
public final class Phones {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private Phones() {
    }

    /** {@code phones} if every one is E.164 and none repeats, else 400 {@code bad-phone} naming the first bad one. */
    public static List<String> check(List<String> phones) {
        for (String p : phones) {
            if (p == null || !E164.matcher(p).matches()) {
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
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip().replaceAll("[\\s\\-.()]", "");
        if (s.startsWith("00")) {
            s = "+" + s.substring(2);
        } else if (CN_MOBILE.matcher(s).matches()) {
            s = "+86" + s;
        }
        return E164.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** {@code +8613800000001} as {@code +86138****0001}, for logs. */
    public static String masked(String e164) {
        if (e164 == null || e164.length() < 9) {
            return e164;
        }
        return e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
    }
}
