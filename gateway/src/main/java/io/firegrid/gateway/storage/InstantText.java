package io.firegrid.gateway.storage;

import java.time.Instant;

/**
 * {@link Instant#toString()}, character for character, for the times the store writes with every
 * message ({@code received_at}, a device's last-heard time). The store compares these texts as
 * text (retention deletes {@code received_at < cutoff}), so the form must stay exactly the
 * JDK's: {@code 2026-12-07T03:52:46.757032Z}, the fraction in groups of three digits as needed.
 *
 * <p>Why not {@code toString()}: it runs a {@code DateTimeFormatter} per call, a measurable share of
 * the store writer's time per message. Here the date and time up to the second are formatted once
 * per second and kept; only the fraction is written per call. The last text made is kept too: a
 * stored reading writes the same receive time twice in its transaction ({@code received_at} and the
 * device's last-heard time), and the second gets the first's text. Years outside 0000-9999 go to the
 * JDK. Thread-safe (the kept second and the kept text are immutable pairs, each replaced whole).
 */
public final class InstantText {

    private record Second(long epochSecond, String text) {
    }

    private record Text(Instant at, String text) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");
    private static volatile Text lastText = new Text(Instant.MIN, Instant.MIN.toString());

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the range formatted here. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_800L;

    private InstantText() {
    }

    /** The same text as {@code at.toString()}. */
    public static String of(Instant at) {
        Text kept = lastText;
        if (kept.at().equals(at)) {
            return kept.text();
        }
        String text = format(at);
        lastText = new Text(at, text);
        return text;
    }

    private static String format(Instant at) {
        long second = at.getEpochSecond();
        if (second < MIN_SECOND || second >= MAX_SECOND) {
            return at.toString();
        }
        Second s = last;
        if (s.epochSecond() != second) {
            String whole = Instant.ofEpochSecond(second).toString(); // "...T03:52:00Z": seconds always written
            s = new Second(second, whole.substring(0, whole.length() - 1));
            last = s;
        }
        int nano = at.getNano();
        StringBuilder b = new StringBuilder(30).append(s.text());
        if (nano != 0) {
            b.append('.');
            if (nano % 1_000_000 == 0) {
                pad(b, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(b, nano / 1_000, 6);
            } else {
                pad(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static void pad(StringBuilder b, int value, int digits) {
        for (int d = digits - 1, div = pow10(d); d >= 0; d--, div /= 10) {
            b.append((char) ('0' + value / div % 10));
        }
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
