package io.firegrid.protocol.gb26875;

import java.util.Arrays;
import java.util.Objects;

/**
 * One GB/T 26875.3-2011 frame (§8.2.1): {@code @@}, serial number (2 bytes, low byte first),
 * protocol version (2: major, minor), time label (6), source address (6, low byte first),
 * destination address (6), application data length (2, low byte first), command byte (1),
 * application data, checksum (the low 8 bits of the sum of every byte from the serial number through
 * the application data), {@code ##}.
 *
 * @param serial  the sender's serial number, 0 to 65535; an answer carries the serial of the frame it answers
 * @param version protocol version, major in the high byte (1.0 is {@code 0x0100}: bytes {@code 01 00})
 * @param data    the application data, at most {@value #MAX_DATA} bytes
 */
public record Frame(int serial, int version, TimeLabel time, Address source, Address destination, Command command,
                    byte[] data) {

    /** Bytes before the application data: start, serial, version, time, two addresses, length, command. */
    public static final int HEADER = 27;
    /** Bytes after the application data: checksum and {@code ##}. */
    public static final int TRAILER = 3;
    /** Longest application data the standard allows (§8.2.1.8). */
    public static final int MAX_DATA = 1024;
    /** Longest frame. */
    public static final int MAX_FRAME = HEADER + MAX_DATA + TRAILER;
    /** The version this codec speaks, 1.0. */
    public static final int VERSION_1_0 = 0x0100;

    public Frame {
        if (serial < 0 || serial > 0xFFFF) {
            throw new IllegalArgumentException("serial number is 2 bytes, not " + serial);
        }
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version is 2 bytes, not " + version);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(command, "command");
        data = data == null ? new byte[0] : data.clone();
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("application data is at most " + MAX_DATA + " bytes, not " + data.length);
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The frame's bytes, checksum and both delimiters included. */
    public byte[] encode() {
        byte[] b = new byte[HEADER + data.length + TRAILER];
        b[0] = '@';
        b[1] = '@';
        b[2] = (byte) serial;
        b[3] = (byte) (serial >>> 8);
        b[4] = (byte) (version >>> 8);
        b[5] = (byte) version;
        time.write(b, 6);
        source.write(b, 12);
        destination.write(b, 18);
        b[24] = (byte) data.length;
        b[25] = (byte) (data.length >>> 8);
        b[26] = (byte) command.code();
        System.arraycopy(data, 0, b, HEADER, data.length);
        b[HEADER + data.length] = checksum(b, 2, HEADER + data.length);
        b[b.length - 2] = '#';
        b[b.length - 1] = '#';
        return b;
    }

    /** The reply to this frame: its serial, the addresses swapped, {@code command}, {@code data}. */
    public Frame reply(Command command, TimeLabel now, byte[] data) {
        return new Frame(serial, version, now, destination, source, command, data);
    }

    /** The low 8 bits of the sum of {@code b[from]} to {@code b[to - 1]}. */
    public static byte checksum(byte[] b, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += b[i] & 0xFF;
        }
        return (byte) sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && serial == f.serial && version == f.version && time.equals(f.time)
                && source.equals(f.source) && destination.equals(f.destination) && command == f.command
                && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serial, version, time, source, destination, command, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Frame[serial=" + serial + ", command=" + command + ", source=" + source + ", destination=" + destination
                + ", data=" + Address.hexOf(data) + "]";
    }
}
