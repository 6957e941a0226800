package io.firegrid.protocol.gb26875;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The application data unit of a frame (GB/T 26875.3-2011 §8.3): a type flag (1 byte), the number
 * of information objects (1 byte) and the objects, all of the type's layout. An empty unit (no
 * bytes, as {@code confirm} and {@code deny} may carry) has type 0 and no objects.
 *
 * <p>{@link #parse} refuses, with a {@link BadData} naming the problem, a type this codec does not
 * know ({@code unknown-type}) and a unit whose length does not match its objects ({@code bad-data}).
 *
 * @param type    the type flag: 1-8 and 21, 24-26, 28 (sent by a UITD), 61-68, 81, 84-86, 88-91
 *                (sent by a centre)
 * @param objects the information objects, each one of the records of {@link DataObject}
 */
public record AppData(int type, List<DataObject> objects) {

    /** Descriptions are GB 18030, 31 bytes, NUL padded. */
    public static final Charset GB18030 = Charset.forName("GB18030");
    public static final int DESCRIPTION_BYTES = 31;

    public AppData {
        objects = List.copyOf(objects);
    }

    /** A refusal of application data: {@code unknown-type} or {@code bad-data}, with a reason. */
    public static final class BadData extends RuntimeException {
        private final String code;

        public BadData(String code, String reason) {
            super(reason);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One information object. */
    public sealed interface DataObject {
    }

    /** Type 1: state of a building fire system. */
    public record SystemState(int systemType, int systemAddress, int state, TimeLabel time) implements DataObject {
    }

    /** Type 2: state of one component, with the panel's description of it. */
    public record ComponentState(int systemType, int systemAddress, int componentType, long componentAddress, int state,
                                 String description, TimeLabel time) implements DataObject {
    }

    /** Type 3: an analog value of one component. */
    public record AnalogValue(int systemType, int systemAddress, int componentType, long componentAddress,
                              int analogType, int value, TimeLabel time) implements DataObject {
    }

    /** Type 4: an operation on a system (reset, silence, ...), bits as {@link Bits}. */
    public record SystemOperation(int systemType, int systemAddress, int flags, int operator, TimeLabel time)
            implements DataObject {
    }

    /** Type 5: a system's software version. */
    public record SystemVersion(int systemType, int systemAddress, int major, int minor) implements DataObject {
    }

    /** Type 6: a system's configuration, as text. */
    public record SystemConfig(int systemType, int systemAddress, String config) implements DataObject {
    }

    /** Type 7: one component's configuration (its description). */
    public record ComponentConfig(int systemType, int systemAddress, int componentType, long componentAddress,
                                  String description) implements DataObject {
    }

    /** Type 8: a system's clock. */
    public record SystemTime(int systemType, int systemAddress, TimeLabel time) implements DataObject {
    }

    /** Type 21: state of the UITD itself. */
    public record UitdState(int state, TimeLabel time) implements DataObject {
    }

    /** Type 24: an operation on the UITD itself. */
    public record UitdOperation(int flags, int operator, TimeLabel time) implements DataObject {
    }

    /** Type 25: the UITD's software version. */
    public record UitdVersion(int major, int minor) implements DataObject {
    }

    /** Type 26: the UITD's configuration, as text. */
    public record UitdConfig(String config) implements DataObject {
    }

    /** Type 28: the UITD's clock. */
    public record UitdTime(TimeLabel time) implements DataObject {
    }

    /**
     * A query or control object sent by a centre (61-68, 81, 84-86, 88-91), kept as its bytes; for
     * 90 (set the clock) the bytes are the time label, for 91 (duty check) one byte, the minutes
     * allowed for the answer.
     */
    public record Query(int type, byte[] body) implements DataObject {
        public Query {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Query q && q.type == type && java.util.Arrays.equals(q.body, body);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Query[type=" + type + ", body=" + Address.hexOf(body) + "]";
        }
    }

    /** Bits of the state and operation words (§8.3.1). */
    public static final class Bits {
        /** State bit 0: 1 normal, 0 test. */
        public static final int NORMAL = 1;
        public static final int FIRE = 1 << 1;
        public static final int FAULT = 1 << 2;
        /** 屏蔽: isolated (disabled) by the panel's operator. */
        public static final int ISOLATED = 1 << 3;
        /** 监管: supervisory. */
        public static final int SUPERVISORY = 1 << 4;
        /** System state: main power fault. */
        public static final int MAIN_POWER_FAULT = 1 << 8;
        /** System state: backup power fault. */
        public static final int BACKUP_POWER_FAULT = 1 << 9;
        /** System state: reset (复位). */
        public static final int SYSTEM_RESET = 1 << 13;
        /** UITD state: main power fault. */
        public static final int UITD_MAIN_POWER_FAULT = 1 << 3;
        /** UITD state: backup power fault. */
        public static final int UITD_BACKUP_POWER_FAULT = 1 << 4;
        /** Operation flag bit 0: reset (复位). */
        public static final int OP_RESET = 1;
        /** Operation flag bit 1: silence (消音). */
        public static final int OP_SILENCE = 1 << 1;
        /** Operation flag bit 2: manual alarm (手动报警). */
        public static final int OP_MANUAL_ALARM = 1 << 2;
        /** Operation flag bit 3: the alarm cleared (警情消除). */
        public static final int OP_ALARM_CLEARED = 1 << 3;
        /** Operation flag bit 4: self test (自检). */
        public static final int OP_SELF_TEST = 1 << 4;
        /** System operation flag bit 5: an alarm confirmed by a person (确认). */
        public static final int OP_CONFIRM = 1 << 5;
        /** UITD operation flag bit 5: the person on duty answered the centre's duty check (查岗应答). */
        public static final int OP_DUTY_ANSWER = 1 << 5;
        /** Operation flag bit 6: test (测试). */
        public static final int OP_TEST = 1 << 6;

        private Bits() {
        }
    }

    /**
     * Analog types of a component's analog value (type 3) that FireGrid reads or writes, with their
     * units: the value on the wire is a signed 16-bit integer in steps of the type's resolution.
     */
    public static final class AnalogTypes {
        /** Pressure in MPa, value in steps of 0.1 MPa. */
        public static final int PRESSURE_MPA = 4;
        /** Pressure in kPa, value in steps of 0.1 kPa (0.0001 MPa). */
        public static final int PRESSURE_KPA = 5;
        /** MPa per step of {@link #PRESSURE_MPA}. */
        public static final double MPA_STEP = 0.1;
        /** MPa per step of {@link #PRESSURE_KPA}. */
        public static final double KPA_STEP_IN_MPA = 0.0001;

        private AnalogTypes() {
        }

        /**
         * The pressure in MPa an analog value of {@code analogType} stands for, or {@code NaN} when the
         * type is not a pressure.
         */
        public static double pressureMpa(int analogType, int value) {
            return switch (analogType) {
                // divided, not multiplied by the step: 3 steps of 0.1 MPa are 0.3, not 0.30000000000000004
                case PRESSURE_MPA -> value / 10.0;
                case PRESSURE_KPA -> value / 10_000.0;
                default -> Double.NaN;
            };
        }

        /**
         * {@code mpa} as an analog value of {@link #PRESSURE_KPA}: rounded to the step and clamped to
         * the signed 16-bit range (-3.2768 to 3.2767 MPa).
         */
        public static int kpaSteps(double mpa) {
            double steps = Math.rint(mpa / KPA_STEP_IN_MPA);
            return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, steps));
        }
    }

    /**
     * Most objects of {@code type} one unit can hold within a frame's {@value Frame#MAX_DATA} bytes of
     * application data (and the count byte's 255), for the types of a fixed size; 0 for the others.
     */
    public static int maxObjects(int type) {
        int size = fixedSize(type);
        return size <= 0 ? 0 : Math.min(255, (Frame.MAX_DATA - 2) / size);
    }

    /** Parses {@code data}, the application data of a frame. */
    public static AppData parse(byte[] data) {
        if (data.length == 0) {
            return new AppData(0, List.of());
        }
        if (data.length < 2) {
            throw new BadData("bad-data", "application data of 1 byte: a type needs a count after it");
        }
        int type = data[0] & 0xFF;
        int count = data[1] & 0xFF;
        ByteBuffer b = ByteBuffer.wrap(data, 2, data.length - 2);
        List<DataObject> objects = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int need = fixedSize(type);
            if (need == -1) {
                throw new BadData("unknown-type", "application data type " + type + " is not one this gateway reads");
            }
            if (need == 0) {
                // 6 and 26: a length byte, then that many bytes
                int lengthAt = type == 6 ? 2 : 0;
                if (b.remaining() < lengthAt + 1) {
                    throw short_(type, count, k);
                }
                need = lengthAt + 1 + (data[b.position() + lengthAt] & 0xFF);
            }
            if (b.remaining() < need) {
                throw short_(type, count, k);
            }
            byte[] o = new byte[need];
            b.get(o);
            objects.add(object(type, o));
        }
        if (count == 0 && fixedSize(type) == -1) {
            throw new BadData("unknown-type", "application data type " + type + " is not one this gateway reads");
        }
        if (b.hasRemaining()) {
            throw new BadData("bad-data", b.remaining() + " bytes after the " + count + " objects of type " + type);
        }
        return new AppData(type, objects);
    }

    private static BadData short_(int type, int count, int k) {
        return new BadData("bad-data", "application data of type " + type + " announces " + count + " objects but ends in object "
                + (k + 1));
    }

    /** Bytes of one object of {@code type}; 0 for the types with a length of their own; -1 for an unknown type. */
    static int fixedSize(int type) {
        return switch (type) {
            case 1 -> 10;
            case 2 -> 46;
            case 3 -> 16;
            case 4 -> 10;
            case 5 -> 4;
            case 6, 26 -> 0;
            case 7 -> 38;
            case 8 -> 8;
            case 21 -> 7;
            case 24 -> 8;
            case 25 -> 2;
            case 28 -> 6;
            case 61, 65, 66, 68 -> 2;
            case 62, 63, 67 -> 6;
            case 64 -> 9;
            case 84 -> 7;
            case 90 -> 6;
            case 81, 85, 86, 88, 89, 91 -> 1;
            default -> -1;
        };
    }

    private static DataObject object(int type, byte[] o) {
        return switch (type) {
            case 1 -> new SystemState(u8(o, 0), u8(o, 1), u16(o, 2), TimeLabel.read(o, 4));
            case 2 -> new ComponentState(u8(o, 0), u8(o, 1), u8(o, 2), u32(o, 3), u16(o, 7), text(o, 9, DESCRIPTION_BYTES),
                    TimeLabel.read(o, 40));
            case 3 -> new AnalogValue(u8(o, 0), u8(o, 1), u8(o, 2), u32(o, 3), u8(o, 7), (short) u16(o, 8),
                    TimeLabel.read(o, 10));
            case 4 -> new SystemOperation(u8(o, 0), u8(o, 1), u8(o, 2), u8(o, 3), TimeLabel.read(o, 4));
            case 5 -> new SystemVersion(u8(o, 0), u8(o, 1), u8(o, 2), u8(o, 3));
            case 6 -> new SystemConfig(u8(o, 0), u8(o, 1), text(o, 3, o.length - 3));
            case 7 -> new ComponentConfig(u8(o, 0), u8(o, 1), u8(o, 2), u32(o, 3), text(o, 7, DESCRIPTION_BYTES));
            case 8 -> new SystemTime(u8(o, 0), u8(o, 1), TimeLabel.read(o, 2));
            case 21 -> new UitdState(u8(o, 0), TimeLabel.read(o, 1));
            case 24 -> new UitdOperation(u8(o, 0), u8(o, 1), TimeLabel.read(o, 2));
            case 25 -> new UitdVersion(u8(o, 0), u8(o, 1));
            case 26 -> new UitdConfig(text(o, 1, o.length - 1));
            case 28 -> new UitdTime(TimeLabel.read(o, 0));
            default -> new Query(type, o);
        };
    }

    /** The application data bytes: type, count, each object in the type's layout. */
    public byte[] encode() {
        if (type == 0 && objects.isEmpty()) {
            return new byte[0];
        }
        if (objects.size() > 255) {
            throw new IllegalArgumentException("at most 255 objects in one unit, not " + objects.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(objects.size());
        for (DataObject o : objects) {
            out.writeBytes(encode(o));
        }
        return out.toByteArray();
    }

    private static byte[] encode(DataObject d) {
        ByteBuffer b = ByteBuffer.allocate(64 + 256);
        if (d instanceof SystemState s) {
            b.put((byte) s.systemType()).put((byte) s.systemAddress());
            le16(b, s.state());
            time(b, s.time());
        } else if (d instanceof ComponentState c) {
            b.put((byte) c.systemType()).put((byte) c.systemAddress()).put((byte) c.componentType());
            le32(b, c.componentAddress());
            le16(b, c.state());
            b.put(description(c.description()));
            time(b, c.time());
        } else if (d instanceof AnalogValue a) {
            b.put((byte) a.systemType()).put((byte) a.systemAddress()).put((byte) a.componentType());
            le32(b, a.componentAddress());
            b.put((byte) a.analogType());
            le16(b, a.value());
            time(b, a.time());
        } else if (d instanceof SystemOperation s) {
            b.put((byte) s.systemType()).put((byte) s.systemAddress()).put((byte) s.flags()).put((byte) s.operator());
            time(b, s.time());
        } else if (d instanceof SystemVersion v) {
            b.put((byte) v.systemType()).put((byte) v.systemAddress()).put((byte) v.major()).put((byte) v.minor());
        } else if (d instanceof SystemConfig c) {
            byte[] t = bounded(c.config());
            b.put((byte) c.systemType()).put((byte) c.systemAddress()).put((byte) t.length).put(t);
        } else if (d instanceof ComponentConfig c) {
            b.put((byte) c.systemType()).put((byte) c.systemAddress()).put((byte) c.componentType());
            le32(b, c.componentAddress());
            b.put(description(c.description()));
        } else if (d instanceof SystemTime t) {
            b.put((byte) t.systemType()).put((byte) t.systemAddress());
            time(b, t.time());
        } else if (d instanceof UitdState s) {
            b.put((byte) s.state());
            time(b, s.time());
        } else if (d instanceof UitdOperation o) {
            b.put((byte) o.flags()).put((byte) o.operator());
            time(b, o.time());
        } else if (d instanceof UitdVersion v) {
            b.put((byte) v.major()).put((byte) v.minor());
        } else if (d instanceof UitdConfig c) {
            byte[] t = bounded(c.config());
            b.put((byte) t.length).put(t);
        } else if (d instanceof UitdTime t) {
            time(b, t.time());
        } else if (d instanceof Query q) {
            b.put(q.body());
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** {@code text} in GB 18030, cut to whole characters within 31 bytes and NUL padded. */
    public static byte[] description(String text) {
        byte[] out = new byte[DESCRIPTION_BYTES];
        byte[] t = fit(text == null ? "" : text, DESCRIPTION_BYTES);
        System.arraycopy(t, 0, out, 0, t.length);
        return out;
    }

    private static byte[] bounded(String text) {
        return fit(text == null ? "" : text, 255);
    }

    private static byte[] fit(String text, int max) {
        String s = text;
        byte[] t = s.getBytes(GB18030);
        while (t.length > max) {
            s = s.substring(0, s.offsetByCodePoints(0, s.codePointCount(0, s.length()) - 1));
            t = s.getBytes(GB18030);
        }
        return t;
    }

    private static String text(byte[] o, int off, int n) {
        int end = off;
        while (end < off + n && o[end] != 0) {
            end++;
        }
        return new String(o, off, end - off, GB18030).strip();
    }

    private static void time(ByteBuffer b, TimeLabel t) {
        byte[] x = new byte[TimeLabel.BYTES];
        t.write(x, 0);
        b.put(x);
    }

    private static void le16(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >>> 8));
    }

    private static void le32(ByteBuffer b, long v) {
        b.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16)).put((byte) (v >>> 24));
    }

    private static int u8(byte[] o, int i) {
        return o[i] & 0xFF;
    }

    private static int u16(byte[] o, int i) {
        return (o[i] & 0xFF) | (o[i + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] o, int i) {
        return (o[i] & 0xFFL) | (o[i + 1] & 0xFFL) << 8 | (o[i + 2] & 0xFFL) << 16 | (o[i + 3] & 0xFFL) << 24;
    }
}
