package io.firegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any message a device can build, decoding its encoding gives an equal message.
 * The messages are drawn from a fixed seed, so a failure repeats and names the message it failed on.
 */
class MessageCodecRoundTripTest {

    private static final long SEED = 20_261_128L;
    private static final int MESSAGES = 400;
    private static final String ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    private static final String[] UNIT_PIECES = {
            "a", "Z", "9", " ", "%", "/", "°", "C", "\"", "\\", "\n", "\t", "\u0001", "火", "㎫", "🔥", "é"};

    private final MessageCodec codec = new MessageCodec();
    private final Random random = new Random(SEED);

    @Test
    void everyEventSurvivesEncodeThenDecode() {
        for (int i = 0; i < MESSAGES; i++) {
            // GIVEN
            Event event = randomEvent();

            // WHEN
            byte[] body = codec.encode(event);
            DeviceMessage decoded = codec.decode(Endpoint.EVENT, body);

            // THEN
            String body8 = new String(body, StandardCharsets.UTF_8);
            assertThat(decoded).as("event #%d, body %s", i, body8).isEqualTo(event);
            assertThat(codec.encode(decoded)).as("re-encoding of event #%d", i).isEqualTo(body);
        }
    }

    @Test
    void everyBatchOfReadingsSurvivesEncodeThenDecode() {
        for (int i = 0; i < MESSAGES; i++) {
            // GIVEN
            Readings readings = randomReadings();

            // WHEN
            byte[] body = codec.encode(readings);
            DeviceMessage decoded = codec.decode(Endpoint.TELEMETRY, body);

            // THEN
            String body8 = new String(body, StandardCharsets.UTF_8);
            assertThat(body.length).as("size of batch #%d", i).isLessThanOrEqualTo(MessageCodec.MAX_BODY_BYTES);
            assertThat(decoded).as("batch #%d, body %s", i, body8).isEqualTo(readings);
            assertThat(codec.encode(decoded)).as("re-encoding of batch #%d", i).isEqualTo(body);
        }
    }

    @Test
    void extremeValuesSurviveEncodeThenDecode() {
        double[] values = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                -Double.MAX_VALUE, 0.1 + 0.2, 1e22, 1e23, 9_007_199_254_740_993.0, 0.35, 0.7000000000000001};
        Instant[] times = {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("2026-11-28T12:00:00.000000001Z")};

        for (double value : values) {
            for (Instant ts : times) {
                Readings readings = new Readings(ts, Long.MAX_VALUE,
                        List.of(new Reading("hydrant-1", Kind.PRESSURE, value, "MPa")));

                assertThat(codec.decodeReadings(codec.encode(readings)))
                        .as("value %s at %s", value, ts)
                        .isEqualTo(readings);
            }
        }
    }

    private Event randomEvent() {
        Kind kind = pick(Kind.values());
        State state = pick(kind.states().toArray(State[]::new));
        return new Event(randomTs(), randomSeq(), randomId(), kind, state);
    }

    private Readings randomReadings() {
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 5);
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Kind kind = pick(Kind.values());
            readings.add(new Reading(randomId(), kind, randomValue(), randomUnit(kind)));
        }
        return new Readings(randomTs(), randomSeq(), readings);
    }

    private Instant randomTs() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> Instant.ofEpochMilli(random.nextLong(1_700_000_000_000L, 4_100_000_000_000L));
            case 2 -> Instant.ofEpochSecond(random.nextLong(0, 4_100_000_000L), random.nextInt(1_000_000_000));
            case 3 -> Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 0), random.nextInt(1_000) * 1_000_000L);
            default -> Instant.ofEpochSecond(
                    random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                    random.nextInt(1_000_000_000));
        };
    }

    private long randomSeq() {
        return switch (random.nextInt(4)) {
            case 0 -> 0L;
            case 1 -> Long.MAX_VALUE;
            case 2 -> random.nextInt(100_000);
            default -> random.nextLong() & Long.MAX_VALUE;
        };
    }

    private String randomId() {
        int length = random.nextInt(4) == 0 ? 64 : 1 + random.nextInt(64);
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private double randomValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Math.round(random.nextDouble() * 100) / 100.0;
            case 1 -> random.nextGaussian() * 1e3;
            case 2 -> random.nextInt();
            case 3 -> -0.0;
            case 4 -> random.nextDouble() * Double.MIN_NORMAL;
            default -> {
                double bits;
                do {
                    bits = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(bits));
                yield bits;
            }
        };
    }

    private String randomUnit(Kind kind) {
        if (kind == Kind.PRESSURE) {
            return random.nextBoolean() ? "MPa" : null;
        }
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> pick(new String[] {"%", "%/m", "°C", "ppm", "mA", "V"});
            default -> {
                StringBuilder unit = new StringBuilder();
                // 1 to 8 pieces of at most 2 chars: within Reading.MAX_UNIT_LENGTH
                int pieces = 1 + random.nextInt(8);
                for (int i = 0; i < pieces; i++) {
                    unit.append(pick(UNIT_PIECES));
                }
                yield unit.toString();
            }
        };
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
