package io.firegrid.gateway.sms;

/**
 * How many SMS parts a text takes (3GPP TS 23.038 and 23.040). A text of GSM 7-bit default
 * alphabet characters goes as GSM-7: 160 septets in one part, 153 per part of a concatenated
 * message (the 6-byte concatenation header takes 7 septets); the characters of the extension table
 * ({@code ^{}\[~]|€} and form feed) take two septets. Any other character (Chinese, say) makes the
 * whole text UCS-2: 70 UTF-16 units in one part, 67 per concatenated part.
 *
 * <p>{@link #fit} shortens a text to at most {@link #MAX_PARTS} parts: a carrier bills each part and
 * phones reassemble long chains unreliably.
 */
public final class SmsParts {

    /** Longest message the gateway sends: three parts (459 GSM-7 septets or 201 UCS-2 characters). */
    public static final int MAX_PARTS = 3;

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

    private SmsParts() {
    }

    /** Whether every character of {@code text} is in the GSM 7-bit default alphabet or its extension table. */
    public static boolean isGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (GSM_BASIC.indexOf(ch) < 0 && GSM_EXTENSION.indexOf(ch) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Length in the text's encoding: septets for GSM-7, UTF-16 units for UCS-2. */
    public static int units(String text) {
        if (!isGsm7(text)) {
            return text.length();
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        return n;
    }

    /** Parts the text takes; an empty text is one part. */
    public static int parts(String text) {
        boolean gsm = isGsm7(text);
        int units = units(text);
        int single = gsm ? 160 : 70;
        int multi = gsm ? 153 : 67;
        return units <= single ? 1 : (units + multi - 1) / multi;
    }

    /** Most units {@code parts} parts carry in the given encoding. */
    static int capacity(boolean gsm, int parts) {
        return parts == 1 ? (gsm ? 160 : 70) : parts * (gsm ? 153 : 67);
    }

    /**
     * {@code body} followed by {@code tail} (the link, which must stay whole), {@code body} cut
     * with "…" so that the text takes at most {@link #MAX_PARTS} parts. The ellipsis is not GSM-7,
     * so a cut GSM-7 text ends in "..." instead.
     */
    public static String fit(String body, String tail) {
        String whole = body + tail;
        if (parts(whole) <= MAX_PARTS) {
            return whole;
        }
        boolean gsm = isGsm7(whole);
        String mark = gsm ? "..." : "…";
        int room = capacity(gsm, MAX_PARTS) - units(tail) - units(mark);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            int cost = gsm && GSM_EXTENSION.indexOf(ch) >= 0 ? 2 : 1;
            // never split a surrogate pair: the half would be a broken character on the phone
            boolean pair = Character.isHighSurrogate(ch) && i + 1 < body.length();
            int need = pair ? 2 : cost;
            if (used + need > room) {
                break;
            }
            kept.append(ch);
            if (pair) {
                kept.append(body.charAt(++i));
            }
            used += need;
        }
        return kept + mark + tail;
    }
}
