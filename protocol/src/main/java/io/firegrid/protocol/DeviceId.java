package io.firegrid.protocol;

/**
 * A device within a tenant. On the wire it appears as the MQTT username / DTLS PSK identity
 * {@code {device}@{tenant}} and in topics as {@code .../{tenant}/{device}}.
 *
 * <p>Identifiers are 1 to 64 characters from {@code [A-Za-z0-9._:-]}; anything else is refused,
 * so ids are always safe in topics, URLs, file names and log lines.
 */
public record DeviceId(String tenant, String device) {

    /** Longest identifier. */
    private static final int MAX_ID_LENGTH = 64;

    public DeviceId {
        requireId("tenant", tenant);
        requireId("device", device);
    }

    /** Parses {@code device@tenant}; refuses anything else with {@link FireGridException.Status#BAD_REQUEST}. */
    public static DeviceId parse(String authId) {
        if (authId == null) {
            throw FireGridException.badRequest("bad-auth-id", "no username: expected {device}@{tenant}");
        }
        int at = authId.lastIndexOf('@');
        if (at <= 0 || at == authId.length() - 1) {
            throw FireGridException.badRequest("bad-auth-id",
                    "username '" + shorten(authId) + "' is not of the form {device}@{tenant}");
        }
        try {
            return new DeviceId(authId.substring(at + 1), authId.substring(0, at));
        } catch (FireGridException e) {
            throw FireGridException.badRequest("bad-auth-id", "bad username: " + e.reason());
        }
    }

    /** True if {@code s} is a valid tenant, device or sensor identifier. */
    public static boolean isValidId(String s) {
        // a loop, not a regular expression: it runs for every sensor of every message
        if (s == null || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == ':'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static void requireId(String what, String value) {
        if (!isValidId(value)) {
            throw FireGridException.badRequest("bad-id", what + " id '" + shorten(value)
                    + "' is invalid: use 1 to 64 characters from A-Z a-z 0-9 . _ : -");
        }
    }

    /**
     * Client input fit to quote in a refusal: at most 80 characters, control characters (line
     * breaks included) shown as {@code ?}, so a reason stays one line in logs and answers.
     */
    static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.length() <= 80 ? s : s.substring(0, 77) + "...";
        StringBuilder b = null;
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                if (b == null) {
                    b = new StringBuilder(t);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? t : b.toString();
    }

    /** The authentication identity, {@code device@tenant}. */
    public String authId() {
        return device + "@" + tenant;
    }

    @Override
    public String toString() {
        return authId();
    }
}
