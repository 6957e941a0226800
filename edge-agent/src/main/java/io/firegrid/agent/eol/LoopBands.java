package io.firegrid.agent.eol;

import java.util.Locale;

/**
 * The four voltage bands of one supervised loop, lowest first: short circuit, the lower live state,
 * the upper live state, open circuit. Which live state is lower depends on the wiring
 * ({@link LoopWiring#bands}): a normally open contact puts the alarm resistor in parallel, which
 * lowers the voltage; a normally closed one in series, which raises it.
 *
 * <p>{@link #classify} applies hysteresis: a loop already in a band stays there until the voltage
 * leaves that band by more than {@code hysteresisVolts}, so a loop sitting on a threshold does not
 * chatter between two states.
 *
 * @param lowerLive       the live state of the band from {@code shortBelow} to {@code liveBoundary}
 * @param upperLive       the live state of the band from {@code liveBoundary} to {@code openAbove}
 * @param shortBelow      volts below which the loop is shorted
 * @param liveBoundary    volts between the two live states
 * @param openAbove       volts above which the loop is open
 * @param hysteresisVolts how far past a threshold the voltage must go to leave the band it is in
 * @param normalVolts     what a healthy loop at rest reads, nominally
 * @param activeVolts     what a healthy loop in alarm (or a door open) reads, nominally
 * @param supplyVolts     the pull-up's supply: what an open loop reads
 */
public record LoopBands(LoopState lowerLive, LoopState upperLive, double shortBelow, double liveBoundary,
        double openAbove, double hysteresisVolts, double normalVolts, double activeVolts, double supplyVolts) {

    /** The band {@code volts} falls in, staying in {@code previous} (may be null) while within its hysteresis. */
    public LoopState classify(double volts, LoopState previous) {
        if (previous != null && previous != LoopState.UNREADABLE
                && volts >= lowerEdge(previous) - hysteresisVolts && volts <= upperEdge(previous) + hysteresisVolts) {
            return previous;
        }
        if (volts < shortBelow) {
            return LoopState.SHORT_CIRCUIT;
        }
        if (volts < liveBoundary) {
            return lowerLive;
        }
        if (volts <= openAbove) {
            return upperLive;
        }
        return LoopState.OPEN_CIRCUIT;
    }

    /** What a healthy loop, or a faulty one, reads in {@code state}, nominally; for the mock and for docs. */
    public double nominalVolts(LoopState state) {
        return switch (state) {
            case NORMAL -> normalVolts;
            case ACTIVE -> activeVolts;
            case OPEN_CIRCUIT -> supplyVolts;
            case SHORT_CIRCUIT -> 0.0;
            case UNREADABLE -> throw new IllegalArgumentException("an unreadable loop has no voltage");
        };
    }

    /** The thresholds in one line, for logs: {@code short < 0.367 V < active < 1.367 V < normal < 2.640 V < open}. */
    public String describe() {
        return String.format(Locale.ROOT, "short < %.3f V < %s < %.3f V < %s < %.3f V < open, hysteresis %.3f V",
                shortBelow, name(lowerLive), liveBoundary, name(upperLive), openAbove, hysteresisVolts);
    }

    private double lowerEdge(LoopState s) {
        if (s == LoopState.SHORT_CIRCUIT) {
            return Double.NEGATIVE_INFINITY;
        }
        if (s == lowerLive) {
            return shortBelow;
        }
        return s == upperLive ? liveBoundary : openAbove;
    }

    private double upperEdge(LoopState s) {
        if (s == LoopState.SHORT_CIRCUIT) {
            return shortBelow;
        }
        if (s == lowerLive) {
            return liveBoundary;
        }
        return s == upperLive ? openAbove : Double.POSITIVE_INFINITY;
    }

    private static String name(LoopState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
