package io.firegrid.protocol.place;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A floor as people say it, the one spelling the inventory and the gateway share: floors above
 * ground are whole numbers from 1 (the ground floor, 一层); basement floors are written {@code B1},
 * {@code B2}, ... or {@code -1}, {@code -2}, ... and are always shown as {@code B1}. There is no
 * floor 0. Stored as the whole number, basements negative.
 */
public final class Floor {

    /** Highest floor accepted: above the tallest buildings, below any typo of a year. */
    public static final int HIGHEST = 300;
    /** Deepest basement accepted. */
    public static final int DEEPEST = -10;

    private static final Pattern TEXT = Pattern.compile("(?i)\\s*(?:(b)\\s*(\\d{1,3})|(-?\\d{1,3}))\\s*");

    private Floor() {
    }

    /**
     * The floor written as {@code text} ({@code 3}, {@code B1}, {@code b2}, {@code -1}), or empty when
     * it is not a floor (not a whole number, 0, or outside {@value #DEEPEST} to {@value #HIGHEST}).
     */
    public static Optional<Integer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int floor = m.group(1) != null ? -Integer.parseInt(m.group(2)) : Integer.parseInt(m.group(3));
        return valid(floor) ? Optional.of(floor) : Optional.empty();
    }

    /** Whether {@code floor} can be a floor: not 0, within {@value #DEEPEST} to {@value #HIGHEST}. */
    public static boolean valid(int floor) {
        return floor != 0 && floor >= DEEPEST && floor <= HIGHEST;
    }

    /** How a floor is shown: {@code 3}, or {@code B1} for the first basement floor. */
    public static String text(int floor) {
        return floor < 0 ? "B" + (-floor) : Integer.toString(floor);
    }

    /** What a bad floor should have been, for refusals. */
    public static String expected() {
        return "a whole floor number: 1 for the ground floor up to " + HIGHEST + ", basements as B1, B2 (or -1, -2)"
                + " down to B" + (-DEEPEST) + "; there is no floor 0";
    }
}
