package io.firegrid.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as the gateway takes them for SMS and calls: E.164, a plus, the country code and
 * the number, digits only ({@code +8613800000001}). The same rule as the gateway's
 * {@code place/Phones}; {@link #suggest} reads the forms people write (spaces, dashes, brackets,
 * {@code 00} for {@code +}, an 11-digit mainland mobile number) so a refusal can show the number
 * as it should be written.
 */
final class PhoneNumbers {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern CN_MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private PhoneNumbers() {
    }

    static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /** The E.164 form of {@code raw} as a person may write it, or empty when it does not read as a number. */
    static Optional<String> suggest(String raw) {
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
}
