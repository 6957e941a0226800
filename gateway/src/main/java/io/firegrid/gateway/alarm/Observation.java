package io.firegrid.gateway.alarm;

import io.firegrid.protocol.Kind;
import io.firegrid.protocol.State;
import java.time.Instant;

/**
 * The last reported state of one sensor and since when, as the rules need it (a door open since
 * 12:03), with the seq of the event that reported it and where the sensor is. Stored with that
 * event, so timers survive a restart.
 */
record Observation(Kind kind, State state, Instant since, long seq, String site, String zone) {
}
