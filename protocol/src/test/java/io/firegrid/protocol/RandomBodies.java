package io.firegrid.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Bodies for differential tests: mostly shaped like events and readings, with each field now and
 * then absent, null, of another type, duplicated or out of range, unknown fields and odd
 * whitespace between them; and bytes of such bodies mangled. Seeded, so a failure repeats.
 */
final class RandomBodies {

    private static final String[] TS = {"2026-11-28T12:00:00.123Z", "2026-11-28T12:00:00Z", "2026-11-28T12:00:00.123456789Z",
        "2026-11-28T12:00:00.1234567891Z", "2026-11-28T12:00:00.Z", "2026-11-28T20:00:01.004+08:00", "2026-06-30T23:59:60Z",
        "2026-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28t12:00:00z", "2026-11-28 12:00:00Z",
        "+12026-11-28T12:00:00Z", "yesterday", "", "2026-11-28", "１２026-11-28T12:00:00Z", "2026-11-28T12:00:00.123\\u005a"};
    private static final String[] SEQ = {"0", "1", "42", "-1", "-0", "1.5", "42.0", "4.2e1", "1E2", "2147483647", "2147483648",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890", "\"42\"", "true", "false", "null", "[42]", "{}", "{\"a\":[1,2.50,\"x\\u00e9\"]}", "1e400",
        "-0.0", "0.0", "1" + "0".repeat(40), "[1e400, -0, \"\\ud83d\\udd25\"]"};
    private static final String[] IDS = {"smoke-1", "hydrant-1", "s", "a.b_c:d-1", "s".repeat(64), "s".repeat(65), "", "smoke 1",
        "smoke/1", "烟感-1", "smoke\\u002d1", "smoke\\n1", "smoke\\u0000", "\\ud83d\\udd25", "x".repeat(90) + "\\t", "path-primary"};
    private static final String[] KINDS = {"smoke", "door", "pressure", "device", "call-point", "exit", "Smoke", "temperature", "",
        "smo\\u006be", "call_point", "fire\\r\\n", "门"};
    private static final String[] STATES = {"alarm", "normal", "fault", "open", "closed", "online", "offline", "tamper",
        "low-battery", "clear", "blocked", "path-failure", "ALARM", "low_battery", "", "al\\u0061rm", "burning\\u001b"};
    private static final String[] VALUES = {"0.32", "0", "-0", "-0.0", "12", "1e400", "-1e400", "1.2e-1", "1e-400", "0.1E+2",
        "123456789012345678901234567890", "2147483648", "9223372036854775808", "0.7000000000000001", "\"0.32\"", "null", "true",
        "[]", "{}", "[0.32]", "{\"v\":0.32}"};
    private static final String[] UNITS = {"MPa", "kPa", "", "%/m", "x".repeat(16), "x".repeat(17), "°C", "MP\\u0061", " MPa",
        "mpa"};
    private static final String[] UNKNOWN = {"x", "note", "firmware", "Seq", "readings2", "火", "\\u0073eq", "", "zone"};
    private static final String[] WS = {"", "", "", "", " ", "\n", "\t", "\r\n  "};

    private final Random random;

    RandomBodies(long seed) {
        random = new Random(seed);
    }

    /** A body shaped like an event, or like readings, or somewhere between. */
    byte[] body() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    String json() {
        List<String> members = new ArrayList<>();
        boolean event = random.nextBoolean();
        maybe(members, 0.9, "ts", () -> pick(0.8, () -> str(usual(TS)), this::anyValue));
        maybe(members, 0.95, "seq", () -> pick(0.7, () -> String.valueOf(random.nextInt(1000)), () -> pick(SEQ)));
        if (event || random.nextInt(10) == 0) {
            maybe(members, 0.95, "sensor", () -> pick(0.95, () -> str(usual(IDS)), this::anyValue));
            maybe(members, 0.95, "kind", () -> pick(0.95, () -> str(usual(KINDS)), this::anyValue));
            maybe(members, 0.95, "state", () -> pick(0.95, () -> str(usual(STATES)), this::anyValue));
        }
        if (!event || random.nextInt(10) == 0) {
            maybe(members, 0.95, "readings", () -> pick(0.9, this::readingsArray, this::anyValue));
        }
        while (random.nextInt(4) == 0) {
            members.add(random.nextInt(members.size() + 1), member(pick(UNKNOWN), anyValue()));
        }
        if (random.nextInt(40) == 0 && !members.isEmpty()) {
            members.add(members.get(random.nextInt(members.size()))); // a duplicate key
        }
        if (random.nextInt(3) == 0) {
            java.util.Collections.shuffle(members, random);
        }
        return ws() + "{" + ws() + String.join("," + ws(), members) + ws() + "}" + ws();
    }

