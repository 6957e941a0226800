package io.firegrid.gateway.health;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code degraded} reasons of {@code /health} that come from the gateway's own links beyond
 * its store, read from the parts of the report as each link states itself: the telemetry sink
 * ({@code telemetry}: InfluxDB unreachable, or the embedded history not written), the northbound
 * Hono connection ({@code hono}) and the GB/T 26875.3 monitoring centre ({@code gb26875Centre}).
 * While one is down alarms are still stored and delivered to people, so the gateway is
 * {@code degraded}, never {@code down}, for them; what the link would have carried waits (buffered,
 * queued) or is dropped and counted, and the reason says which.
 *
 * <p>Not here: a device's path failure (its {@code path-failure} trouble alarm). That is a fault of
 * a building's link, raised and delivered as an alarm to the people on duty; the gateway itself is
 * unharmed by it.
 */
final class LinkReasons {

    private LinkReasons() {
    }

    /** One reason per link that is down now, in the order telemetry, Hono, centre; empty when none is. */
    static List<String> of(JsonObject parts) {
        List<String> reasons = new ArrayList<>();
        if (parts.getValue("telemetry") instanceof JsonObject t) {
            if (!t.getBoolean("reachable", true)) {
                reasons.add("telemetry database unreachable (" + t.getString("lastError", "no answer")
                        + "): readings are acknowledged and " + t.getLong("buffered", 0L) + " buffered on disk until it is back");
            }
            if (t.getString("failingSince") != null) {
                reasons.add("telemetry history not written since " + t.getString("failingSince") + " ("
                        + t.getString("lastError", "no reason given") + "): readings are acknowledged and stored as events "
                        + "are, but missing from the history; " + t.getLong("droppedWriteFailed", 0L) + " points dropped "
                        + "(firegrid_telemetry_dropped_total{reason=\"write-failed\"}); written again once the write succeeds");
            }
        }
        if (parts.getValue("hono") instanceof JsonObject h && h.getBoolean("enabled", false)
                && !h.getBoolean("connected", true)) {
            reasons.add("Hono not connected (" + h.getString("host") + ":" + h.getValue("port")
                    + (h.getString("lastError") == null ? "" : ", " + h.getString("lastError")) + "): "
                    + waiting(h.getValue("buffered")) + " messages buffered until it is back");
        }
        if (parts.getValue("gb26875Centre") instanceof JsonObject c && c.getBoolean("enabled", false)
                && !c.getBoolean("connected", true)) {
            reasons.add("GB/T 26875.3 centre not connected (" + c.getString("centre")
                    + (c.getString("downSince") == null ? "" : " since " + c.getString("downSince"))
                    + (c.getString("lastError") == null ? "" : ", " + c.getString("lastError")) + "): "
                    + c.getLong("queued", 0L) + " reports queued until it is back");
        }
        return reasons;
    }

    /** Hono's buffer by kind ({@code {"event": 1, "telemetry": 5}}), summed. */
    private static long waiting(Object buffered) {
        if (!(buffered instanceof JsonObject b)) {
            return 0;
        }
        long sum = 0;
        for (String k : b.fieldNames()) {
            if (b.getValue(k) instanceof Number n) {
                sum += n.longValue();
            }
        }
        return sum;
    }
}
