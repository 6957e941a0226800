package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StrictUtf8} accepts exactly what the JDK's reporting UTF-8 decoder accepts. */
class StrictUtf8Test {

    /** Byte values where the meaning of a byte in a UTF-8 sequence changes. */
    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xEF,
        0xF0, 0xF4, 0xF5, 0xFF};

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void agreesWithTheJdkOnEveryOneAndTwoByteSequence() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void agreesWithTheJdkOnThreeByteSequencesAfterEveryLeadByte() {
        for (int a = 0xC0; a < 0x100; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : EDGES) {
                    assertAgrees(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnFourByteSequencesAtTheEdges() {
        for (int a = 0xE0; a < 0x100; a++) {
            for (int b = 0; b < 256; b++) {
                if (a != 0xF0 && a != 0xF4 && b % 16 != 0 && b % 16 != 15) {
                    continue; // the second byte's range changes only at these edges, but for F0 and F4
                }
                for (int c : EDGES) {
                    for (int d : EDGES) {
                        assertAgrees(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnLongerRandomText() {
        // GIVEN mostly ASCII with some multi-byte characters, so the eight-byte ASCII steps meet every alignment
        Random random = new Random(17);
        byte[] fire = "火🔥é".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                int r = random.nextInt(20);
                b[k] = r == 0 ? (byte) random.nextInt(256) : r < 4 ? fire[random.nextInt(fire.length)] : (byte) ('a' + r);
            }
            assertAgrees(b);
        }
    }

    @Test
    void findsNulOnlyAmongTheFirstCharacters() {
        assertThat(StrictUtf8.hasNulWithin("\0{}".getBytes(StandardCharsets.UTF_8), 4)).isTrue();
        assertThat(StrictUtf8.hasNulWithin("abc\0".getBytes(StandardCharsets.UTF_8), 4)).isTrue();
        assertThat(StrictUtf8.hasNulWithin("abcd\0".getBytes(StandardCharsets.UTF_8), 4)).isFalse();
        assertThat(StrictUtf8.hasNulWithin("火火火\0".getBytes(StandardCharsets.UTF_8), 4)).isTrue();
        assertThat(StrictUtf8.hasNulWithin("a🔥\0".getBytes(StandardCharsets.UTF_8), 4)).isTrue();
        assertThat(StrictUtf8.hasNulWithin("🔥🔥\0".getBytes(StandardCharsets.UTF_8), 4)).isFalse();
        assertThat(StrictUtf8.hasNulWithin("ab".getBytes(StandardCharsets.UTF_8), 4)).isFalse();
    }

    private void assertAgrees(byte[] b) {
        boolean jdkAccepts;
        try {
            jdk.reset().decode(ByteBuffer.wrap(b));
            jdkAccepts = true;
        } catch (CharacterCodingException e) {
            jdkAccepts = false;
        }
        if (StrictUtf8.isWellFormed(b) != jdkAccepts) {
            assertThat(StrictUtf8.isWellFormed(b)).as("well-formed %s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkAccepts);
        }
    }
}