    /** A copy of {@code body} with one to four bytes overwritten, dropped or inserted. */
    byte[] mangled(byte[] body) {
        byte[][] noise = {{'{'}, {'}'}, {'['}, {']'}, {'"'}, {':'}, {','}, {'0'}, {'-'}, {'.'}, {'e'}, {' '}, {'\\'}, {'u'},
            {0}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE7, (byte) 0x81, (byte) 0xAB},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x94, (byte) 0xA5}, {(byte) 0xFF}};
        byte[] b = body.clone();
        int edits = 1 + random.nextInt(4);
        for (int k = 0; k < edits && b.length > 1; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = splice(b, at, 1, new byte[0]);
                case 2 -> b = splice(b, at, 0, noise[random.nextInt(noise.length)]);
                default -> b = splice(b, at, 1, noise[random.nextInt(noise.length)]);
            }
        }
        return b;
    }

    private String readingsArray() {
        int n = switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> 250 + random.nextInt(10);
            case 2, 3, 4 -> 1 + random.nextInt(12);
            default -> 1 + random.nextInt(3);
        };
        List<String> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(random.nextInt(30) == 0 ? anyValue() : reading());
        }
        return "[" + ws() + String.join("," + ws(), entries) + ws() + "]";
    }

    private String reading() {
        List<String> members = new ArrayList<>();
        maybe(members, 0.97, "sensor", () -> pick(0.95, () -> str(usual(IDS)), this::anyValue));
        maybe(members, 0.97, "kind", () -> pick(0.95, () -> str(usual(KINDS)), this::anyValue));
        maybe(members, 0.97, "value", () -> pick(0.7, () -> String.valueOf(random.nextInt(2000) / 1000.0), () -> pick(VALUES)));
        maybe(members, 0.8, "unit", () -> pick(0.95, () -> str(usual(UNITS)), this::anyValue));
        if (random.nextInt(20) == 0) {
            members.add(member(pick(UNKNOWN), anyValue()));
        }
        if (random.nextInt(60) == 0 && !members.isEmpty()) {
            members.add(members.get(0));
        }
        if (random.nextInt(4) == 0) {
            java.util.Collections.shuffle(members, random);
        }
        return "{" + String.join(",", members) + "}";
    }

    /** Any JSON value, now and then nested past the codec's depth limit. */
    String anyValue() {
        return anyValue(random.nextInt(50) == 0 ? 12 + random.nextInt(8) : random.nextInt(3));
    }

    private String anyValue(int depth) {
        int choice = depth > 0 ? random.nextInt(8) : random.nextInt(6);
        return switch (choice) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> pick(SEQ);
            case 3 -> pick(VALUES);
            case 4 -> str(pick(random.nextBoolean() ? IDS : TS));
            case 5 -> str(pick(UNITS));
            case 6 -> "[" + anyValue(depth - 1) + (depth < 3 && random.nextBoolean() ? "," + anyValue(depth - 1) : "") + "]";
            default -> "{" + member(pick(UNKNOWN) + random.nextInt(3), anyValue(depth - 1)) + "}";
        };
    }

    private void maybe(List<String> members, double p, String name, java.util.function.Supplier<String> value) {
        if (random.nextDouble() < p) {
            members.add(member(name, value.get()));
        }
    }

    private String member(String name, String value) {
        return str(name) + ws() + ":" + ws() + value;
    }

    private String pick(double p, java.util.function.Supplier<String> usual, java.util.function.Supplier<String> other) {
        return random.nextDouble() < p ? usual.get() : other.get();
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    /** Mostly the first of {@code from}, a value the contract accepts, so that most bodies reach the later checks. */
    private String usual(String[] from) {
        return random.nextInt(10) < 8 ? from[0] : pick(from);
    }

    private String ws() {
        return pick(WS);
    }

    /** A JSON string of {@code escaped}, which is already in JSON's escaped form. */
    private static String str(String escaped) {
        return "\"" + escaped + "\"";
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
