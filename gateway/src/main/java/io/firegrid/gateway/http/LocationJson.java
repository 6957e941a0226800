package io.firegrid.gateway.http;

import io.firegrid.gateway.device.Location;
import io.firegrid.gateway.place.SiteLayout;
import io.firegrid.protocol.FireGridException;
import io.firegrid.protocol.place.Floor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Locations in requests and answers. A device's or a sensor's {@code "location"}:
 * <pre>
 * {"building":"7","unit":2,"floor":3,"label":"东侧走廊"}      floor also "B1" or -1 for the first basement
 * </pre>
 * Answers hold the parts that are set, the floor as a number (B1 is -1). A site's layout is flat in the site:
 * {@code "basementFloors":2,"buildings":["7","8"],"address":"...","location":{"lat":31.2,"lon":121.5}}.
 * Anything of the wrong form is {@code BAD_REQUEST/bad-location} (for a site {@code bad-field}) naming
 * what it should be.
 */
final class LocationJson {

    private LocationJson() {
    }

    /** The {@code "location"} of a device or sensor body ({@code what}), {@link Location#NONE} when absent. */
    static Location location(JsonObject body, String what) {
        Object raw = body.getValue("location");
        if (raw == null) {
            return Location.NONE;
        }
        if (!(raw instanceof JsonObject o)) {
            throw bad("'location' of " + what + " must be an object {\"building\",\"unit\",\"floor\",\"label\"}");
        }
        for (String key : o.fieldNames()) {
            if (!java.util.List.of("building", "unit", "floor", "label", "floorText").contains(key)) {
                throw bad("'location' of " + what + " has no key '" + key + "': use building, unit, floor, label");
            }
        }
        Object building = o.getValue("building");
        if (building instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            building = Long.toString(n.longValue());
        }
        if (building != null && !(building instanceof String)) {
            throw bad("'building' of " + what + " must be a string such as \"7\"");
        }
        Object unit = o.getValue("unit");
        if (unit != null && !(unit instanceof Integer || unit instanceof Long)) {
            throw bad("'unit' of " + what + " must be a whole number from " + Location.MIN_UNIT + " to " + Location.MAX_UNIT);
        }
        Object label = o.getValue("label");
        if (label != null && !(label instanceof String)) {
            throw bad("'label' of " + what + " must be a string");
        }
        try {
            return new Location((String) building, unit == null ? null : ((Number) unit).intValue(), floor(o.getValue("floor"), what),
                    (String) label);
        } catch (FireGridException e) {
            throw bad(e.getMessage() + " (" + what + ")");
        }
    }

    private static Integer floor(Object raw, String what) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Integer || raw instanceof Long) {
            long f = ((Number) raw).longValue();
            if (f == (int) f && Floor.valid((int) f)) {
                return (int) f;
            }
        } else if (raw instanceof String s) {
            var f = Floor.parse(s);
            if (f.isPresent()) {
                return f.get();
            }
        }
        throw bad("floor '" + raw + "' of " + what + " is not " + Floor.expected());
    }

    /**
     * Checks a device's {@code location} and each sensor's (or the device's, when a sensor has none)
     * against the device's site, when the site is known: floors within the site's, a building it has.
     */
    static void check(java.util.Optional<io.firegrid.gateway.place.Site> site, String device, Location location,
                      java.util.List<io.firegrid.gateway.device.Sensor> sensors) {
        site.ifPresent(at -> {
            at.check(location, "device " + device);
            sensors.forEach(sn -> at.check(sn.location().orElse(location), "sensor " + sn.id()));
        });
    }

    /** The parts of {@code l} that are set, as they are registered; {@code null} for none. */
    static JsonObject toJson(Location l) {
        if (l.isEmpty()) {
            return null;
        }
        JsonObject o = new JsonObject();
        if (l.building() != null) {
            o.put("building", l.building());
        }
        if (l.unit() != null) {
            o.put("unit", l.unit());
        }
        if (l.floor() != null) {
            o.put("floor", l.floor());
        }
        if (l.label() != null) {
            o.put("label", l.label());
        }
        return o;
    }

    /** A site body's layout: {@code basementFloors}, {@code buildings}, {@code address}, {@code location}. */
    static SiteLayout layout(JsonObject o) {
        Object basements = o.getValue("basementFloors");
        if (basements != null && !(basements instanceof Integer)) {
            throw FireGridException.badRequest("bad-field", "'basementFloors' must be a whole number from 0 to "
                    + SiteLayout.MAX_BASEMENT_FLOORS);
        }
        Double lat = null;
        Double lon = null;
        if (o.getValue("location") != null) {
            JsonObject at = JsonIo.object(o, "location");
            lat = JsonIo.number(at, "lat", -90, 90);
            lon = JsonIo.number(at, "lon", -180, 180);
        }
        return new SiteLayout((Integer) basements, JsonIo.strings(o, "buildings"), JsonIo.optionalString(o, "address"),
                lat, lon);
    }

    static JsonObject put(JsonObject site, SiteLayout l) {
        return site.put("basementFloors", l.basementFloors()).put("buildings", new JsonArray(l.buildings()))
                .put("address", l.address())
                .put("location", l.lat() == null ? null : new JsonObject().put("lat", l.lat()).put("lon", l.lon()));
    }

    /**
     * {@code handler}, with its location refusals counted in
     * {@code firegrid_refused_total{protocol="http",code="bad-location"}}.
     */
    static Handler<RoutingContext> counted(MeterRegistry meters, Handler<RoutingContext> handler) {
        Counter refused = meters.counter("firegrid.refused", "protocol", "http", "code", "bad-location");
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (FireGridException e) {
                if ("bad-location".equals(e.code())) {
                    refused.increment();
                }
                throw e;
            }
        };
    }

    private static FireGridException bad(String reason) {
        return FireGridException.badRequest("bad-location", reason);
    }
}
