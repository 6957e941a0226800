package io.firegrid.gateway.device;

import io.firegrid.protocol.FireGridException;

/**
 * What the registering client says of a device password, which decides how the gateway stores it
 * ({@link PasswordHasher}): {@link #CHOSEN} by a person (the default, PBKDF2 at the gateway's
 * cost) or {@link #GENERATED} by a machine from at least 128 random bits (HMAC-SHA256, checked in
 * microseconds). The API field is {@code "passwordKind"}: {@code "chosen"} or {@code "generated"}.
 */
public enum PasswordKind {
    /** A password a person may have chosen: slow hash. */
    CHOSEN,
    /** A secret drawn by a program from at least 128 random bits: fast hash. */
    GENERATED;

    /** The name on the wire. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind named {@code value} ({@code null}: {@link #CHOSEN}); fails with
     * {@code BAD_REQUEST/bad-password-kind} for anything else.
     */
    public static PasswordKind fromWire(Object value) {
        if (value == null) {
            return CHOSEN;
        }
        for (PasswordKind k : values()) {
            if (k.wireName().equals(value)) {
                return k;
            }
        }
        throw FireGridException.badRequest("bad-password-kind", "'passwordKind' must be \"chosen\" (a password a person"
                + " chose, the default) or \"generated\" (at least 128 random bits from a program), not " + value);
    }
}
