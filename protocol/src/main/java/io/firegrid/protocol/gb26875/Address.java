package io.firegrid.protocol.gb26875;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A 6-byte GB/T 26875.3 address (source or destination of a frame). On the wire it travels low
 * byte first; people write it as 12 hex digits, most significant first, which is what
 * {@link #hex()} gives and {@link #parse} reads.
 */
public record Address(long value) {

    /** The largest address: 6 bytes. */
    public static final long MAX = 0xFFFF_FFFF_FFFFL;

    public Address {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("a GB/T 26875.3 address has 6 bytes, not " + Long.toHexString(value));
        }
    }

    /** The address written as 12 hex digits, most significant first ({@code 0000c0a80101}); refused otherwise. */
    public static Address parse(String hex) {
        if (hex == null || hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a GB/T 26875.3 address is 12 hex digits (6 bytes, most significant first), not '"
                    + (hex == null ? "" : hex.length() > 20 ? hex.substring(0, 20) + "..." : hex) + "'");
        }
        return new Address(Long.parseLong(hex, 16));
    }

    /** 12 lower-case hex digits, most significant first. */
    public String hex() {
        return String.format(Locale.ROOT, "%012x", value);
    }

    /** Reads 6 bytes, low byte first, from {@code b} at {@code off}. */
    static Address read(byte[] b, int off) {
        long v = 0;
        for (int i = 5; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return new Address(v);
    }

    /** Writes the 6 bytes, low byte first, into {@code b} at {@code off}. */
    void write(byte[] b, int off) {
        for (int i = 0; i < 6; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public String toString() {
        return hex();
    }

    static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
