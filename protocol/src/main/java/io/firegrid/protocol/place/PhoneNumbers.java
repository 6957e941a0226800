package io.firegrid.protocol.place;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers in E.164 form ({@code +8613800000001}: a plus, the country code and the number,
 * digits only), the one form the gateway stores, gives Kannel and matches SMS replies in, and the
 * site inventory accepts. {@link #e164} reads the forms people write: spaces, dashes, dots or
 * brackets ({@code +86-138-0000-0001}), {@code 00} for {@code +}, or an 11-digit mainland mobile
 * number without a country code ({@code 13800000001}, taken as +86).
 */
public final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private PhoneNumbers() {
    }

    /** Whether {@code s} is already in E.164 form. */
    public static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /** The E.164 form of {@code raw} as a person may write it, or empty when it does not read as a number. */
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
        return isE164(s) ? Optional.of(s) : Optional.empty();
    }
}
