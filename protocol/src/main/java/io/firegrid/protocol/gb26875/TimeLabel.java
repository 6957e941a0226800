package io.firegrid.protocol.gb26875;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * A GB/T 26875.3 time label: 6 bytes, second, minute, hour, day, month, year - 2000, in the
 * sender's local time. Kept as sent: a label that names no real time (month 13) still travels, and
 * {@link #instant} then gives {@code null}.
 */
public record TimeLabel(int second, int minute, int hour, int day, int month, int year) {

    public static final int BYTES = 6;

    public TimeLabel {
        for (int v : new int[] {second, minute, hour, day, month}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("a time label field is one byte, not " + v);
            }
        }
        if (year < 2000 || year > 2255) {
            throw new IllegalArgumentException("a time label year is 2000 to 2255, not " + year);
        }
    }

    /** The label of {@code instant} as seen in {@code zone} (the sender's local time). */
    public static TimeLabel of(Instant instant, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
        return new TimeLabel(t.getSecond(), t.getMinute(), t.getHour(), t.getDayOfMonth(), t.getMonthValue(), t.getYear());
    }

    /** The instant this label names in {@code zone}, or {@code null} when it names no real time. */
    public Instant instant(ZoneId zone) {
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The label as one number that grows with the time it names (whether or not that time is real),
     * below 2^34: for building identifiers that a retransmission of the same data repeats.
     */
    public long packed() {
        return (((((long) (year - 2000) * 13 + month) * 32 + day) * 24 + hour) * 60 + minute) * 60 + second;
    }

    static TimeLabel read(byte[] b, int off) {
        return new TimeLabel(b[off] & 0xFF, b[off + 1] & 0xFF, b[off + 2] & 0xFF, b[off + 3] & 0xFF, b[off + 4] & 0xFF,
                2000 + (b[off + 5] & 0xFF));
    }

    void write(byte[] b, int off) {
        b[off] = (byte) second;
        b[off + 1] = (byte) minute;
        b[off + 2] = (byte) hour;
        b[off + 3] = (byte) day;
        b[off + 4] = (byte) month;
        b[off + 5] = (byte) (year - 2000);
    }
}
