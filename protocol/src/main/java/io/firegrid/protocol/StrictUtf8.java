package io.firegrid.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks bytes for well-formed UTF-8 (Unicode 15, table 3-7) without decoding them: no overlong
 * forms, no surrogates (U+D800-U+DFFF), nothing above U+10FFFF, no truncated sequence. It accepts
 * exactly what the JDK's UTF-8 decoder accepts with {@code CodingErrorAction.REPORT}; Jackson's own
 * byte parser is more lenient (overlong forms and surrogates pass), hence this check before it.
 *
 * <p>Stateless; ASCII runs are checked eight bytes at a time.
 */
final class StrictUtf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private StrictUtf8() {
    }

    /** True if all of {@code b} is well-formed UTF-8. */
    static boolean isWellFormed(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            if (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int len;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong below U+0800
                } else if (c == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                if (c == 0xF0) {
                    lo = 0x90; // overlong below U+10000
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return false; // continuation byte without a lead, C0/C1 (overlong), F5-FF
            }
            if (i + len > n) {
                return false;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k < len; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += len;
        }
        return true;
    }

    /**
     * True if a NUL is among the first {@code chars} UTF-16 characters that well-formed UTF-8
     * {@code b} decodes to (a four-byte sequence decodes to two).
     */
    static boolean hasNulWithin(byte[] b, int chars) {
        int seen = 0;
        for (int i = 0; i < b.length && seen < chars; i++) {
            int c = b[i] & 0xFF;
            if (c == 0) {
                return true;
            }
            if ((c & 0xC0) != 0x80) { // a lead byte starts a character
                seen += c >= 0xF0 ? 2 : 1;
            }
        }
        return false;
    }
}
