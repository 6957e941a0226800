package io.firegrid.gateway.location;

import io.firegrid.protocol.DeviceId;
import io.firegrid.protocol.FireGridException;
import java.time.Instant;

/**
 * Where a sensor is drawn on its floor's plan: {@code x} from the image's left edge and {@code y}
 * from its top, each a fraction of the image's width or height (0 to 1), so a plan replaced by a
 * larger scan of the same drawing keeps its markers. The floor it was placed on is kept with it: a
 * sensor whose registered location later moves to another floor is unplaced there until placed again.
 */
public record PlanPosition(DeviceId device, String sensor, String site, String building, int floor, double x, double y,
                           String placedBy, Instant placedAt) {

    public PlanPosition {
        if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
            throw FireGridException.badRequest("bad-position", "a position is {\"x\":..,\"y\":..}, each a fraction of the plan's "
                    + "width or height from 0 (left, top) to 1 (right, bottom), not x=" + x + ", y=" + y);
        }
    }
}
