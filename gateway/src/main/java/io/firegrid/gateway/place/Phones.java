package io.firegrid.gateway.place;

import io.firegrid.protocol.FireGridException;
import java.util.List;
import java.util.regex.Pattern;

/** Phone numbers in E.164 form (a plus, the country code and the number, 8 to 15 digits, no spaces). */
public final class Phones {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

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
}
