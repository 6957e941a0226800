package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link DeviceId#isValidId} accepts exactly what the regular expression of the contract matches. */
class IdAlphabetTest {

    private static final Pattern CONTRACT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Test
    void agreesWithTheContractsExpressionOnEveryCharacter() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String one = String.valueOf((char) c);
            assertThat(DeviceId.isValidId(one)).as("U+%04X", c).isEqualTo(CONTRACT.matcher(one).matches());
        }
        String fire = new String(Character.toChars(0x1F525));
        assertThat(DeviceId.isValidId(fire)).isFalse();
        assertThat(DeviceId.isValidId("a" + fire)).isFalse();
    }

    @Test
    void agreesWithTheContractsExpressionOnLengthsAroundTheLimit() {
        Random random = new Random(64);
        String alphabet = "aZ09._:-/ 火\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(70);
            for (int k = 0; k < length; k++) {
                b.append(random.nextInt(20) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'x');
            }
            String id = b.toString();
            assertThat(DeviceId.isValidId(id)).as("'%s'", id).isEqualTo(CONTRACT.matcher(id).matches());
        }
        assertThat(DeviceId.isValidId(null)).isFalse();
    }
}
