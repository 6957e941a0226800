package io.firegrid.inventory;

/**
 * Where a sensor is drawn on its floor's plan: {@code x} from the image's left edge and {@code y}
 * from its top, each a fraction of its width or height (0 to 1), so any scan of the drawing keeps it.
 */
public record PlanPoint(double x, double y) {

    public PlanPoint {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("a position is two fractions from 0 to 1, not " + x + ", " + y);
        }
    }
}
